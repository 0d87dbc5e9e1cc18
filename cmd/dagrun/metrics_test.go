package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/server"
)

// seriesPipeline has a composite: it groups its steps and has no series of
// its own, however the pipeline runs.
const seriesPipeline = `
pipeline "series" {}

pipe "first" {
  use   = "value"
  value = 1
}

pipe "group" {
  depends_on = [pipe.first]

  pipe "left" {
    use   = "value"
    value = 2
  }

  pipe "right" {
    use   = "value"
    value = 3
  }
}

pipe "fan" {
  use      = "value"
  for_each = ["a", "b"]
  value    = each.value
}
`

// A run of `apply` and a run under `dagrun serve` (package server) put the
// same series of the pipeline on their registries: the names and labels of
// every dagrun_pipe_* and dagrun_pipeline_* series, values aside.
func TestMetricsSeriesSameUnderApplyAndServe(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "series.hcl")
	if err := os.WriteFile(path, []byte(seriesPipeline), 0o600); err != nil {
		t.Fatal(err)
	}

	// apply --metrics-textfile
	textfile := filepath.Join(dir, "run.prom")
	var out, errOut strings.Builder
	if code := run(t.Context(), []string{"apply", "--state-dir", filepath.Join(dir, "state"), "--metrics-textfile", textfile, path}, strings.NewReader(""), &out, &errOut); code != 0 {
		t.Fatalf("apply: exit %d\n%s%s", code, out.String(), errOut.String())
	}
	f, err := os.Open(textfile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(f)
	if err != nil {
		t.Fatal(err)
	}
	var applied []*dto.MetricFamily
	for _, mf := range fams {
		applied = append(applied, mf)
	}

	// One run of the same pipeline under the server.
	p, err := dagrun.Load(path, dagrun.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New([]*dagrun.Pipeline{p}, server.Options{})
	if err != nil {
		t.Fatal(err)
	}
	info, err := srv.Trigger(p.Name())
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if got, _ := srv.Run(info.ID); got.Status != server.StatusRunning && got.Status != server.StatusQueued {
			if got.Status != "succeeded" {
				t.Fatalf("the server's run: %s", got.Status)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the server's run did not end")
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	served, err := srv.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}

	want, got := seriesOf(applied), seriesOf(served)
	if !slices.Equal(want, got) {
		t.Errorf("series of apply:\n%s\nseries of serve:\n%s", strings.Join(want, "\n"), strings.Join(got, "\n"))
	}
	for _, s := range want {
		if strings.Contains(s, `pipe="group"`) {
			t.Errorf("a composite has a series: %s", s)
		}
	}
	if !slices.Contains(want, `dagrun_pipe_runs_total{pipe="left",pipeline="series",status="succeeded"}`) {
		t.Errorf("no series of a composite's step:\n%s", strings.Join(want, "\n"))
	}
}

// seriesOf names the dagrun_pipe_* and dagrun_pipeline_* series of fams,
// sorted: name{label="value",...}.
func seriesOf(fams []*dto.MetricFamily) []string {
	var out []string
	for _, mf := range fams {
		name := mf.GetName()
		if !strings.HasPrefix(name, "dagrun_pipe_") && !strings.HasPrefix(name, "dagrun_pipeline_") {
			continue
		}
		for _, m := range mf.GetMetric() {
			var labels []string
			for _, l := range m.GetLabel() {
				labels = append(labels, l.GetName()+"="+`"`+l.GetValue()+`"`)
			}
			slices.Sort(labels)
			out = append(out, name+"{"+strings.Join(labels, ",")+"}")
		}
	}
	slices.Sort(out)
	return out
}
