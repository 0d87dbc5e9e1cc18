package metrics

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"sort"
)

// DashboardQuery is one PromQL query of a Grafana dashboard panel.
type DashboardQuery struct {
	Panel    string // panel title ("annotation: NAME" for an annotation's query)
	RefID    string // query ref id within the panel ("A", "B", ...)
	Expr     string // PromQL, template variables substituted
	Legend   string // the legend format ({{label}} placeholders)
	Instant  bool   // an instant query (stat and bar gauge panels)
	Bars     bool   // drawn as bars, one per interval: the values add up
	Exemplar bool   // the panel shows the exemplars of the query
}

// DashboardVars are the substitutions DashboardQueries makes when the caller
// gives none: every pipeline and pipe (what Grafana's "All" expands to), and
// intervals that suit a Prometheus scraping every few seconds.
func DashboardVars() map[string]string {
	return map[string]string{
		"job":             ".*",
		"instance":        ".*",
		"pipeline":        ".+",
		"pipe":            ".+",
		"dagrun_url":      "http://127.0.0.1:8080",
		"__rate_interval": "1m",
		"__interval":      "15s",
		"__interval_ms":   "15000",
		"__range":         "1h",
		"__range_s":       "3600",
		"__range_ms":      "3600000",
	}
}

// grafanaVar matches the variable syntaxes of Grafana: $name, ${name},
// ${name:format} and [[name]]. Matching the whole identifier keeps $pipe from
// eating the start of $pipeline.
var grafanaVar = regexp.MustCompile(`\$\{(\w+)(?::[^}]*)?\}|\$(\w+)|\[\[(\w+)\]\]`)

// DashboardQueries reads the Grafana dashboard JSON at path and returns the
// PromQL expression of every panel query (rows' nested panels included), in
// panel order, with template variables replaced: vars first, then
// DashboardVars. A variable found in neither is an error, so a query cannot
// reach Prometheus with a $ left in it. Integration tests send each expression to
// a real Prometheus to prove the dashboard works on the metrics dagrun exports.
func DashboardQueries(path string, vars map[string]string) ([]DashboardQuery, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var d struct {
		Panels      []dashboardPanel `json:"panels"`
		Annotations struct {
			List []struct {
				Name string `json:"name"`
				Expr string `json:"expr"`
			} `json:"list"`
		} `json:"annotations"`
	}
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	values := DashboardVars()
	for k, v := range vars {
		values[k] = v
	}
	var out []DashboardQuery
	var walk func([]dashboardPanel) error
	walk = func(panels []dashboardPanel) error {
		for _, p := range panels {
			for _, t := range p.Targets {
				if t.Expr == "" {
					continue
				}
				expr, err := substitute(t.Expr, values)
				if err != nil {
					return fmt.Errorf("%s: panel %q query %s: %w", path, p.Title, t.RefID, err)
				}
				out = append(out, DashboardQuery{Panel: p.Title, RefID: t.RefID, Expr: expr, Legend: t.LegendFormat,
					Instant: t.Instant, Bars: p.FieldConfig.Defaults.Custom.DrawStyle == "bars", Exemplar: t.Exemplar})
			}
			if err := walk(p.Panels); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(d.Panels); err != nil {
		return nil, err
	}
	for _, a := range d.Annotations.List {
		if a.Expr == "" {
			continue
		}
		expr, err := substitute(a.Expr, values)
		if err != nil {
			return nil, fmt.Errorf("%s: annotation %q: %w", path, a.Name, err)
		}
		out = append(out, DashboardQuery{Panel: "annotation: " + a.Name, RefID: "A", Expr: expr})
	}
	return out, nil
}

type dashboardPanel struct {
	Title   string `json:"title"`
	Targets []struct {
		RefID        string `json:"refId"`
		Expr         string `json:"expr"`
		LegendFormat string `json:"legendFormat"`
		Instant      bool   `json:"instant"`
		Exemplar     bool   `json:"exemplar"`
	} `json:"targets"`
	FieldConfig struct {
		Defaults struct {
			Custom struct {
				DrawStyle string `json:"drawStyle"`
			} `json:"custom"`
		} `json:"defaults"`
	} `json:"fieldConfig"`
	Panels []dashboardPanel `json:"panels"` // a collapsed row's panels
}

func substitute(expr string, values map[string]string) (string, error) {
	var missing []string
	out := grafanaVar.ReplaceAllStringFunc(expr, func(m string) string {
		sub := grafanaVar.FindStringSubmatch(m)
		name := sub[1] + sub[2] + sub[3] // exactly one group matched
		v, ok := values[name]
		if !ok {
			missing = append(missing, name)
			return m
		}
		return v
	})
	if len(missing) > 0 {
		sort.Strings(missing)
		return "", fmt.Errorf("no value for template variable(s) %v", missing)
	}
	return out, nil
}
