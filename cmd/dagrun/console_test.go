package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// On a terminal, console reads lines with an editor and a history: the up
// arrow brings the last expression back.
func TestConsoleTerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the dagrun binary")
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "pipeline.hcl"), `
variable "name" {
  default = "dagrun"
}

pipe "a" {
  use   = "value"
  value = 1
}
`)
	raw, code := runInTerminal(t, dir, nil, []string{"console"}, func(ptmx *os.File, output func() string) {
		if !poll(20*time.Second, func() bool { return strings.Contains(output(), "> ") }) {
			t.Fatalf("no prompt:\n%q", output())
		}
		write := func(s string) {
			if _, err := ptmx.Write([]byte(s)); err != nil {
				t.Fatal(err)
			}
		}
		write("upper(var.name)\r")
		if !poll(10*time.Second, func() bool { return strings.Count(output(), `"DAGRUN"`) == 1 }) {
			t.Fatalf("no value:\n%q", output())
		}
		write("\x1b[A\r") // up arrow: the same expression again
		if !poll(10*time.Second, func() bool { return strings.Count(output(), `"DAGRUN"`) == 2 }) {
			t.Fatalf("the history gave nothing back:\n%q", output())
		}
		write("pipe.a.output\r")
		if !poll(10*time.Second, func() bool { return strings.Contains(output(), "(known after apply)") }) {
			t.Fatalf("no unknown value:\n%q", output())
		}
		write("exit\r")
	})
	if code != exitOK {
		t.Fatalf("exit code %d; output:\n%s", code, raw)
	}
}
