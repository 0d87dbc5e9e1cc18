package dagrun_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/executor"
)

func TestPlanOfHCL(t *testing.T) {
	p := loadHCL(t, `
pipeline "planned" {
  parallelism = 3
  timeout     = "1h"
  on_failure  = "fail_fast"
}

variable "token" {
  default   = "s3cr3t"
  sensitive = true
}

pool "api" {
  size = 2
}

pipe "fetch" {
  use         = "exec"
  command     = ["curl",
                 "-s"]
  retries     = 2
  retry_delay = "2s"
  timeout     = "30s"
  pool        = "api"
  description = "gets it"
}

pipe "use" {
  use     = "exec"
  trigger = "all_done"
  if      = pipe.fetch.status == "succeeded"
  command = ["echo", pipe.fetch.output.stdout]
  env     = { TOKEN = var.token }
}

pipe "route" {
  for_each = toset(["a", "b"])
  depends_on = [pipe.use]

  pipe "store" {
    use   = "value"
    value = each.key
  }
}
`, dagrun.LoadOptions{})
	pl, err := p.Plan()
	if err != nil {
		t.Fatal(err)
	}
	want := dagrun.Plan{Pipeline: "planned", Parallelism: 3, FailFast: true, Timeout: time.Hour, Levels: 3}
	if diff := cmp.Diff(want, dagrun.Plan{Pipeline: pl.Pipeline, Parallelism: pl.Parallelism, FailFast: pl.FailFast, Timeout: pl.Timeout, Levels: pl.Levels}); diff != "" {
		t.Errorf("plan (-want +got):\n%s", diff)
	}
	type row struct {
		ID, Path, Type, Trigger, InstanceOf string
		Level                               int
		DependsOn                           []string
		Condition                           bool
	}
	var rows []row
	for _, pp := range pl.Pipes {
		rows = append(rows, row{pp.ID, pp.Path, pp.Type, pp.Trigger.String(), pp.InstanceOf, pp.Level, pp.DependsOn, pp.Condition})
	}
	wantRows := []row{
		{"fetch", "fetch", "exec", "all_success", "", 0, []string{}, false},
		{"use", "use", "exec", "all_done", "", 1, []string{"fetch"}, true},
		{"route", "route", "composite", "all_success", "", 2, []string{"use"}, false},
		{"store", "route.store", "value", "all_success", "route", 2, []string{"route"}, false},
	}
	if diff := cmp.Diff(wantRows, rows); diff != "" {
		t.Errorf("pipes (-want +got):\n%s", diff)
	}

	fetch, use, route := pl.Pipes[0], pl.Pipes[1], pl.Pipes[2]
	if fetch.Retry.Retries != 2 || fetch.Retry.Delay != 2*time.Second || fetch.Timeout != 30*time.Second || fetch.Pool != "api" || fetch.Description != "gets it" {
		t.Errorf("fetch's policies: %+v", fetch)
	}
	// Arguments: the expression as written, and the value when it is known
	// before the run; nothing of a sensitive one.
	ctyValues := cmp.Comparer(func(a, b cty.Value) bool {
		if a == cty.NilVal || b == cty.NilVal {
			return a == b
		}
		return a.RawEquals(b)
	})
	wantArgs := []dagrun.PlannedArg{{Name: "command", Expression: "[\"curl\",\n                 \"-s\"]",
		Value: cty.TupleVal([]cty.Value{cty.StringVal("curl"), cty.StringVal("-s")})}}
	if diff := cmp.Diff(wantArgs, fetch.Args, ctyValues); diff != "" {
		t.Errorf("fetch's args (-want +got):\n%s", diff)
	}
	wantArgs = []dagrun.PlannedArg{
		{Name: "command", Expression: `["echo", pipe.fetch.output.stdout]`, KnownAfterApply: true},
		{Name: "env", Sensitive: true},
	}
	if diff := cmp.Diff(wantArgs, use.Args, ctyValues); diff != "" {
		t.Errorf("use's args (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(&dagrun.PlannedForEach{Expression: `toset(["a", "b"])`, Keys: []string{"a", "b"}}, route.ForEach); diff != "" {
		t.Errorf("route's for_each (-want +got):\n%s", diff)
	}
}

func TestPlanOfGoPipeline(t *testing.T) {
	nop := func(context.Context, dagrun.Inputs) (any, error) { return nil, nil }
	p := dagrun.New("go").
		Add("b", nop, dagrun.DependsOn("a"), dagrun.Retries(2, time.Second), dagrun.InPool("db"), dagrun.WithTrigger(dagrun.AllDone)).
		Add("a", nop, dagrun.Timeout(time.Minute))
	pl, err := p.Plan()
	if err != nil {
		t.Fatal(err)
	}
	want := &dagrun.Plan{Pipeline: "go", Levels: 2, Pipes: []dagrun.PlannedPipe{
		{ID: "a", Path: "a", DependsOn: []string{}, Timeout: time.Minute},
		{ID: "b", Path: "b", Level: 1, DependsOn: []string{"a"}, Trigger: dagrun.AllDone, Pool: "db",
			Retry: executor.RetryPolicy{Retries: 2, Delay: time.Second, Backoff: 1}},
	}}
	if diff := cmp.Diff(want, pl); diff != "" {
		t.Errorf("plan (-want +got):\n%s", diff)
	}

	// A graph that cannot run has no plan.
	if _, err := dagrun.New("bad").Add("x", nop, dagrun.DependsOn("nowhere")).Plan(); err == nil {
		t.Error("a plan of a pipe depending on no pipe")
	}
}
