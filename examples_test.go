package dagrun_test

import (
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/examples/ticket_routing/ticketapi"
)

func exampleOutputs(res *dagrun.Result) map[string]cty.Value {
	m := map[string]cty.Value{}
	for _, o := range res.Outputs {
		m[o.Name] = o.Value
	}
	return m
}

func TestExampleQuickstart(t *testing.T) {
	p, err := dagrun.Load("examples/quickstart", dagrun.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Run(t.Context(), dagrun.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != dagrun.Succeeded {
		t.Fatalf("status %v", res.Status)
	}
	if f, _ := res.Pipe("flaky"); f.Attempts != 2 {
		t.Errorf("flaky attempts %d, want 2", f.Attempts)
	}
	got := exampleOutputs(res)["report"].AsString()
	if !strings.HasPrefix(got, "hello, dagrun (go+hcl) at ") || !strings.HasSuffix(got, "; flaky counted 42") {
		t.Errorf("report = %q", got)
	}
}

func TestExampleTicketRouting(t *testing.T) {
	var mu sync.Mutex
	var updates []string
	srv := httptest.NewServer(ticketapi.Handler(func(format string, args ...any) {
		t.Logf(format, args...)
		if line := fmt.Sprintf(format, args...); strings.HasPrefix(line, "updated ") {
			mu.Lock()
			updates = append(updates, line)
			mu.Unlock()
		}
	})) // 127.0.0.1
	defer srv.Close()
	p, err := dagrun.Load("examples/ticket_routing", dagrun.LoadOptions{Vars: map[string]string{"api": srv.URL}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Run(t.Context(), dagrun.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// The closed ticket is filtered: only the four new ones are classified,
	// updated and routed.
	want := map[string]string{
		"fetch": "succeeded", "classify": "succeeded", "route": "succeeded", "route_oncall": "succeeded",
		"route_support": "succeeded", "update": "succeeded", "summary": "succeeded", "notify_failure": "skipped",
		"classify[T-5]": "skipped",
	}
	for _, id := range []string{"T-1", "T-2", "T-3", "T-4"} {
		want["classify["+id+"]"] = "succeeded"
		want["update["+id+"]"] = "succeeded"
	}
	for id, st := range want {
		r, ok := res.Pipe(id)
		if !ok {
			t.Errorf("%s: no result, want %s", id, st)
			continue
		}
		if r.Status.String() != st {
			t.Errorf("%s: %v (%s), want %s", id, r.Status, r.Reason, st)
		}
	}
	if r, _ := res.Pipe("classify[T-5]"); r.Reason != "filtered" {
		t.Errorf("classify[T-5]: reason %q, want filtered", r.Reason)
	}
	if r, ok := res.Pipe("update[T-5]"); ok {
		t.Errorf("update[T-5] has a result (%v): the closed ticket was updated", r.Status)
	}
	if f, _ := res.Pipe("fetch"); f.Attempts != 2 {
		t.Errorf("fetch attempts %d, want 2 (the API answers 503 once)", f.Attempts)
	}
	if got := exampleOutputs(res)["routed"].AsString(); got != "updated 4 ticket(s); routed 2 to oncall, 2 to support" {
		t.Errorf("routed = %q", got)
	}
	// What the API was told: each new ticket, once, with its queue.
	slices.Sort(updates)
	wantUpdates := []string{
		"updated T-1: queue oncall, state triaged", "updated T-2: queue support, state triaged",
		"updated T-3: queue support, state triaged", "updated T-4: queue oncall, state triaged",
	}
	if !slices.Equal(updates, wantUpdates) {
		t.Errorf("the API got the updates\n%s\nwant\n%s", strings.Join(updates, "\n"), strings.Join(wantUpdates, "\n"))
	}
}
