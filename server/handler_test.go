package server_test

import (
	"testing"

	"github.com/dagrun/dagrun/server"
)

const withHandlers = `
pipe "bad" {
  use     = "exec"
  retries = 0
  command = ["sh", "-c", "exit 2"]
}

handler "failure" {
  use   = "value"
  value = join(",", run.failed)
}

handler "success" {
  use   = "value"
  value = "never"
}
`

// TestRunShowsHandlers: a run's pipes include its handlers, marked, from
// its start (pending) to their end, after the pipes.
func TestRunShowsHandlers(t *testing.T) {
	e := start(t, server.Options{Token: "s3cret"}, map[string]string{"handled": withHandlers})
	ri := e.trigger("handled")
	if len(ri.Pipes) != 3 || ri.Pipes[0].Handler || !ri.Pipes[1].Handler || !ri.Pipes[2].Handler {
		t.Fatalf("pipes of the new run: %+v", ri.Pipes)
	}
	done := e.runUntil(ri.ID, final)
	if done.Status != "failed" {
		t.Errorf("run %s, want failed", done.Status)
	}
	want := map[string]string{"bad": "failed", "handler.failure": "succeeded", "handler.success": "skipped"}
	for _, p := range done.Pipes {
		if p.Status != want[p.ID] || p.Handler != (p.ID != "bad") {
			t.Errorf("%s: %s handler=%v", p.ID, p.Status, p.Handler)
		}
		if p.ID == "handler.failure" && p.Output != `"bad"` {
			t.Errorf("failure handler's output %s, want \"bad\"", p.Output)
		}
	}
}
