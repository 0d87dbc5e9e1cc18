//go:build temporal

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dagrun/dagrun/temporal"
)

// The flags of a build without the engine spell the default task queue out.
func TestDefaultTaskQueue(t *testing.T) {
	if defaultTaskQueue != temporal.DefaultTaskQueue {
		t.Errorf("defaultTaskQueue = %q, temporal.DefaultTaskQueue = %q", defaultTaskQueue, temporal.DefaultTaskQueue)
	}
}

// --resume with the Temporal engine is refused before anything is read or
// said of the earlier run (no "resuming run …" line), with exit code 2.
func TestResumeRefusedOnTemporal(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.hcl")
	if err := os.WriteFile(path, []byte("pipe \"a\" {\n  use   = \"value\"\n  value = 1\n}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"apply", path, "--engine", "temporal", "--temporal-address", "127.0.0.1:1", "--resume", "last"}, strings.NewReader(""), &stdout, &stderr)
	if code != exitUsage {
		t.Errorf("exit code %d, want %d", code, exitUsage)
	}
	if !strings.Contains(stderr.String(), "--resume is not supported with --engine temporal") || strings.Contains(stderr.String(), "resuming run") {
		t.Errorf("stderr:\n%s", stderr.String())
	}
}
