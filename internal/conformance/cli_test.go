package conformance

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/dagrun/dagrun/internal/conformance/golden"
)

// binDir holds the dagrun command built for this test binary (TestMain).
var binDir string

// buildDagrun builds the command once; every CLI view of every case uses it.
var buildDagrun = sync.OnceValues(func() (string, error) {
	bin := filepath.Join(binDir, "dagrun")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/dagrun/dagrun/cmd/dagrun").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build ./cmd/dagrun: %v\n%s", err, out)
	}
	return bin, nil
})

// cliTimeout bounds one dagrun invocation: a case that hangs fails alone.
const cliTimeout = 30 * time.Second

// apply runs `dagrun apply --output json --state-dir stateDir` of the case's
// pipeline with extra flags, cancelling it (SIGINT) as the golden says.
func apply(t *testing.T, c *testCase, stateDir string, extra ...string) *golden.ApplyRun {
	t.Helper()
	bin, err := buildDagrun()
	if err != nil {
		t.Fatal(err)
	}
	args := append([]string{"apply", "--output", "json", "--state-dir", stateDir}, extra...)
	args = append(args, c.golden.Args...)
	args = append(args, filepath.Join(c.dir, "pipeline.hcl"))

	ctx, cancel := context.WithTimeout(t.Context(), cliTimeout)
	defer cancel()
	run, err := golden.Apply(exec.CommandContext(ctx, bin, args...), c.golden)
	if err != nil {
		t.Fatal(err)
	}
	return run
}

// runsShow runs `dagrun runs show last --output json`.
func runsShow(t *testing.T, stateDir string) *golden.Show {
	t.Helper()
	bin, err := buildDagrun()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), cliTimeout)
	defer cancel()
	show, err := golden.RunsShow(exec.CommandContext(ctx, bin, "runs", "show", "last", "--state-dir", stateDir, "--output", "json"))
	if err != nil {
		t.Fatal(err)
	}
	return show
}
