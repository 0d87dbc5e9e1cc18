package server_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dagrun/dagrun/server"
)

const parameterised = `
variable "n" {
  type    = number
  default = 1
  validation {
    condition     = var.n >= 1
    error_message = "n must be at least 1."
  }
}
variable "token" {
  type      = string
  default   = "none"
  sensitive = true
}
pipe "write" {
  use     = "exec"
  retries = 0
  script  = "echo ${var.n} > n-${var.n}"
}
pipe "leak" {
  use     = "exec"
  retries = 0
  command = ["/no/such/program-${var.token}"]
  if      = var.token != "none"
}
`

// POST .../runs with {"vars": {...}} runs the pipeline with those values,
// typed by the declarations; values the pipeline refuses are a 400 with the
// reason, and nothing runs; a sensitive value is hidden in the run's record.
func TestTriggerWithVars(t *testing.T) {
	e := start(t, server.Options{}, map[string]string{"params": parameterised})

	var ri server.RunInfo
	resp := e.do("POST", "/api/v1/pipelines/params/runs", `{"vars": {"n": 3}}`, true, &ri)
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("POST with vars: %d %+v", resp.StatusCode, ri)
	}
	if got := e.runUntil(ri.ID, final); got.Status != "succeeded" {
		t.Fatalf("run %+v", got)
	}
	if b, err := os.ReadFile(filepath.Join(e.dir, "n-3")); err != nil || strings.TrimSpace(string(b)) != "3" {
		t.Errorf("n-3: %q, %v; want 3 (the run's parameter)", b, err)
	}

	// A string the declaration types as a number is that number.
	resp = e.do("POST", "/api/v1/pipelines/params/runs", `{"vars": {"n": "4"}}`, true, &ri)
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("POST with a string number: %d", resp.StatusCode)
	}
	e.runUntil(ri.ID, final)
	if _, err := os.Stat(filepath.Join(e.dir, "n-4")); err != nil {
		t.Error(err)
	}

	// Refused values: 400 with the reason.
	e.expectError("POST", "/api/v1/pipelines/params/runs", `{"vars": {"n": 0}}`, true, http.StatusBadRequest, "n must be at least 1.")
	e.expectError("POST", "/api/v1/pipelines/params/runs", `{"vars": {"m": 1}}`, true, http.StatusBadRequest, `declares no such variable. Did you mean "n"?`)
	e.expectError("POST", "/api/v1/pipelines/params/runs", `{"vars": {"n": "many"}}`, true, http.StatusBadRequest, "number required")
	e.expectError("POST", "/api/v1/pipelines/params/runs", `{"vars": [1]}`, true, http.StatusBadRequest, `"vars" is not an object`)
	e.expectError("POST", "/api/v1/pipelines/params/runs", `{"vars": {}, "x": 1}`, true, http.StatusBadRequest, `unknown field "x"`)
	e.expectError("POST", "/api/v1/pipelines/nope/runs", `{"vars": {"n": 2}}`, true, http.StatusNotFound, "no pipeline")
	if _, err := os.Stat(filepath.Join(e.dir, "n-0")); err == nil {
		t.Error("a refused run ran")
	}

	// A sensitive parameter is hidden in the run's record, its error included.
	resp = e.do("POST", "/api/v1/pipelines/params/runs", `{"vars": {"token": "hunter2-secret"}}`, true, &ri)
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("POST with a secret: %d", resp.StatusCode)
	}
	got := e.runUntil(ri.ID, final)
	if got.Status != "failed" {
		t.Errorf("run with the secret: %s; want failed", got.Status)
	}
	var leak *server.PipeInfo
	for i := range got.Pipes {
		if got.Pipes[i].ID == "leak" {
			leak = &got.Pipes[i]
		}
	}
	if leak == nil || !strings.Contains(leak.Error, "program-(sensitive)") || strings.Contains(leak.Error, "hunter2") {
		t.Errorf("pipe leak in the record: %+v; want its error with the secret hidden", leak)
	}
}

// max_active_runs = 2: two runs run at once, the API's next two wait, a fifth
// is refused; every run ends, and no run ever saw three running.
func TestMaxActiveRuns(t *testing.T) {
	e := start(t, server.Options{}, map[string]string{"bounded": `
pipeline "bounded" {
  max_active_runs = 2
}
pipe "gate" {
  use     = "exec"
  retries = 0
  script  = "mkdir running-$$; ls -d running-* | wc -l >> counts; while [ ! -e go ]; do sleep 0.01; done; ls -d running-* | wc -l >> counts; rmdir running-$$"
}
`})
	var ids []string
	for i := 0; i < 4; i++ {
		ri := e.trigger("bounded")
		want := server.StatusRunning
		if i >= 2 {
			want = server.StatusQueued
		}
		if ri.Status != want {
			t.Errorf("run %d: %s; want %s", i+1, ri.Status, want)
		}
		ids = append(ids, ri.ID)
	}
	e.expectError("POST", "/api/v1/pipelines/bounded/runs", "", true, http.StatusConflict, "already waits")
	if err := os.WriteFile(filepath.Join(e.dir, "go"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if got := e.runUntil(id, final); got.Status != "succeeded" {
			t.Errorf("run %+v", got)
		}
	}
	b, err := os.ReadFile(filepath.Join(e.dir, "counts"))
	if err != nil {
		t.Fatal(err)
	}
	counts := strings.Fields(string(b))
	if len(counts) != 8 {
		t.Errorf("counts %q; want 8 (two per run)", counts)
	}
	for _, c := range counts {
		if c != "1" && c != "2" {
			t.Errorf("a run saw %s runs at once; want at most 2 (counts %q)", c, counts)
		}
	}
}
