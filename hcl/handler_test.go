package hcl

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dagrun/dagrun/pipes"
)

func TestHandlersModel(t *testing.T) {
	src := `
pipeline "p" {
  deadline = "1h"
}
pipe "a" {
  use      = "exec"
  command  = ["./a"]
  deadline = "10m"
}
handler "exit" {
  use     = "exec"
  command = ["./bye", run.status]
}
handler "failure" {
  use     = "exec"
  command = ["./notify", join(",", run.failed), pipe.a.status]
  retries = 4
  timeout = "5s"
}
`
	p, diags := LoadSource("p.hcl", []byte(src), testOptions())
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if p.Deadline != time.Hour {
		t.Errorf("pipeline deadline = %s, want 1h", p.Deadline)
	}
	a, _ := p.Pipe("a")
	if a.Deadline != 10*time.Minute {
		t.Errorf("a's deadline = %s, want 10m", a.Deadline)
	}
	var got []string
	for _, h := range p.Handlers() {
		got = append(got, h.ID)
		if len(h.Deps) != 0 {
			t.Errorf("%s has deps %v, want none", h.ID, h.Deps)
		}
	}
	if diff := cmp.Diff([]string{"handler.failure", "handler.exit"}, got); diff != "" {
		t.Errorf("handlers (-want +got):\n%s", diff)
	}
	f, _ := p.Pipe("handler.failure")
	x, _ := p.Pipe("handler.exit")
	if f.Timeout != 5*time.Second || f.Retry.Retries != 4 || x.Timeout != DefaultHandlerTimeout {
		t.Errorf("failure: timeout %s retries %d; exit: timeout %s; want 5s, 4, 1m", f.Timeout, f.Retry.Retries, x.Timeout)
	}
	// run.status and run.failed are what the handler's RunContext says.
	states := func(id string) (PipeState, bool) { return PipeState{Status: "failed"}, id == "a" }
	args, diags := p.DecodeArgsIn(RunContext{ID: "r1", Status: "failed", Failed: []string{"a", "b"}}, "handler.failure", nil, states)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	got2 := args.(*pipes.ExecArgs).Command
	if diff := cmp.Diff([]string{"./notify", "a,b", "failed"}, got2); diff != "" {
		t.Errorf("command (-want +got):\n%s", diff)
	}
}

// TestSubPipelineHandlersWarned: a called pipeline's handlers are not used,
// and the call says so.
func TestSubPipelineHandlersWarned(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("child.hcl", "pipe \"x\" {\n  use = \"exec\"\n  command = [\"true\"]\n}\nhandler \"exit\" {\n  use = \"exec\"\n  command = [\"true\"]\n}\n")
	write("main.hcl", "pipe \"c\" {\n  use    = \"pipeline\"\n  source = \"child.hcl\"\n}\n")
	p, diags := Load(filepath.Join(dir, "main.hcl"), testOptions())
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	warned := false
	for _, d := range diags {
		if d.Summary == "Handlers of a called pipeline not used" && d.Subject != nil && d.Subject.Start.Line == 3 {
			warned = true
		}
	}
	if !warned {
		t.Errorf("no warning at the call: %v", diags)
	}
	if len(p.Handlers()) != 0 {
		t.Errorf("handlers %v, want none", p.Handlers())
	}
	if _, ok := p.Pipe("c.handler.exit"); ok {
		t.Error("the child's handler became a step of the call")
	}
}
