package server_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/schedule"
	"github.com/dagrun/dagrun/server"
)

var serveExample = filepath.Join("..", "examples", "serve")

// The served example loads, and its schedules are what its README says.
func TestServeExamplePipeline(t *testing.T) {
	p, err := dagrun.Load(serveExample, dagrun.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	job, err := server.JobOf(p)
	if err != nil {
		t.Fatal(err)
	}
	if job.Name != "heartbeat" || len(job.Schedules) != 2 || job.Schedules[0].Overlap != schedule.Skip ||
		job.Schedules[1].Location.String() != "Europe/Berlin" || job.Overlap != schedule.Skip {
		t.Errorf("job %+v", job)
	}
	if _, err := server.New([]*dagrun.Pipeline{p}, server.Options{}); err != nil {
		t.Fatal(err)
	}
}

// The example's Prometheus files pass promtool (skipped without it, unless
// DAGRUN_REQUIRE_PROMETHEUS=1, as in CI).
func TestServeExamplePromtool(t *testing.T) {
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		if os.Getenv("DAGRUN_REQUIRE_PROMETHEUS") == "1" {
			t.Fatalf("promtool not found and DAGRUN_REQUIRE_PROMETHEUS=1: %v", err)
		}
		t.Skip("promtool not found on PATH")
	}
	for _, args := range [][]string{
		{"check", "config", "prometheus.yml"},
		{"check", "rules", "alerts.yml"},
		{"test", "rules", "alerts_test.yml"},
	} {
		cmd := exec.Command(promtool, args...)
		cmd.Dir = serveExample
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("promtool %v: %v\n%s", args, err, out)
		}
	}
}
