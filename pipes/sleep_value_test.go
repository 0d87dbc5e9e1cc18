package pipes

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"
)

func TestSleep(t *testing.T) {
	tests := []struct {
		duration string
		want     string
	}{
		{"0s", "0s"},
		{"1ms", "1ms"},
		{"0.002s", "2ms"},
	}
	for _, tt := range tests {
		t.Run(tt.duration, func(t *testing.T) {
			got, err := runBuiltin(context.Background(), t, Builtins(), "sleep", &SleepArgs{Duration: tt.duration}, Runtime{})
			if err != nil {
				t.Fatal(err)
			}
			if d := diffCty(cty.ObjectVal(map[string]cty.Value{"slept": cty.StringVal(tt.want)}), got); d != "" {
				t.Errorf("output (-want +got):\n%s", d)
			}
		})
	}
}

func TestSleepHonorsContext(t *testing.T) {
	for _, tt := range []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
		want error
	}{
		{"cancel", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			go func() {
				time.Sleep(10 * time.Millisecond)
				cancel()
			}()
			return ctx, cancel
		}, context.Canceled},
		{"timeout", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 10*time.Millisecond)
		}, context.DeadlineExceeded},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := tt.ctx()
			defer cancel()
			_, err := runBuiltin(ctx, t, Builtins(), "sleep", &SleepArgs{Duration: "1h"}, Runtime{})
			if !errors.Is(err, tt.want) || IsPermanent(err) {
				t.Fatalf("err = %v, want %v, not permanent", err, tt.want)
			}
		})
	}
}

func TestSleepBadDuration(t *testing.T) {
	typ, _ := Builtins().Lookup("sleep")
	for _, d := range []string{"", "5", "soon", "-1s"} {
		t.Run(d, func(t *testing.T) {
			_, err := typ.Run(context.Background(), &SleepArgs{Duration: d}, Runtime{})
			if !IsPermanent(err) {
				t.Fatalf("err = %v, want a permanent error", err)
			}
			if diff := cmp.Diff([]string{"duration"}, argNames(Validate(typ, &SleepArgs{Duration: d}))); diff != "" {
				t.Errorf("Validate (-want +got):\n%s", diff)
			}
		})
	}
}

func TestValue(t *testing.T) {
	tests := []struct {
		name string
		v    cty.Value
	}{
		{"string", cty.StringVal("x")},
		{"number", cty.NumberIntVal(42)},
		{"object", cty.ObjectVal(map[string]cty.Value{
			"a": cty.ListVal([]cty.Value{cty.True}),
			"b": cty.MapValEmpty(cty.String),
		})},
		{"null", cty.NullVal(cty.DynamicPseudoType)},
		{"typed null", cty.NullVal(cty.String)},
		{"sensitive", cty.StringVal("secret").Mark("sensitive")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := runBuiltin(context.Background(), t, Builtins(), "value", &ValueArgs{Value: tt.v}, Runtime{})
			if err != nil {
				t.Fatal(err)
			}
			if d := diffCty(tt.v, got); d != "" {
				t.Errorf("output (-want +got):\n%s", d)
			}
		})
	}
}

func TestValueNotUsable(t *testing.T) {
	typ, _ := Builtins().Lookup("value")
	for _, tt := range []struct {
		name string
		v    cty.Value
	}{
		{"not set", cty.NilVal},
		{"unknown", cty.UnknownVal(cty.String)},
		{"partly unknown", cty.ListVal([]cty.Value{cty.UnknownVal(cty.String)})},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := typ.Run(context.Background(), &ValueArgs{Value: tt.v}, Runtime{})
			if !IsPermanent(err) {
				t.Fatalf("err = %v, want a permanent error", err)
			}
			if d := cmp.Diff([]string{"value"}, argNames(err)); d != "" {
				t.Errorf("arguments (-want +got):\n%s", d)
			}
		})
	}
}
