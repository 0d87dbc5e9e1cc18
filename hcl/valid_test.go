package hcl

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"

	"github.com/dagrun/dagrun/pipes"
)

// flakyArgs are the arguments of the test type "flaky".
type flakyArgs struct {
	Message string `hcl:"message,optional"`
}

// testTypes is the built-in registry plus "flaky", a type with its own retry
// defaults (7 retries, 1s).
func testTypes(t testing.TB) *pipes.Registry {
	t.Helper()
	reg := pipes.Builtins()
	err := pipes.Register(reg, "flaky", func(context.Context, *flakyArgs, pipes.Runtime) (cty.Value, error) {
		return cty.NilVal, nil
	}, pipes.WithRetries(7), pipes.WithRetryDelay(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

type pipelineSummary struct {
	Name        string
	Parallelism int
	FailFast    bool
	Timeout     time.Duration
	Pools       map[string]int
	Pipes       []pipeSummary
}

type pipeSummary struct {
	ID, Path, Parent      string
	Steps                 []string
	Composite, Sequential bool
	Type                  string
	Deps                  []string
	Trigger               string
	HasCondition          bool
	Retry                 RetrySettings
	Timeout               time.Duration
	Pool                  string
	Description           string
}

func summarize(p *Pipeline) pipelineSummary {
	s := pipelineSummary{Name: p.Name, Parallelism: p.Parallelism, FailFast: p.FailFast, Timeout: p.Timeout, Pools: p.Pools}
	for _, pp := range p.Pipes {
		ps := pipeSummary{
			ID: pp.ID, Path: pp.Path, Parent: pp.Parent, Steps: pp.Steps,
			Composite: pp.Composite, Sequential: pp.Sequential, Deps: pp.Deps,
			Trigger: pp.Trigger, HasCondition: pp.HasCondition, Retry: pp.Retry,
			Timeout: pp.Timeout, Pool: pp.Pool, Description: pp.Description,
		}
		if pp.Type != nil {
			ps.Type = pp.Type.Name
		}
		s.Pipes = append(s.Pipes, ps)
	}
	return s
}

// seed is the retry policy of a pipe nothing configures.
var seed = RetrySettings{Retries: 2, Delay: 30 * time.Second, Backoff: 1, MaxDelay: 10 * time.Minute}

func retry(retries int, delay time.Duration, backoff float64, maxDelay time.Duration, jitter float64) RetrySettings {
	return RetrySettings{Retries: retries, Delay: delay, Backoff: backoff, MaxDelay: maxDelay, Jitter: jitter}
}

const (
	all     = "all_success"
	allDone = "all_done"
)

var validWant = map[string]pipelineSummary{
	"spec_example.hcl": {
		Name: "ticket_routing", Parallelism: 8, Timeout: time.Hour, Pools: map[string]int{"ticket_api": 2},
		Pipes: []pipeSummary{
			{ID: "fetch", Path: "fetch", Type: "http", Trigger: all, Retry: retry(5, 2*time.Second, 2, 10*time.Minute, 0), Timeout: 30 * time.Second, Pool: "ticket_api"},
			{ID: "classify", Path: "classify", Type: "exec", Deps: []string{"fetch"}, Trigger: all, HasCondition: true, Retry: seed},
			{ID: "notify_failure", Path: "notify_failure", Type: "exec", Deps: []string{"classify"}, Trigger: "one_failed", Retry: seed},
			{ID: "routing", Path: "routing", Steps: []string{"load", "store"}, Composite: true, Sequential: true, Trigger: all, Retry: retry(3, 30*time.Second, 1, 10*time.Minute, 0)},
			{ID: "load", Path: "routing.load", Parent: "routing", Type: "exec", Deps: []string{"routing"}, Trigger: all, Retry: retry(3, 30*time.Second, 1, 10*time.Minute, 0)},
			{ID: "store", Path: "routing.store", Parent: "routing", Type: "exec", Deps: []string{"routing", "load"}, Trigger: all, Retry: retry(3, 30*time.Second, 1, 10*time.Minute, 0)},
		},
	},
	"composites.hcl": {
		Name: "composites", Parallelism: 10, FailFast: true, Pools: map[string]int{"db": 1},
		Pipes: []pipeSummary{
			{ID: "prepare", Path: "prepare", Type: "value", Trigger: all, Retry: seed},
			{ID: "etl", Path: "etl", Steps: []string{"extract", "tl"}, Composite: true, Deps: []string{"prepare"}, Trigger: all, Retry: seed, Timeout: 5 * time.Minute, Pool: "db", Description: "extract, then transform and load"},
			{ID: "extract", Path: "etl.extract", Parent: "etl", Type: "exec", Deps: []string{"etl"}, Trigger: all, Retry: seed, Timeout: 5 * time.Minute, Pool: "db"},
			{ID: "tl", Path: "etl.tl", Parent: "etl", Steps: []string{"transform", "load", "verify"}, Composite: true, Sequential: true, Deps: []string{"etl"}, Trigger: all, Retry: retry(1, 30*time.Second, 1, 10*time.Minute, 0), Timeout: 5 * time.Minute, Pool: "db"},
			{ID: "transform", Path: "etl.tl.transform", Parent: "tl", Type: "exec", Deps: []string{"tl", "extract"}, Trigger: all, Retry: retry(1, 30*time.Second, 1, 10*time.Minute, 0), Timeout: 5 * time.Minute, Pool: "db"},
			{ID: "load", Path: "etl.tl.load", Parent: "tl", Type: "exec", Deps: []string{"tl", "transform"}, Trigger: all, Retry: retry(4, 30*time.Second, 1, 10*time.Minute, 0), Timeout: 5 * time.Minute, Pool: "db"},
			{ID: "verify", Path: "etl.tl.verify", Parent: "tl", Type: "exec", Deps: []string{"tl", "load"}, Trigger: all, Retry: retry(1, 30*time.Second, 1, 10*time.Minute, 0), Timeout: 5 * time.Minute, Pool: "db"},
			{ID: "report", Path: "report", Type: "value", Deps: []string{"extract", "transform", "load", "verify"}, Trigger: all, Retry: seed},
			{ID: "cleanup", Path: "cleanup", Type: "exec", Deps: []string{"transform", "load", "verify", "prepare"}, Trigger: allDone, Retry: seed},
		},
	},
	"precedence.hcl": {
		Name: "precedence", Parallelism: 10, Pools: map[string]int{},
		Pipes: []pipeSummary{
			{ID: "by_type", Path: "by_type", Type: "flaky", Trigger: all, Retry: retry(7, time.Second, 3, time.Minute, 0), Timeout: 10 * time.Second},
			{ID: "by_defaults", Path: "by_defaults", Type: "sleep", Trigger: all, Retry: retry(2, 30*time.Second, 3, time.Minute, 0), Timeout: 10 * time.Second},
			{ID: "own", Path: "own", Type: "flaky", Trigger: all, Retry: retry(0, 250*time.Millisecond, 3, time.Minute, 0.25)},
			{ID: "outer", Path: "outer", Steps: []string{"inner"}, Composite: true, Trigger: all, Retry: retry(9, 3*time.Second, 3, time.Minute, 0), Timeout: 10 * time.Second},
			{ID: "inner", Path: "outer.inner", Parent: "outer", Steps: []string{"leaf", "leaf_own"}, Composite: true, Deps: []string{"outer"}, Trigger: all, Retry: retry(9, 4*time.Second, 3, time.Minute, 0), Timeout: 10 * time.Second},
			{ID: "leaf", Path: "outer.inner.leaf", Parent: "inner", Type: "flaky", Deps: []string{"inner"}, Trigger: all, Retry: retry(9, 4*time.Second, 3, time.Minute, 0), Timeout: 10 * time.Second},
			{ID: "leaf_own", Path: "outer.inner.leaf_own", Parent: "inner", Type: "flaky", Deps: []string{"inner"}, Trigger: all, Retry: retry(1, 4*time.Second, 3, time.Minute, 0), Timeout: 10 * time.Second},
			{ID: "explicit", Path: "explicit", Steps: []string{"takes_them", "own_delay"}, Composite: true, Trigger: all, Retry: delays(retry(2, 30*time.Second, 3, time.Minute, 0), time.Second, 10*time.Second), Timeout: 10 * time.Second},
			{ID: "takes_them", Path: "explicit.takes_them", Parent: "explicit", Type: "flaky", Deps: []string{"explicit"}, Trigger: all, Retry: delays(retry(7, time.Second, 3, time.Minute, 0), time.Second, 10*time.Second), Timeout: 10 * time.Second},
			{ID: "own_delay", Path: "explicit.own_delay", Parent: "explicit", Type: "flaky", Deps: []string{"explicit"}, Trigger: all, Retry: retry(7, 2*time.Second, 3, time.Minute, 0), Timeout: 10 * time.Second},
		},
	},
	"variables.hcl": {
		Name: "variables", Parallelism: 10, Pools: map[string]int{},
		Pipes: []pipeSummary{
			{ID: "call", Path: "call", Type: "http", Trigger: all, Retry: seed},
			{ID: "count", Path: "count", Type: "exec", Trigger: all, Retry: seed},
		},
	},
	"schedules.hcl": {
		Name: "schedules", Parallelism: 10, Pools: map[string]int{},
		Pipes: []pipeSummary{{ID: "report", Path: "report", Type: "exec", Trigger: all, Retry: seed}},
	},
	"for_each.hcl": {
		Name: "for_each", Parallelism: 10, Pools: map[string]int{},
		Pipes: []pipeSummary{
			{ID: "fetch", Path: "fetch", Type: "value", Trigger: all, Retry: seed},
			{ID: "by_map", Path: "by_map", Type: "value", Trigger: all, Retry: seed},
			{ID: "by_set", Path: "by_set", Type: "exec", Trigger: all, Retry: seed},
			{ID: "by_list", Path: "by_list", Type: "exec", Trigger: all, HasCondition: true, Retry: seed},
			{ID: "classify", Path: "classify", Type: "exec", Deps: []string{"fetch"}, Trigger: all, HasCondition: true, Retry: seed},
			// What the steps read from outside is the composite's dependency.
			{ID: "routing", Path: "routing", Steps: []string{"load", "store"}, Composite: true, Sequential: true, Deps: []string{"classify", "fetch"}, Trigger: all, Retry: retry(3, 30*time.Second, 1, 10*time.Minute, 0)},
			{ID: "load", Path: "routing.load", Parent: "routing", Type: "exec", Deps: []string{"routing"}, Trigger: all, Retry: retry(3, 30*time.Second, 1, 10*time.Minute, 0)},
			{ID: "store", Path: "routing.store", Parent: "routing", Type: "exec", Deps: []string{"routing", "load"}, Trigger: all, Retry: retry(3, 30*time.Second, 1, 10*time.Minute, 0)},
			// A step of a fan-out stands for the whole fan-out.
			{ID: "report", Path: "report", Type: "value", Deps: []string{"routing", "by_list"}, Trigger: all, Retry: seed},
		},
	},
	"dir_pipeline": {
		Name: "from_dir", Parallelism: 3, Pools: map[string]int{},
		Pipes: []pipeSummary{
			{ID: "first", Path: "first", Type: "exec", Deps: []string{"second"}, Trigger: all, Retry: seed},
			{ID: "second", Path: "second", Type: "exec", Trigger: all, Retry: seed},
		},
	},
}

// loadValid loads a file or directory of testdata/valid and fails on any
// error diagnostic.
func loadValid(t *testing.T, name string, opts LoadOptions) *Pipeline {
	t.Helper()
	p, diags := Load(filepath.Join("testdata", "valid", name), opts)
	if err := DiagnosticsError(diags); err != nil {
		var buf bytes.Buffer
		_ = WriteDiagnostics(&buf, p.Files(), diags, false, 100)
		t.Fatalf("Load(%s): %s", name, buf.String())
	}
	return p
}

func TestValidFiles(t *testing.T) {
	entries, err := filepath.Glob("testdata/valid/*")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := filepath.Base(e)
		t.Run(name, func(t *testing.T) {
			want, ok := validWant[name]
			if !ok {
				t.Fatalf("no expectation for %s in validWant", name)
			}
			opts := testOptions()
			opts.Types = testTypes(t)
			p := loadValid(t, name, opts)
			if diff := cmp.Diff(want, summarize(p)); diff != "" {
				t.Errorf("model (-want +got):\n%s", diff)
			}
			// Every dependency is a pipe; the parents come before their steps.
			seen := map[string]bool{}
			for _, pp := range p.Pipes {
				if pp.Parent != "" && !seen[pp.Parent] {
					t.Errorf("%s listed before its composite %s", pp.ID, pp.Parent)
				}
				seen[pp.ID] = true
				for _, d := range pp.Deps {
					if _, ok := p.Pipe(d); !ok {
						t.Errorf("%s depends on unknown %s", pp.ID, d)
					}
				}
			}
		})
	}
}

func TestValidArgsAndOutputsInfo(t *testing.T) {
	opts := testOptions()
	p := loadValid(t, "variables.hcl", opts)
	call, _ := p.Pipe("call")
	type arg struct {
		Name            string
		Line            int
		KnownAfterApply bool
		Sensitive       bool
	}
	var got []arg
	for _, a := range call.Args {
		got = append(got, arg{a.Name, a.Range.Start.Line, a.KnownAfterApply, a.Sensitive})
	}
	want := []arg{{"url", 41, false, false}, {"headers", 42, false, true}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("call.Args (-want +got):\n%s", diff)
	}

	spec := loadValid(t, "spec_example.hcl", opts)
	store, _ := spec.Pipe("store")
	if len(store.Args) != 1 || !store.Args[0].KnownAfterApply {
		t.Errorf("store.Args = %+v; want command known after apply", store.Args)
	}

	outs := map[string]bool{}
	for _, o := range p.Outputs {
		outs[o.Name] = o.Sensitive
	}
	if diff := cmp.Diff(map[string]bool{"url": false, "auth": true, "status": false}, outs); diff != "" {
		t.Errorf("output sensitivity (-want +got):\n%s", diff)
	}
	if p.Outputs[0].Description != "where it went" {
		t.Errorf("description = %q", p.Outputs[0].Description)
	}
}

func TestVariablesDecoded(t *testing.T) {
	p := loadValid(t, "variables.hcl", testOptions())
	type variable struct {
		Name, Type, Value, Source string
		Sensitive                 bool
	}
	var got []variable
	for _, v := range p.Variables {
		got = append(got, variable{v.Name, v.Type.FriendlyNameForConstraint(), v.Value.GoString(), v.Source, v.Sensitive})
	}
	want := []variable{
		{"env", "any type", `cty.StringVal("dev")`, SourceDefault, false},
		{"workers", "number", `cty.NumberIntVal(4)`, SourceDefault, false},
		{"targets", "list of string", `cty.ListVal([]cty.Value{cty.StringVal("a"), cty.StringVal("b")})`, SourceDefault, false},
		{"token", "string", `cty.StringVal("s3cr3t-token")`, SourceDefault, true},
		{"creds", "object", `cty.ObjectVal(map[string]cty.Value{"password":cty.StringVal("hunter2"), "user":cty.StringVal("admin")})`, SourceDefault, true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("variables (-want +got):\n%s", diff)
	}
	if got := p.Redact("auth: Bearer s3cr3t-token as admin/hunter2"); got != "auth: Bearer (sensitive) as (sensitive)/(sensitive)" {
		t.Errorf("Redact = %q", got)
	}
	if got := p.Redact("nothing secret"); got != "nothing secret" {
		t.Errorf("Redact = %q", got)
	}
	if !strings.Contains(p.Dir, "valid") {
		t.Errorf("Dir = %q", p.Dir)
	}
}

// delays gives r explicit retry delays (retry_delays).
func delays(r RetrySettings, ds ...time.Duration) RetrySettings {
	r.Delays = ds
	return r
}
