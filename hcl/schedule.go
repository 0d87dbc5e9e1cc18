package hcl

import (
	"fmt"
	"slices"
	"strings"
	"time"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/robfig/cron/v3"
)

// Schedule is one `schedule` block: when `dagrun serve` starts a run of the
// pipeline. `apply` ignores schedules. Exactly one of Every and Cron is set.
type Schedule struct {
	Name string
	// Every is the interval of an `every` schedule; 0 for a cron schedule.
	Every time.Duration
	// Cron is the 5-field cron expression (or descriptor such as "@daily") of a
	// cron schedule; "" for an `every` schedule.
	Cron string
	// Timezone is the `timezone` argument as written ("" when not set) and
	// Location the zone it names; a cron expression is read in Location, which
	// is UTC unless the block says otherwise.
	Timezone string
	Location *time.Location
	// Overlap says what a tick does while a run of the pipeline is still going:
	// "skip" (the default), "queue" or "allow".
	Overlap string
	// DeclRange is the range of the block header (`schedule "name"`).
	DeclRange hcl2.Range
}

// Overlap policies of a schedule.
const (
	OverlapSkip  = "skip"
	OverlapQueue = "queue"
	OverlapAllow = "allow"
)

var overlapNames = []string{OverlapSkip, OverlapQueue, OverlapAllow}

// minEvery is the shortest `every`: a shorter interval is almost surely a
// mistake (a missing unit), and a run per second is already a busy loop.
const minEvery = time.Second

var scheduleAttrs = []attrSpec{
	{Name: "every", Type: "duration", Doc: "Interval between runs, at least `\"1s\"`. The first run is one interval after `dagrun serve` starts; ticks follow at whole multiples of the interval from then on. Exactly one of `every` and `cron`."},
	{Name: "cron", Type: "string", Doc: "Standard 5-field cron expression (minute hour day-of-month month day-of-week, like `\"*/5 * * * *\"`) or a descriptor: `@yearly`, `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly`. Exactly one of `every` and `cron`."},
	{Name: "timezone", Type: "string", Default: `"UTC"`, Doc: "IANA time zone the cron expression is read in, like `\"Europe/Berlin\"`; `\"Local\"` is the zone of the machine. Only with `cron`."},
	{Name: "overlap", Type: "string", Default: `"skip"`, Doc: "What a tick does while a run of the pipeline is still going: `\"skip\"`: nothing (counted in `dagrun_schedule_ticks_total{result=\"skipped_overlap\"}`); `\"queue\"`: start one run when the running ones end (at most one waits; further ticks are skipped); `\"allow\"`: start another run at once."},
}

const scheduleDoc = "When `dagrun serve` runs the pipeline; `apply` ignores schedules. Any number of `schedule` blocks; the label names the schedule in metrics and in the API. A tick that comes while the process was not able to fire it (a suspended machine) fires once, late, and the schedule goes on from the current time. See docs/serve.md."

// decodeSchedules decodes the `schedule` blocks into Pipeline.Schedules.
// Values may use variables and locals, not pipes: they are needed before any
// run.
func (l *loader) decodeSchedules(blocks []*hcl2.Block) {
	seen := map[string]hcl2.Range{}
	for _, b := range blocks {
		name := b.Labels[0]
		content, diags := b.Body.Content(scheduleSpec.schema())
		l.diags = append(l.diags, diags...)
		if !validIdentifier(name) {
			l.diags = append(l.diags, errorDiag("Invalid schedule name",
				fmt.Sprintf("%q is not a valid name: use letters, digits, underscores and dashes, starting with a letter.", name), b.LabelRanges[0]))
			continue
		}
		if first, dup := seen[name]; dup {
			l.diags = append(l.diags, errorDiag("Duplicate schedule",
				fmt.Sprintf("Schedule %q is already declared at %s.", name, rangeString(first)), b.DefRange))
			continue
		}
		seen[name] = b.DefRange
		s := &Schedule{Name: name, Overlap: OverlapSkip, Location: time.UTC, DeclRange: b.DefRange}
		ok := l.decodeScheduleTiming(s, b, content.Attributes)
		if a := content.Attributes["overlap"]; a != nil {
			if v, vok := l.loadString(a, "overlap"); vok {
				if slices.Contains(overlapNames, v) {
					s.Overlap = v
				} else {
					l.diags = append(l.diags, errorDiag("Invalid overlap",
						fmt.Sprintf("overlap must be \"skip\", \"queue\" or \"allow\"; got %q.%s", v, didYouMean(v, overlapNames)), a.Expr.Range()))
					ok = false
				}
			} else {
				ok = false
			}
		}
		if ok {
			l.p.Schedules = append(l.p.Schedules, s)
		}
	}
}

// decodeScheduleTiming reads every, cron and timezone into s; it reports
// whether they are all valid.
func (l *loader) decodeScheduleTiming(s *Schedule, b *hcl2.Block, attrs hcl2.Attributes) bool {
	every, cronAttr, tz := attrs["every"], attrs["cron"], attrs["timezone"]
	switch {
	case every != nil && cronAttr != nil:
		second := cronAttr
		if every.Range.Start.Byte > cronAttr.Range.Start.Byte {
			second = every
		}
		l.diags = append(l.diags, &hcl2.Diagnostic{
			Severity: hcl2.DiagError,
			Summary:  "Conflicting schedule arguments",
			Detail:   fmt.Sprintf("Schedule %q sets both every and cron: a schedule is either an interval or a cron expression. Remove one of them.", s.Name),
			Subject:  second.NameRange.Ptr(),
			Context:  hcl2.RangeBetween(every.Range, cronAttr.Range).Ptr(),
		})
		return false
	case every == nil && cronAttr == nil:
		l.diags = append(l.diags, errorDiag("Missing every or cron",
			fmt.Sprintf("Schedule %q needs when to run: every = \"5m\" for an interval, or cron = \"*/5 * * * *\".", s.Name), b.DefRange))
		return false
	}

	ok := true
	if tz != nil {
		if every != nil {
			l.diags = append(l.diags, errorDiag("Invalid timezone",
				"timezone applies only to a cron schedule: an every schedule counts intervals from the start of dagrun serve, whatever the zone. Remove timezone.", tz.NameRange))
			ok = false
		} else if name, vok := l.loadString(tz, "timezone"); !vok {
			ok = false
		} else if loc, err := loadLocation(name); err != nil {
			l.diags = append(l.diags, errorDiag("Invalid timezone",
				fmt.Sprintf("timezone must be an IANA time zone name like \"Europe/Berlin\" or \"UTC\": %s.", err), tz.Expr.Range()))
			ok = false
		} else {
			s.Timezone, s.Location = name, loc
		}
	}

	if every != nil {
		d, vok := l.loadDuration(every, "every")
		switch {
		case !vok:
			return false
		case d < minEvery:
			l.diags = append(l.diags, errorDiag("Invalid every",
				fmt.Sprintf("every must be at least %s; got %s.", minEvery, d), every.Expr.Range()))
			return false
		}
		s.Every = d
		return ok
	}

	expr, vok := l.loadString(cronAttr, "cron")
	if !vok {
		return false
	}
	if err := checkCron(expr, s.Location, l.opts.Now()); err != nil {
		l.diags = append(l.diags, errorDiag("Invalid cron expression",
			fmt.Sprintf("%s.", err), cronAttr.Expr.Range()))
		return false
	}
	s.Cron = expr
	return ok
}

// loadLocation is time.LoadLocation without its "" meaning UTC: an empty
// timezone is a mistake, not a choice.
func loadLocation(name string) (*time.Location, error) {
	if strings.TrimSpace(name) == "" {
		return nil, fmt.Errorf("got an empty string")
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("%q is not one", name)
	}
	return loc, nil
}

// checkCron parses a cron expression as `dagrun serve` will (the standard
// 5-field syntax and descriptors of github.com/robfig/cron/v3) and checks that
// it fires at all.
func checkCron(expr string, loc *time.Location, now time.Time) error {
	trimmed := strings.TrimSpace(expr)
	switch {
	case strings.HasPrefix(trimmed, "TZ=") || strings.HasPrefix(trimmed, "CRON_TZ="):
		return fmt.Errorf("%q names its time zone inside the expression; set the timezone argument instead", expr)
	case strings.HasPrefix(trimmed, "@every"):
		return fmt.Errorf("%q is an interval; write every = %q instead of cron", expr, strings.TrimSpace(strings.TrimPrefix(trimmed, "@every")))
	}
	sched, err := cron.ParseStandard(expr)
	if err != nil {
		return fmt.Errorf("%q is not a 5-field cron expression (minute hour day-of-month month day-of-week) or a descriptor like @daily: %s", expr, err)
	}
	// robfig/cron gives up (zero time) after five years without a match, as
	// for "0 0 30 2 *" (February 30th).
	if sched.Next(now.In(loc)).IsZero() {
		return fmt.Errorf("%q never fires: no date matches it", expr)
	}
	return nil
}
