package state

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// The hand-written encoding decodes to the record it was given, as the
// encoding/json one does, for every field and awkward strings.
func TestRecordEncodingMatchesEncodingJSON(t *testing.T) {
	strs := []string{"", "plain", `quo"te\back`, "tab\tnl\ncr\r", "\x00\x01\x1f\x7f", "<html>&amp;",
		"héllo wörld ✓", "bad \xff\xfe utf8 \xe2\x82", "line\u2028sep\u2029", "emoji 🎉"}
	floats := []float64{0, 1, 0.5, 1e-7, 123456.789, 1e21, 3e-9, -2.5, math.SmallestNonzeroFloat64, math.MaxFloat64}
	t0 := time.Date(2026, 11, 25, 20, 1, 2, 345678901, time.UTC)
	var recs []Record
	for i, s := range strs {
		recs = append(recs, Record{
			Time: t0.Add(time.Duration(i) * time.Second), Type: RecordPipeFinished, Pipe: s, Series: s, Key: s,
			Attempt: i, MaxAttempts: -i, Result: s, Status: s, Reason: s, Delay: floats[i%len(floats)],
			Duration: floats[(i+3)%len(floats)], Error: s, Reused: i%2 == 0, Output: i%3 == 0, OutputError: s,
		})
	}
	recs = append(recs, Record{Type: RecordRunStarted}, Record{Time: t0.In(time.FixedZone("x", 3600)), Type: RecordRetrying})
	for _, rec := range recs {
		got := rec.appendJSON(nil)
		want, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		var fromGot, fromWant Record
		if err := json.Unmarshal(got, &fromGot); err != nil {
			t.Fatalf("%s: %v", got, err)
		}
		if err := json.Unmarshal(want, &fromWant); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(fromWant, fromGot); diff != "" {
			t.Errorf("decoded (-encoding/json +hand):\n%s\nhand: %s\njson: %s", diff, got, want)
		}
		var a, b map[string]any
		_ = json.Unmarshal(got, &a)
		_ = json.Unmarshal(want, &b)
		if diff := cmp.Diff(b, a); diff != "" {
			t.Errorf("fields (-encoding/json +hand):\n%s", diff)
		}
	}
}

func FuzzJSONString(f *testing.F) {
	for _, s := range []string{"", "a\"b", "\xff", "\u2028", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var got, want string
		if err := json.Unmarshal(appendJSONString(nil, s), &got); err != nil {
			t.Fatalf("%q: %v", appendJSONString(nil, s), err)
		}
		b, _ := json.Marshal(s)
		_ = json.Unmarshal(b, &want)
		if got != want {
			t.Errorf("%q: decoded %q, encoding/json's decodes to %q", s, got, want)
		}
	})
}
