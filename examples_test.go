package dagrun_test

import (
	"net/http/httptest"
	"strings"
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
	srv := httptest.NewServer(ticketapi.Handler(t.Logf)) // 127.0.0.1
	defer srv.Close()
	p, err := dagrun.Load("examples/ticket_routing", dagrun.LoadOptions{Vars: map[string]string{"api": srv.URL}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Run(t.Context(), dagrun.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"fetch": "succeeded", "classify": "succeeded", "route": "succeeded", "route_oncall": "succeeded",
		"route_support": "succeeded", "summary": "succeeded", "notify_failure": "skipped",
	}
	for id, st := range want {
		if r, _ := res.Pipe(id); r.Status.String() != st {
			t.Errorf("%s: %v (%s), want %s", id, r.Status, r.Reason, st)
		}
	}
	if f, _ := res.Pipe("fetch"); f.Attempts != 2 {
		t.Errorf("fetch attempts %d, want 2 (the API answers 503 once)", f.Attempts)
	}
	if got := exampleOutputs(res)["routed"].AsString(); got != "routed 2 to oncall, 2 to support" {
		t.Errorf("routed = %q", got)
	}
}
