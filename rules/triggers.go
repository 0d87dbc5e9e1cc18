package rules

import (
	"fmt"
	"strings"
)

// TriggerRow is one row of the trigger rules' truth table: the outcomes of a
// pipe's upstreams, and what each rule makes of them. The language reference
// prints the table, and the tests of this package and of the executor hold
// Tally.Decide and a real run to it.
type TriggerRow struct {
	// Upstreams are the upstreams' outcomes: "succeeded", "up_to_date"
	// (counted as succeeded), "failed",
	// "cancelled", "skipped" (by a condition or a trigger rule),
	// "skipped:upstream_failed" (because of a failure further up), or
	// "running" (not done yet).
	Upstreams []string
	// Want is, for each trigger in TriggerNames order, "runs", "waits" (not
	// decided while an upstream runs), or the reason it is skipped.
	Want []string
}

// TriggerTable is the truth table of the trigger rules.
func TriggerTable() []TriggerRow {
	const (
		runs  = "runs"
		waits = "waits"
		uf    = ReasonUpstreamFailed
		us    = ReasonUpstreamSkipped
		tnm   = ReasonTriggerNotMet
	)
	//     all_success all_done none_failed one_failed one_success all_failed none_failed_min_one_success
	row := func(up string, want ...string) TriggerRow {
		var ups []string
		if up != "" {
			ups = strings.Split(up, " ")
		}
		return TriggerRow{Upstreams: ups, Want: want}
	}
	return []TriggerRow{
		row("", runs, runs, runs, runs, runs, runs, runs),
		row("succeeded succeeded", runs, runs, runs, tnm, runs, tnm, runs),
		row("succeeded failed", uf, runs, uf, runs, runs, tnm, uf),
		row("succeeded cancelled", uf, runs, uf, runs, runs, tnm, uf),
		row("succeeded skipped:upstream_failed", uf, runs, uf, runs, runs, tnm, uf),
		row("up_to_date up_to_date", runs, runs, runs, tnm, runs, tnm, runs),
		row("up_to_date failed", uf, runs, uf, runs, runs, tnm, uf),
		row("up_to_date skipped", us, runs, runs, tnm, runs, tnm, runs),
		row("succeeded skipped", us, runs, runs, tnm, runs, tnm, runs),
		row("skipped skipped", us, runs, runs, tnm, us, tnm, us),
		row("failed failed", uf, runs, uf, runs, uf, runs, uf),
		row("failed skipped", uf, runs, uf, runs, uf, tnm, uf),
		row("skipped:upstream_failed skipped:upstream_failed", uf, runs, uf, runs, uf, runs, uf),
		row("succeeded running", waits, waits, waits, waits, runs, tnm, waits),
		row("failed running", uf, waits, uf, runs, waits, waits, uf),
		row("skipped running", waits, waits, waits, waits, waits, tnm, waits),
		row("skipped:upstream_failed running", uf, waits, uf, runs, waits, waits, uf),
	}
}

// Tally counts a row's upstreams that are done, and reports whether some run.
func (r TriggerRow) Tally() (t Tally, pending bool, err error) {
	for _, u := range r.Upstreams {
		status, reason, _ := strings.Cut(u, ":")
		if status == "running" {
			pending = true
			continue
		}
		s, ok := ParseStatus(status)
		if !ok || !s.Done() {
			return Tally{}, false, fmt.Errorf("trigger table: unknown outcome %q", u)
		}
		t.Add(s, reason)
	}
	return t, pending, nil
}
