package metrics_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/dagrun/dagrun/metrics"
)

var dashboardPath = filepath.Join("..", "examples", "grafana", "dashboards", "dagrun.json")

func TestDashboardQueries(t *testing.T) {
	qs, err := metrics.DashboardQueries(dashboardPath, map[string]string{"pipeline": "tickets"})
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) < 9 {
		t.Fatalf("got %d queries, want at least one per required panel", len(qs))
	}
	known := metrics.MetricNames()
	metricRef := regexp.MustCompile(`dagrun_\w+`)
	used := map[string]bool{}
	for _, q := range qs {
		if strings.Contains(q.Expr, "$") {
			t.Errorf("%s/%s: variable left in %q", q.Panel, q.RefID, q.Expr)
		}
		if !strings.Contains(q.Expr, `pipeline=~"tickets"`) {
			t.Errorf("%s/%s: the pipeline variable was not applied: %q", q.Panel, q.RefID, q.Expr)
		}
		for _, name := range metricRef.FindAllString(q.Expr, -1) {
			base := strings.TrimSuffix(name, "_bucket")
			if !slices.Contains(known, base) {
				t.Errorf("%s/%s: unknown metric %s", q.Panel, q.RefID, name)
			}
			used[base] = true
		}
	}
	// Everything but build info is on the dashboard.
	for _, name := range known {
		if name != metrics.BuildInfo && !used[name] {
			t.Errorf("no panel shows %s", name)
		}
	}
}

func TestDashboardQueriesSubstitution(t *testing.T) {
	dir := t.TempDir()
	write := func(expr string) string {
		p := filepath.Join(dir, "d.json")
		js := `{"panels":[{"title":"row","type":"row","panels":[{"title":"x","targets":[{"refId":"A","expr":` + quote(expr) + `}]}]}]}`
		if err := os.WriteFile(p, []byte(js), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct{ in, want string }{
		{`m{pipe=~"$pipe", pipeline=~"$pipeline"}`, `m{pipe=~"p1", pipeline=~"pl"}`},
		{`rate(m[$__rate_interval])`, `rate(m[1m])`},
		{`increase(m[${__range}])`, `increase(m[1h])`},
		{`m{pipe=~"${pipe:regex}"}`, `m{pipe=~"p1"}`},
		{`m{pipe=~"[[pipe]]"}`, `m{pipe=~"p1"}`},
		{`m[1m]`, `m[1m]`},
	} {
		qs, err := metrics.DashboardQueries(write(tc.in), map[string]string{"pipe": "p1", "pipeline": "pl"})
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		if len(qs) != 1 || qs[0].Expr != tc.want || qs[0].Panel != "x" {
			t.Errorf("%q: got %+v, want one query %q of panel x", tc.in, qs, tc.want)
		}
	}
	if _, err := metrics.DashboardQueries(write(`m{x="$undefined"}`), nil); err == nil || !strings.Contains(err.Error(), "undefined") {
		t.Errorf("undefined variable: err = %v, want one naming it", err)
	}
}

func quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `"` + r.Replace(s) + `"`
}
