package main

import (
	"bytes"
	"hash/fnv"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/fatih/color"
	"github.com/mattn/go-runewidth"

	"github.com/dagrun/dagrun"
)

// streamEnv turns --stream on when set to a true value (1, true).
const streamEnv = "DAGRUN_STREAM"

// streamFlag is apply's --stream: the pipes' output printed as it comes.
type streamFlag struct {
	on      bool
	changed bool // given on the command line: it wins over the environment
}

func (s *streamFlag) add(fs interface {
	BoolVar(p *bool, name string, value bool, usage string)
}) {
	fs.BoolVar(&s.on, "stream", false, "print every pipe's output lines as they come, each after the pipe's name (also: "+streamEnv+"=1); not with --output json")
}

// check says whether to stream: the flag, else $DAGRUN_STREAM. A value of
// the variable that is not a boolean is a usage error rather than a silent
// no. --stream is refused with --output json, whose stdout holds events
// and nothing else, and with the Temporal engine, whose pipes write on the
// workers (`dagrun worker` prints their lines, prefixed the same way); the
// variable is left unused there.
func (s *streamFlag) check(output, engine string) (bool, error) {
	on, err := s.enabled()
	switch {
	case err != nil || !on:
		return false, err
	case !s.changed && (output == "json" || engine == "temporal"):
		// Set for every apply (a CI job's environment), the variable
		// does not break the ones it cannot apply to.
		return false, nil
	case output == "json":
		return false, usageError("--stream prints lines of text and --output json prints events only; use one (a pipe's output is in its log: dagrun runs logs RUN PIPE)")
	case engine == "temporal":
		return false, usageError("--stream: with --engine temporal the pipes run on the workers, and dagrun worker prints their output")
	}
	return true, nil
}

func (s *streamFlag) enabled() (bool, error) {
	if s.changed {
		return s.on, nil
	}
	v, ok := os.LookupEnv(streamEnv)
	if !ok || v == "" {
		return false, nil
	}
	on, err := strconv.ParseBool(v)
	if err != nil {
		return false, usageError("%s=%q: want 1 or 0 (true or false)", streamEnv, v)
	}
	return on, nil
}

// outputStream prints the pipes' output lines, each after the name of the
// pipe that wrote it (as the views name it: compile[io], release.upload),
// padded to a common width, the way `docker compose up` does. It is tapped
// into the run's pipe logs (RunOptions.PipeLog), the writers exec already
// gives whole lines of one stream at a time: so a line is never cut by
// another pipe's line, and what the stream shows is what the log file
// holds, redacted the same way. A write is made in the pipe's own output
// goroutine: a terminal that stops reading holds the pipe back, as it
// would a process run in it.
//
// Everything goes through one writer under one lock: the view's, so that a
// pipe's line never lands inside an event line (the text view) or tears the
// live area (the TTY view prints it above).
type outputStream struct {
	mu     sync.Mutex
	out    io.Writer
	p      *dagrun.Pipeline
	redact func(string) string
	color  bool
	width  int
}

// newOutputStream streams to out; colored names get a colour each.
func newOutputStream(out io.Writer, p *dagrun.Pipeline, colored bool) *outputStream {
	return &outputStream{out: out, p: p, redact: p.Redact, color: colored, width: nameWidth(p)}
}

// wire adds the stream to opts' pipe logs.
func (s *outputStream) wire(opts dagrun.RunOptions) dagrun.RunOptions {
	prev := opts.PipeLog
	opts.PipeLog = func(task string) io.Writer {
		w := s.pipe(task)
		if prev != nil {
			if p := prev(task); p != nil {
				return io.MultiWriter(p, w)
			}
		}
		return w
	}
	return opts
}

// streamColors are the colours names take, the ones docker compose uses:
// readable on dark and light terminals alike.
var streamColors = []color.Attribute{
	color.FgCyan, color.FgYellow, color.FgGreen, color.FgMagenta, color.FgBlue,
	color.FgHiCyan, color.FgHiYellow, color.FgHiGreen, color.FgHiMagenta, color.FgHiBlue,
}

// streamColor is the colour of a pipe's name: the same on every run, chosen
// from the name alone.
func streamColor(name string) color.Attribute {
	h := fnv.New32a()
	h.Write([]byte(name))
	return streamColors[h.Sum32()%uint32(len(streamColors))]
}

// pipe returns the writer of the pipe task's output, named as the views
// name it (a step by its path, an instance by its address).
func (s *outputStream) pipe(task string) io.Writer {
	name := displayName(s.p, task)
	padded := name + strings.Repeat(" ", max(s.width-runewidth.StringWidth(name), 0))
	prefix := padded + " | "
	if s.color {
		c := color.New(streamColor(name))
		c.EnableColor()
		prefix = c.Sprint(padded+" |") + " "
	}
	return &streamWriter{s: s, prefix: []byte(prefix)}
}

// streamWriter is one pipe's writer. Each write is a run of whole lines
// (exec holds a partial line back until its newline, until it grows past
// its line limit, or until the process's stream ends); a write that ends
// mid-line is ended with a newline, so that the next line of any pipe
// starts on a line of its own.
type streamWriter struct {
	s      *outputStream
	prefix []byte
}

func (w *streamWriter) Write(b []byte) (int, error) {
	n := len(b)
	out := prefixLines(w.prefix, []byte(escapeText(w.s.redact(string(b)))))
	if len(out) == 0 {
		return n, nil
	}
	w.s.mu.Lock()
	defer w.s.mu.Unlock()
	_, _ = w.s.out.Write(out) // a closed terminal must not fail the pipe
	return n, nil
}

// outputStream is the stream of a run shown by view v: coloured names on
// a terminal unless colours are off (--no-color, NO_COLOR, TERM=dumb).
func (e *env) outputStream(v view, p *dagrun.Pipeline, noColor bool) *outputStream {
	_, tty := terminal(e.stdout)
	return newOutputStream(streamOutput(v, e.stdout), p, tty && useColor(noColor))
}

// streamOutput is where the stream of a run with view v is written: above
// the live area of the TTY view, else through the text view's lock.
func streamOutput(v view, stdout io.Writer) io.Writer {
	switch v := v.(type) {
	case *ttyView:
		return v
	case *textView:
		return textViewWriter{v}
	}
	return stdout
}

// textViewWriter writes to the text view's output under its lock, between
// two of its lines.
type textViewWriter struct{ v *textView }

func (t textViewWriter) Write(b []byte) (int, error) {
	t.v.mu.Lock()
	defer t.v.mu.Unlock()
	return t.v.w.Write(b)
}

// prefixLines starts every line of text with prefix, and ends the last
// with a newline if it has none: what a view prints of a pipe's output.
func prefixLines(prefix, text []byte) []byte {
	var out []byte
	for len(text) > 0 {
		line := text
		if i := bytes.IndexByte(text, '\n'); i >= 0 {
			line = text[:i+1]
		}
		out = append(out, prefix...)
		out = append(out, line...)
		text = text[len(line):]
	}
	if len(out) > 0 && out[len(out)-1] != '\n' {
		out = append(out, '\n')
	}
	return out
}
