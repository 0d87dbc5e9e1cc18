package metrics_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"

	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/metrics"
)

// requireEnv makes missing Prometheus tools a failure instead of a skip; CI sets
// it so that the checks below cannot silently stop running.
const requireEnv = "DAGRUN_REQUIRE_PROMETHEUS"

// tool returns the path of a Prometheus binary, skipping the test when it is not
// installed (Debian: apt-get install prometheus prometheus-pushgateway) unless
// DAGRUN_REQUIRE_PROMETHEUS=1.
func tool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv(requireEnv) == "1" {
			t.Fatalf("%s not found on PATH and %s=1: %v", name, requireEnv, err)
		}
		t.Skipf("%s not found on PATH (set %s=1 to make this a failure)", name, requireEnv)
	}
	return path
}

var promExamples = filepath.Join("..", "examples", "prometheus")

func promtool(t *testing.T, dir string, stdin []byte, args ...string) {
	t.Helper()
	cmd := exec.Command(tool(t, "promtool"), args...)
	cmd.Dir = dir
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("promtool %v: %v\n%s", args, err, out)
	}
	t.Logf("promtool %v:\n%s", args, out)
}

func TestPromtoolCheckRules(t *testing.T) {
	promtool(t, promExamples, nil, "check", "rules", "alerts.yml")
}

func TestPromtoolTestRules(t *testing.T) {
	promtool(t, promExamples, nil, "test", "rules", "alerts_test.yml")
}

func TestPromtoolCheckConfig(t *testing.T) {
	promtool(t, promExamples, nil, "check", "config", "prometheus.yml")
}

func TestPromtoolCheckMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	c := metrics.New("etl", metrics.Options{Version: "test"})
	if err := c.Register(reg); err != nil {
		t.Fatal(err)
	}
	c.Init([]string{"fetch", "load"})
	new(script).runStarted().
		attempt("fetch", "fetch", 1, time.Second, time.Second, executor.AttemptTimeout, true).
		attempt("fetch", "fetch", 2, 0, time.Second, executor.AttemptOK, false).
		pipeFinished("fetch", "fetch", executor.StatusSucceeded, 2, 3*time.Second).
		pipeFinished("load", "load", executor.StatusSkipped, 0, 0).
		runFinished(executor.StatusSucceeded, 4*time.Second).feed(c)

	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	for _, mf := range mfs {
		if _, err := expfmt.MetricFamilyToText(&buf, mf); err != nil {
			t.Fatal(err)
		}
	}
	promtool(t, ".", buf.Bytes(), "check", "metrics")
}
