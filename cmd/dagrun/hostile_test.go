package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// maxHostileOutput bounds what validate may print about one hostile file.
const maxHostileOutput = 64 << 10

// TestHostileCorpus validates every file of testdata/hostile through the
// command, in process: binary files, deep nesting, collection and string
// bombs, control characters in names, keys and strings, cycles, bad types.
// Whatever the file, dagrun does not panic; it exits 0 for the files named
// ok_*.hcl and 2 for the others, with a diagnostic at FILE:LINE:COLUMN;
// what it prints is bounded and holds no control character but newlines
// and tabs.
func TestHostileCorpus(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "hostile", "*.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 90 {
		t.Fatalf("%d hostile files, want at least 90", len(files))
	}
	control := regexp.MustCompile(`[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]`)
	var tried, clean, valid, internal int
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(strings.TrimSuffix(name, ".hcl"), func(t *testing.T) {
			tried++
			code, stdout, stderr := runHostile(t, file)
			if code == exitInternal {
				internal++
				t.Fatalf("internal error:\n%s", stderr)
			}
			out := stdout + stderr
			if len(out) > maxHostileOutput {
				t.Errorf("%d bytes of output, more than %d", len(out), maxHostileOutput)
			}
			if m := control.FindString(out); m != "" {
				t.Errorf("output holds the control character %q", m)
			}
			if strings.Contains(out, "goroutine ") {
				t.Errorf("output holds a stack trace")
			}
			if strings.HasPrefix(name, "ok_") {
				if code != exitOK {
					t.Fatalf("exit %d, want 0\n%s", code, firstBytes(stderr))
				}
				valid++
				return
			}
			if code != exitUsage {
				t.Fatalf("exit %d, want 2\n%s", code, firstBytes(out))
			}
			at := regexp.MustCompile(`(?m)^Error: .+\n\n  on ` + regexp.QuoteMeta(file) + `:\d+:\d+`)
			if !at.MatchString(stderr) {
				t.Fatalf("no error at %s:LINE:COLUMN:\n%s", file, firstBytes(stderr))
			}
			clean++
		})
	}
	t.Logf("hostile corpus: %d files tried, %d clean errors (exit 2, file:line:column), %d valid (exit 0), %d internal errors",
		tried, clean, valid, internal)
}

// runHostile runs `dagrun validate file` in process, failing the test if it
// does not end within a minute.
func runHostile(t *testing.T, file string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(context.Background(), []string{"validate", file}, strings.NewReader(""), &out, &errOut)
	}()
	select {
	case code = <-done:
	case <-time.After(time.Minute):
		t.Fatalf("validate %s still runs after a minute", file)
	}
	return code, out.String(), errOut.String()
}

func firstBytes(s string) string {
	if len(s) > 2000 {
		return s[:2000] + fmt.Sprintf("... (%d more bytes)", len(s)-2000)
	}
	return s
}

// The corpus files are read as they are: nothing may rewrite them (an
// editor's "fix line endings" would defeat the files about bytes).
func TestHostileCorpusIsRaw(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "hostile", "binary_nul_only.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != 1024 || bytes.Count(b, []byte{0}) != 1024 {
		t.Fatalf("binary_nul_only.hcl was rewritten: %d bytes", len(b))
	}
}
