package hcl

import (
	"testing"
	"time"
	_ "time/tzdata" // timezone tests must not depend on the machine's zoneinfo

	"github.com/google/go-cmp/cmp"
	hcl2 "github.com/hashicorp/hcl/v2"
)

func TestSchedulesDecoded(t *testing.T) {
	p := loadValid(t, "schedules.hcl", testOptions())
	type schedule struct {
		Name     string
		Every    time.Duration
		Cron     string
		Timezone string
		Location string
		Overlap  string
		Line     int
	}
	var got []schedule
	for _, s := range p.Schedules {
		got = append(got, schedule{s.Name, s.Every, s.Cron, s.Timezone, s.Location.String(), s.Overlap, s.DeclRange.Start.Line})
	}
	want := []schedule{
		{"every_5m", 5 * time.Minute, "", "", "UTC", OverlapSkip, 12},
		{"from_var", 90 * time.Second, "", "", "UTC", OverlapQueue, 16},
		{"nightly_berlin", 0, "30 2 * * *", "Europe/Berlin", "Europe/Berlin", OverlapAllow, 21},
		{"hourly", 0, "@hourly", "", "UTC", OverlapSkip, 27},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("schedules (-want +got):\n%s", diff)
	}
}

func TestScheduleFromVar(t *testing.T) {
	opts := testOptions()
	opts.Vars = map[string]string{"interval": "2s"}
	p := loadValid(t, "schedules.hcl", opts)
	if got := p.Schedules[1].Every; got != 2*time.Second {
		t.Errorf("from_var every = %s; want 2s from --var", got)
	}

	opts.Vars = map[string]string{"interval": "2"}
	_, diags := Load("testdata/valid/schedules.hcl", opts)
	if !hasDiag(diags, hcl2.DiagError, "Invalid duration") {
		t.Errorf("every = var.interval with \"2\": want an Invalid duration diagnostic, got %v", diags)
	}
}

func TestCheckCron(t *testing.T) {
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		expr string
		ok   bool
	}{
		{"*/5 * * * *", true},
		{"0 3 * * 1-5", true},
		{"0 0 29 2 *", true}, // leap days exist
		{"@daily", true},
		{"@midnight", true},
		{"@reboot", false},
		{"@every 1m", false},
		{"TZ=UTC * * * * *", false},
		{"* * * *", false},
		{"0 0 31 4 *", false}, // April has 30 days
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			err := checkCron(tt.expr, time.UTC, now)
			if (err == nil) != tt.ok {
				t.Errorf("checkCron(%q) = %v; want ok %v", tt.expr, err, tt.ok)
			}
		})
	}
}
