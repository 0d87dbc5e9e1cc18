package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/fatih/color"

	"github.com/dagrun/dagrun"
)

// TestTTYViewStream: on a terminal, --stream prints the pipes' lines above
// the live area, each pipe's name in a colour of its own (none with
// NO_COLOR), and the live area ends as without it; the summary of a failed
// run names the command that prints the failed pipe's whole log.
func TestTTYViewStream(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the dagrun binary")
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "pipeline.hcl"), `
defaults {
  retries = 0
}

pipe "alpha" {
  use    = "exec"
  script = "for i in 1 2 3; do echo alpha line $i; sleep 0.1; done"
}

pipe "beta" {
  use    = "exec"
  script = "for i in 1 2 3; do echo beta line $i; sleep 0.1; done"
}

pipe "broken" {
  use        = "exec"
  depends_on = [pipe.alpha]
  script     = "echo first of many; echo the cause >&2; exit 3"
}
`)
	for _, tc := range []struct {
		name   string
		env    []string
		colors bool
	}{
		{name: "color", colors: true},
		{name: "NO_COLOR", env: []string{"NO_COLOR=1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw, code := runInTerminal(t, dir, tc.env, []string{"apply", "--stream", "pipeline.hcl"}, nil)
			if code != exitFailed {
				t.Fatalf("exit code %d, want %d; output:\n%s", code, exitFailed, raw)
			}
			final := screen(raw, ttyCols)
			for _, p := range []string{"alpha", "beta"} {
				for i := 1; i <= 3; i++ {
					mustMatch(t, final, fmt.Sprintf(`(?m)^%s +\| %s line %d$`, p, p, i))
				}
			}
			mustMatch(t, final, `(?m)^broken +\| first of many$`)
			mustMatch(t, final, `(?m)^broken +\| the cause$`)
			mustMatch(t, final, `(?m)^✗ broken +failed after 1 attempt\(s\): exit status 3: the cause$`)
			mustMatch(t, final, `(?m)^\nFull log of the failed pipe: dagrun runs logs \S+ broken pipeline\.hcl\n`)
			if live := liveLine.FindString(final); live != "" {
				t.Errorf("a live line was left on the screen: %q\n%s", live, final)
			}
			// Each name in its own colour, the same on every line.
			for _, p := range []string{"alpha", "beta", "broken"} {
				colored := regexp.MustCompile(regexp.QuoteMeta(fmt.Sprintf("\x1b[%dm%s", streamColor(p), p)) + ` +\|` + regexp.QuoteMeta("\x1b[0m"))
				if got := colored.MatchString(raw); got != tc.colors {
					t.Errorf("%s's name in colour %d: %v, want %v:\n%q", p, streamColor(p), got, tc.colors, raw)
				}
			}
		})
	}
}

// TestStreamPrefix: a name is padded to the pipeline's name column and
// keeps its colour from one run to the next; a write that ends mid-line
// is ended, so that the next line starts on a line of its own.
func TestStreamPrefix(t *testing.T) {
	p, err := dagrun.Load(writePipeline(t, `
pipe "a" {
  use   = "value"
  value = 1
}
pipe "longer_name" {
  use   = "value"
  value = 2
}
`), dagrun.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	s := newOutputStream(&out, p, false)
	a := s.pipe("a")
	fmt.Fprint(a, "one\ntwo\n")
	fmt.Fprint(a, "partial")
	fmt.Fprint(s.pipe("longer_name"), "x\n")
	want := "a           | one\na           | two\na           | partial\nlonger_name | x\n"
	if out.String() != want {
		t.Errorf("got\n%q\nwant\n%q", out.String(), want)
	}

	out.Reset()
	colored := newOutputStream(&out, p, true)
	fmt.Fprint(colored.pipe("a"), "one\n")
	first := out.String()
	out.Reset()
	fmt.Fprint(newOutputStream(&out, p, true).pipe("a"), "one\n")
	if out.String() != first {
		t.Errorf("colour changed between two streams: %q, then %q", first, out.String())
	}
	if want := fmt.Sprintf("\x1b[%dma           |\x1b[0m one\n", streamColor("a")); first != want {
		t.Errorf("coloured line %q, want %q", first, want)
	}
	// The names of a pipeline spread over the colours.
	seen := map[color.Attribute]bool{}
	for _, name := range []string{"fetch", "classify", "update", "report", "compile[io]", "compile[net]", "link", "test"} {
		seen[streamColor(name)] = true
	}
	if len(seen) < 4 {
		t.Errorf("8 names got %d colours", len(seen))
	}
}

func writePipeline(t *testing.T, src string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "pipeline.hcl")
	writeFile(t, path, strings.TrimSpace(src)+"\n")
	return path
}
