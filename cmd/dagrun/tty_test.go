package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/creack/pty"
	"github.com/mattn/go-runewidth"
)

// ttyPipeline has what the live view shows: two pipes running side by side, one
// that fails once and backs off before its retry, a composite with a step whose
// name is too long for the terminal, and an output.
const ttyPipeline = `
defaults {
  retries = 0
}

pipe "alpha" {
  use    = "exec"
  script = "sleep 0.5"
}

pipe "beta" {
  use    = "exec"
  script = "sleep 0.5"
}

pipe "flaky" {
  use         = "exec"
  retries     = 1
  retry_delay = "500ms"
  script      = <<-SH
    if [ "$DAGRUN_ATTEMPT" -lt 2 ]; then
      echo "transient failure, with a message long enough to be cut at the edge of the terminal" >&2
      exit 1
    fi
    sleep 0.5
  SH
}

pipe "routing" {
  sequential = true
  depends_on = [pipe.alpha]

  pipe "load" {
    use    = "exec"
    script = "sleep 0.5"
  }
  pipe "a_step_whose_name_is_much_too_long_for_the_column" {
    use    = "exec"
    script = "sleep 0.5"
  }
}

output "greeting" {
  value = "hi"
}
`

const ttyCols = 100

var (
	csiSeq      = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]`)
	colorSeq    = regexp.MustCompile(`\x1b\[[0-9;]*m`)
	cursorUpSeq = regexp.MustCompile(`\x1b\[[0-9]+A`)
	liveLine    = regexp.MustCompile(`(?m)^.*(attempt \d+/\d+  \d+\.\ds|retrying in ).*$`)
)

// TestTTYView runs dagrun apply under a pseudo-terminal, as a person at a
// terminal would, and checks the stream it draws.
func TestTTYView(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the dagrun binary")
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "pipeline.hcl"), ttyPipeline)

	for _, tc := range []struct {
		name   string
		env    []string
		args   []string
		colors bool
	}{
		{name: "color", colors: true},
		{name: "NO_COLOR", env: []string{"NO_COLOR=1"}},
		{name: "no-color flag", args: []string{"--no-color"}},
		{name: "dumb terminal", env: []string{"TERM=dumb"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw, code := runInTerminal(t, dir, tc.env, append([]string{"apply", "pipeline.hcl"}, tc.args...), nil)
			if code != 0 {
				t.Fatalf("exit code %d, want 0; output:\n%s", code, raw)
			}
			out := plain(raw)
			if tc.name == "dumb terminal" {
				// A terminal that cannot move its cursor gets the text view.
				if strings.Contains(raw, "\x1b") {
					t.Errorf("escape sequences on a dumb terminal:\n%q", raw)
				}
				mustMatch(t, out, `(?m)^\d\d:\d\d:\d\d alpha +started \(attempt 1/1\)$`)
				return
			}

			if !cursorUpSeq.MatchString(raw) {
				t.Errorf("no cursor movement: the live area was never redrawn:\n%q", raw)
			}
			// Running pipes, each on its own line with attempt and elapsed time.
			mustMatch(t, out, `(?m)^. alpha +attempt 1/1  \d+\.\ds$`)
			mustMatch(t, out, `(?m)^. beta +attempt 1/1  \d+\.\ds$`)
			mustMatch(t, out, `(?m)^. routing\.load +attempt 1/1  \d+\.\ds$`)
			// The retry: a countdown while it backs off, then attempt 2.
			mustMatch(t, out, `(?m)^↻ flaky +retrying in 0\.[0-5]s \(attempt 2/2\) · attempt 1 failed: `)
			mustMatch(t, out, `(?m)^. flaky +attempt 2/2  \d+\.\ds$`)

			// What the screen shows in the end: finished pipes, each on the
			// line it was given, no live line left, then the summary and the
			// outputs as in the text view.
			final := screen(raw, ttyCols)
			mustMatch(t, final, `(?m)^✓ alpha +succeeded in \d\S*$`)
			mustMatch(t, final, `(?m)^✓ beta +succeeded in \d\S*$`)
			mustMatch(t, final, `(?m)^✓ flaky +succeeded in \S+ after 2 attempts$`)
			mustMatch(t, final, `(?m)^✓ routing\.load +succeeded in \d\S*$`)
			mustMatch(t, final, `(?m)^run succeeded in \S+\n\nPIPE +STATUS +ATTEMPTS +DURATION$`)
			mustMatch(t, final, `(?m)^alpha +succeeded +1 `)
			mustMatch(t, final, `(?m)^flaky +succeeded +2 `)
			mustMatch(t, final, `(?m)^routing\.load +succeeded +1 `)
			mustMatch(t, final, `(?m)^Outputs:\ngreeting = "hi"\n$`)
			if live := liveLine.FindString(final); live != "" {
				t.Errorf("a live line was left on the screen: %q\n%s", live, final)
			}

			// The view's own lines fit the terminal: a redraw must never wrap.
			for _, line := range strings.Split(out, "\n") {
				if strings.Contains(line, "attempt") && runewidth.StringWidth(line) >= ttyCols {
					t.Errorf("line of %d columns on a terminal of %d:\n%s", runewidth.StringWidth(line), ttyCols, line)
				}
			}
			mustMatch(t, out, `(?m)^. routing\.a_step_\S*… +attempt 1/1`)
			mustMatch(t, out, `(?m)^↻ flaky +retrying in .*…$`)

			if got := colorSeq.MatchString(raw); got != tc.colors {
				t.Errorf("color sequences: %v, want %v:\n%q", got, tc.colors, raw)
			}
		})
	}
}

// TestTTYViewInterrupt presses Ctrl-C during a run: the live area is cleared,
// the interrupted pipe and the summary are shown, and dagrun exits 130.
func TestTTYViewInterrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the dagrun binary")
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "pipeline.hcl"), `
defaults {
  retries = 0
}

pipe "slow" {
  use    = "exec"
  script = "exec sleep 30"
}
pipe "after" {
  use        = "exec"
  script     = "true"
  depends_on = [pipe.slow]
}
`)
	raw, code := runInTerminal(t, dir, nil, []string{"apply", "pipeline.hcl"}, func(ptmx *os.File, output func() string) {
		if !poll(20*time.Second, func() bool { return strings.Contains(plain(output()), "attempt 1/1") }) {
			t.Errorf("slow never shown running:\n%q", output())
		}
		if _, err := ptmx.Write([]byte{3}); err != nil { // Ctrl-C: SIGINT from the terminal
			t.Error(err)
		}
	})
	if code != exitInterrupted {
		t.Fatalf("exit code %d, want %d; output:\n%s", code, exitInterrupted, raw)
	}
	mustMatch(t, plain(raw), `(?m)^. slow +attempt 1/1  \d+\.\ds$`)
	// The terminal echoed ^C below the live area; the view's next lines
	// still start in the first column, and no live line is left.
	final := screen(raw, ttyCols)
	mustMatch(t, final, `(?m)^– slow +cancelled.*\n– after +cancelled.*\nrun cancelled in `)
	mustMatch(t, final, `(?m)^slow +cancelled`)
	mustMatch(t, final, `(?m)^interrupted: running pipes were cancelled$`)
	// Ctrl-C is answered at once, above the live area.
	mustMatch(t, final, `(?m)^stopping: cancelling 1 running pipe \(Ctrl-C\); Ctrl-C again to kill at once$`)
	if live := liveLine.FindString(final); live != "" {
		t.Errorf("a live line was left on the screen: %q\n%s", live, final)
	}
	// Nothing is redrawn after the summary: the last cursor movement comes
	// before the table.
	last := cursorUpSeq.FindAllStringIndex(raw, -1)
	table := strings.Index(raw, "PIPE")
	if len(last) == 0 || table < 0 || last[len(last)-1][0] > table {
		t.Errorf("cursor moved after the summary was printed:\n%q", raw)
	}
}

// TestTTYViewFailure: a failed pipe, and the dependent it skips, in the order
// they ended; exit code 1.
func TestTTYViewFailure(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the dagrun binary")
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "pipeline.hcl"), `
defaults {
  retries = 0
}

pipe "broken" {
  use    = "exec"
  script = "sleep 0.3; echo 'no route to host' >&2; exit 3"
}
pipe "dependent" {
  use        = "exec"
  script     = "true"
  depends_on = [pipe.broken]
}
`)
	raw, code := runInTerminal(t, dir, nil, []string{"apply", "pipeline.hcl"}, nil)
	if code != exitFailed {
		t.Fatalf("exit code %d, want %d; output:\n%s", code, exitFailed, raw)
	}
	final := screen(raw, ttyCols)
	mustMatch(t, final, `(?m)^✗ broken +failed after 1 attempt\(s\): .*no route to host.*\n– dependent +skipped \(upstream_failed\)\nrun failed in `)
	mustMatch(t, final, `(?m)^broken +failed +1 `)
	if live := liveLine.FindString(final); live != "" {
		t.Errorf("a live line was left on the screen: %q\n%s", live, final)
	}
}

// TestNotATerminal: with stdout a pipe, apply prints the plain text view even
// when stderr is a terminal.
func TestNotATerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the dagrun binary")
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "pipeline.hcl"), ttyPipeline)
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	go func() { _, _ = io.Copy(io.Discard, ptmx) }()
	var stdout bytes.Buffer
	cmd := dagrunCmd(t, dir, nil, "apply", "pipeline.hcl")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, &stdout, tty
	err = cmd.Run()
	tty.Close()
	if err != nil {
		t.Fatalf("%v; stdout:\n%s", err, stdout.String())
	}
	if strings.Contains(stdout.String(), "\x1b") {
		t.Errorf("escape sequences in the text view:\n%q", stdout.String())
	}
	mustMatch(t, stdout.String(), `(?m)^\d\d:\d\d:\d\d alpha +started \(attempt 1/1\)$`)
	mustMatch(t, stdout.String(), `(?m)^\d\d:\d\d:\d\d flaky +retrying in 500ms \(attempt 2/2\)$`)
	mustMatch(t, stdout.String(), `(?m)^PIPE +STATUS +ATTEMPTS +DURATION$`)
}

// TestTTYViewLogs: structured logs asked for while the live view owns the
// terminal are printed above it, whole lines.
func TestTTYViewLogs(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the dagrun binary")
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "pipeline.hcl"), ttyPipeline)
	raw, code := runInTerminal(t, dir, nil, []string{"apply", "--log-format", "json", "pipeline.hcl"}, nil)
	if code != 0 {
		t.Fatalf("exit code %d, want 0; output:\n%s", code, raw)
	}
	out := plain(raw)
	mustMatch(t, out, `(?m)^\{"time":"[^"]+","level":"INFO","msg":"dagrun","run_id":"[^"]+","event":"pipe_finished","pipe":"alpha",.*\}$`)
	mustMatch(t, out, `(?m)^\{"time":"[^"]+","level":"WARN","msg":"dagrun","run_id":"[^"]+","event":"attempt_finished","pipe":"flaky",.*"result":"error".*\}$`)
	if strings.Contains(out, `"level":"DEBUG"`) {
		t.Errorf("debug records at the default level info:\n%s", out)
	}
	mustMatch(t, out, `(?m)^PIPE +STATUS +ATTEMPTS +DURATION$`)
}

// runInTerminal runs dagrun with stdin, stdout and stderr on a new
// pseudo-terminal of ttyCols columns, and returns everything it wrote there and
// its exit code. during, if set, runs while dagrun does.
func runInTerminal(t *testing.T, dir string, env, args []string, during func(ptmx *os.File, output func() string)) (string, int) {
	t.Helper()
	cmd := dagrunCmd(t, dir, env, args...)
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: ttyCols})
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	var (
		mu   sync.Mutex
		out  bytes.Buffer
		read = make(chan struct{})
	)
	go func() {
		defer close(read)
		buf := make([]byte, 4096)
		for {
			n, err := ptmx.Read(buf)
			mu.Lock()
			out.Write(buf[:n])
			mu.Unlock()
			if err != nil { // EIO once dagrun and its children have closed the terminal
				return
			}
		}
	}()
	output := func() string {
		mu.Lock()
		defer mu.Unlock()
		return out.String()
	}
	if during != nil {
		during(ptmx, output)
	}
	err = cmd.Wait()
	<-read
	code := 0
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		code = ee.ExitCode()
	default:
		t.Fatal(err)
	}
	return output(), code
}

// dagrunCmd is dagrun (this test binary, installed in PATH by testscript.Main)
// in dir with a small environment of its own.
func dagrunCmd(t *testing.T, dir string, env []string, args ...string) *exec.Cmd {
	t.Helper()
	bin, err := exec.LookPath("dagrun")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(t.Context(), bin, args...) // killed if the test ends first
	cmd.Dir = dir
	cmd.Env = append([]string{"PATH=/usr/bin:/bin", "HOME=" + dir, "TERM=xterm-256color", "GORACE=atexit_sleep_ms=10"}, env...)
	return cmd
}

// // plain is s without control sequences, a line overwritten after a carriage
// return shown as overwritten: every line the view ever drew, including those
// it erased later.
func plain(s string) string {
	lines := strings.Split(csiSeq.ReplaceAllString(s, ""), "\n")
	for i, line := range lines {
		var shown []rune
		for _, part := range strings.Split(line, "\r") {
			r := []rune(part)
			if len(r) < len(shown) {
				r = append(r, shown[len(r):]...)
			}
			shown = r
		}
		lines[i] = string(shown)
	}
	return strings.Join(lines, "\n")
}

// screen is what a terminal of cols columns shows after s, scrollback
// included: enough of a terminal for what the view sends (text, carriage
// return, line feed, cursor up, erase below, erase line, colors ignored).
func screen(s string, cols int) string {
	var (
		lines    = [][]rune{nil}
		row, col int
	)
	for len(s) > 0 {
		if loc := csiSeq.FindStringIndex(s); loc != nil && loc[0] == 0 {
			seq := s[:loc[1]]
			s = s[loc[1]:]
			n, _ := strconv.Atoi(strings.TrimRight(seq[2:len(seq)-1], "?"))
			switch seq[len(seq)-1] {
			case 'A':
				row = max(row-max(n, 1), 0)
			case 'J': // erase from the cursor to the end of the screen
				lines[row] = lines[row][:min(col, len(lines[row]))]
				lines = lines[:row+1]
			case 'K':
				lines[row] = lines[row][:min(col, len(lines[row]))]
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		switch r {
		case '\r':
			col = 0
		case '\n':
			row++
			if row == len(lines) {
				lines = append(lines, nil)
			}
		default:
			if col == cols {
				row, col = row+1, 0
				if row == len(lines) {
					lines = append(lines, nil)
				}
			}
			for len(lines[row]) < col {
				lines[row] = append(lines[row], ' ')
			}
			if col < len(lines[row]) {
				lines[row][col] = r
			} else {
				lines[row] = append(lines[row], r)
			}
			col++
		}
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = string(l)
	}
	return strings.Join(out, "\n")
}

func mustMatch(t *testing.T, s, pattern string) {
	t.Helper()
	if !regexp.MustCompile(pattern).MatchString(s) {
		t.Errorf("no match for %s in:\n%s", pattern, s)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// An up-to-date pipe is a finished line of its own in the live view: ✓ and
// up_to_date, no attempt.
func TestTTYViewUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the dagrun binary")
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "in.txt"), "x\n")
	writeFile(t, filepath.Join(dir, "pipeline.hcl"), `
pipe "copy" {
  use       = "exec"
  script    = "cp in.txt out.txt"
  sources   = ["in.txt"]
  generates = ["out.txt"]
}
`)
	if raw, code := runInTerminal(t, dir, nil, []string{"apply", "pipeline.hcl"}, nil); code != 0 {
		t.Fatalf("first apply: exit code %d:\n%s", code, raw)
	}
	raw, code := runInTerminal(t, dir, nil, []string{"apply", "pipeline.hcl"}, nil)
	if code != 0 {
		t.Fatalf("second apply: exit code %d:\n%s", code, raw)
	}
	final := screen(raw, ttyCols)
	mustMatch(t, final, `(?m)^✓ copy +up_to_date$`)
	mustMatch(t, final, `(?m)^copy +up_to_date +0 +0s$`)
	if strings.Contains(plain(raw), "attempt 1/") {
		t.Errorf("an attempt was shown for an up-to-date pipe:\n%s", final)
	}
}
