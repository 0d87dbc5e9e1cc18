package main

import (
	"bytes"
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
)

func TestEscapeText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain text, accents: café 日本", "plain text, accents: café 日本"},
		{"lines\nand\ttabs", "lines\nand\ttabs"},
		{"\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"title\x1b]0;pwned\x07", `title\x1b]0;pwned\x07`},
		{"bell\x07 nul\x00 del\x7f cr\r", `bell\x07 nul\x00 del\x7f cr\x0d`},
		{"c1 \u009b31m", `c1 \u009b31m`},
		{"bidi \u202eevil\u2066", `bidi \u202eevil\u2066`},
		{"bad utf-8 \xff\xfe", `bad utf-8 \xff\xfe`},
	} {
		if got := escapeText(tc.in); got != tc.want {
			t.Errorf("escapeText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestBoundLines(t *testing.T) {
	long := strings.Repeat("é", 300) // 600 bytes
	got := boundLines("short\n"+long+"\nend", 400)
	lines := strings.Split(got, "\n")
	if len(lines) != 3 || lines[0] != "short" || lines[2] != "end" {
		t.Fatalf("lines %q", lines)
	}
	if !strings.HasPrefix(lines[1], strings.Repeat("é", 200)+" … (200 more bytes)") {
		t.Errorf("cut line %q", lines[1])
	}
}

// panicWriter panics on its first write, as a bug in a command would.
type panicWriter struct{}

func (panicWriter) Write([]byte) (int, error) { panic("boom: a bug") }

// TestInternalError: a panic in a command is an internal error: its own exit
// code, one line on stderr saying where the stack was written, and no stack
// on the terminal.
func TestInternalError(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	var stderr bytes.Buffer
	code := run(context.Background(), []string{"version"}, strings.NewReader(""), panicWriter{}, &stderr)
	if code != exitInternal {
		t.Fatalf("exit code %d, want %d", code, exitInternal)
	}
	out := stderr.String()
	if strings.Count(out, "\n") != 1 || !strings.Contains(out, "internal error") || strings.Contains(out, "goroutine") {
		t.Fatalf("stderr:\n%s", out)
	}
	m := regexp.MustCompile(`details in (\S+)\n$`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("stderr does not say where the details are: %s", out)
	}
	b, err := os.ReadFile(m[1])
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte("boom: a bug")) || !bytes.Contains(b, []byte("goroutine")) || !bytes.Contains(b, []byte("panicWriter")) {
		t.Errorf("details file:\n%s", b)
	}
}
