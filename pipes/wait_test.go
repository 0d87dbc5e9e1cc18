package pipes

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zclconf/go-cty/cty"
)

func TestWaitPolls(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "there"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	var healthy atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !healthy.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	yes, no := true, false
	p := newWaitPipe()
	for _, tc := range []struct {
		name     string
		args     WaitArgs
		before   func()
		ready    bool
		status   cty.Value
		exitCode cty.Value
	}{
		{name: "path there", args: WaitArgs{Path: "there"}, ready: true},
		{name: "path absent", args: WaitArgs{Path: "absent"}},
		{name: "url 503", args: WaitArgs{URL: srv.URL}, status: cty.NumberIntVal(503)},
		{name: "url 200", args: WaitArgs{URL: srv.URL}, before: func() { healthy.Store(true) }, ready: true, status: cty.NumberIntVal(200)},
		{name: "url refused", args: WaitArgs{URL: "http://127.0.0.1:1/"}},
		{name: "command 0", args: WaitArgs{Command: []string{"true"}}, ready: true, exitCode: cty.NumberIntVal(0)},
		{name: "command 1", args: WaitArgs{Command: []string{"false"}}, exitCode: cty.NumberIntVal(1)},
		{name: "expr true", args: WaitArgs{Expr: &yes}, ready: true},
		{name: "expr false", args: WaitArgs{Expr: &no}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.before != nil {
				tc.before()
			}
			tc.args.Interval, tc.args.Deadline, tc.args.OnDeadline = "2s", "1m", "skip"
			out, err := p.run(t.Context(), &tc.args, Runtime{Dir: dir})
			ny, notYet := AsNotYet(err)
			switch {
			case tc.ready && err != nil:
				t.Fatalf("err %v, want the condition to hold", err)
			case !tc.ready && !notYet:
				t.Fatalf("err %v, want NotYet", err)
			case notYet && (ny.Interval != 2*time.Second || ny.Deadline != time.Minute || !ny.SkipAtDeadline):
				t.Errorf("NotYet %+v: want interval 2s, deadline 1m, skip", ny)
			}
			if tc.status == cty.NilVal {
				tc.status = cty.NullVal(cty.Number)
			}
			if tc.exitCode == cty.NilVal {
				tc.exitCode = cty.NullVal(cty.Number)
			}
			if got := out.GetAttr("status"); !got.RawEquals(tc.status) {
				t.Errorf("status %#v, want %#v", got, tc.status)
			}
			if got := out.GetAttr("exit_code"); !got.RawEquals(tc.exitCode) {
				t.Errorf("exit_code %#v, want %#v", got, tc.exitCode)
			}
		})
	}
}

func TestWaitDefaults(t *testing.T) {
	_, err := newWaitPipe().run(t.Context(), &WaitArgs{Path: "absent"}, Runtime{Dir: t.TempDir()})
	ny, ok := AsNotYet(err)
	if !ok || ny.Interval != DefaultWaitInterval || ny.Deadline != DefaultWaitDeadline || ny.SkipAtDeadline {
		t.Fatalf("err %v (%+v): want NotYet with interval 10s, deadline 1h, fail", err, ny)
	}
}

// A command that cannot run fails the attempt (for good): it is not a
// condition that does not hold yet.
func TestWaitCommandNotFound(t *testing.T) {
	_, err := newWaitPipe().run(t.Context(), &WaitArgs{Command: []string{"dagrun-no-such-program"}}, Runtime{Dir: t.TempDir()})
	if _, notYet := AsNotYet(err); err == nil || notYet || !IsPermanent(err) {
		t.Fatalf("err %v: want a permanent failure", err)
	}
}

func TestWaitCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := newWaitPipe().run(ctx, &WaitArgs{Command: []string{"sleep", "5"}}, Runtime{Dir: t.TempDir()})
	if _, notYet := AsNotYet(err); err == nil || notYet {
		t.Fatalf("err %v: want the cancellation", err)
	}
}

func TestCheckWait(t *testing.T) {
	yes := true
	for _, tc := range []struct {
		name string
		args WaitArgs
		arg  string // "" when valid
	}{
		{"path", WaitArgs{Path: "x"}, ""},
		{"none", WaitArgs{}, "path"},
		{"two", WaitArgs{Path: "x", URL: "http://127.0.0.1/"}, "url"},
		{"expr and command", WaitArgs{Command: []string{"true"}, Expr: &yes}, "expr"},
		{"url scheme", WaitArgs{URL: "file:///etc/passwd"}, "url"},
		{"empty command", WaitArgs{Command: []string{}}, "command"},
		{"interval", WaitArgs{Path: "x", Interval: "0s"}, "interval"},
		{"deadline", WaitArgs{Path: "x", Deadline: "soon"}, "deadline"},
		{"on_deadline", WaitArgs{Path: "x", OnDeadline: "retry"}, "on_deadline"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := checkWait(&tc.args)
			errs := ArgErrors(err)
			if tc.arg == "" {
				if err != nil {
					t.Fatalf("err %v, want none", err)
				}
				return
			}
			if len(errs) != 1 || errs[0].Arg != tc.arg {
				t.Fatalf("err %v, want one error of %s", err, tc.arg)
			}
		})
	}
}
