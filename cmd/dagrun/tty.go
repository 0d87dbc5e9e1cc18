package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fatih/color"
	"github.com/mattn/go-isatty"
	"github.com/mattn/go-runewidth"
	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/executor"
)

// ttyRefresh is how often the live area is redrawn: often enough for elapsed
// times and countdowns to look alive, rarely enough to cost nothing.
const ttyRefresh = 150 * time.Millisecond

// maxNameColumn caps the pipe-name column so that one long nested path does not
// push every status off the screen.
const maxNameColumn = 32

// humanView is the view for people: the live view when stdout is a terminal that
// can move its cursor, else the timestamped text view (pipes, files, CI logs).
func (e *env) humanView(p *dagrun.Pipeline, noColor bool) view {
	if f, ok := terminal(e.stdout); ok && os.Getenv("TERM") != "dumb" {
		return newTTYView(f, p, useColor(noColor))
	}
	return newTextView(e.stdout, p)
}

// useColor follows --no-color and the https://no-color.org convention: any
// non-empty NO_COLOR turns color off, and so does a dumb terminal.
func useColor(noColor bool) bool {
	return !noColor && os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"
}

// terminal returns w as a file when it is a terminal.
func terminal(w io.Writer) (*os.File, bool) {
	f, ok := w.(*os.File)
	if !ok || !isatty.IsTerminal(f.Fd()) {
		return nil, false
	}
	return f, true
}

// logOutput is where structured logs go: stderr, except that while the live
// view owns the same terminal they are printed above its live area, so they
// neither get erased by a redraw nor tear it.
func logOutput(v view, stderr io.Writer) io.Writer {
	if tv, ok := v.(*ttyView); ok {
		if _, ok := terminal(stderr); ok {
			return tv
		}
	}
	return stderr
}

// ttyView is apply's live view on a terminal. A line per running pipe (attempt,
// elapsed time, retry countdown) is redrawn in place by mpb; a finished pipe
// leaves a permanent line above that area, in the order the pipes finished;
// finish prints the text view's summary. Lines are cut to the terminal width so
// that a redraw never wraps.
//
// A running pipe's line shows its finished state in one last frame before it
// is dropped, and only then is its permanent line printed above: the line
// never shows a pipe as running after it ended, and no line is lost however
// many pipes end at once (mpb's own "pop completed" mode drops what does not
// fit the screen).
//
// Locking: mpb's render goroutine reads the pipe states (through the
// decorators) while the run's goroutines write them, so each has its own
// mutex. No mpb method is called with one of our locks held: mpb's render
// waits for those decorators.
type ttyView struct {
	out   *os.File
	p     *dagrun.Pipeline
	style ttyStyle
	name  int // width of the name column
	now   func() time.Time

	mu       sync.Mutex
	state    int // ttyIdle, ttyLive, ttyDone
	prog     *mpb.Progress
	refresh  chan any      // asks mpb for a redraw
	stopped  chan any      // closed by mpb when it stops (also on a render error)
	stopTick chan struct{} // ends the ticker goroutine
	tickDone chan struct{}
	pipes    map[string]*ttyPipe
	done     []*ttyDone // permanent lines not printed yet, in order
	runLine  string     // "run succeeded in 1.2s", printed by finish
}

const (
	ttyIdle = iota // nothing shown yet: no goroutine to stop
	ttyLive        // mpb is drawing
	ttyOver        // finished: write straight to the terminal
)

func newTTYView(out *os.File, p *dagrun.Pipeline, colored bool) *ttyView {
	v := &ttyView{out: out, p: p, style: newTTYStyle(colored), now: time.Now, pipes: map[string]*ttyPipe{}}
	for _, id := range p.PipeIDs() {
		v.name = max(v.name, runewidth.StringWidth(displayName(p, id)))
	}
	v.name = min(v.name, maxNameColumn)
	return v
}

// start creates the mpb container on the first event, so a run that never
// starts leaves nothing to stop. The caller holds v.mu.
func (v *ttyView) start() {
	if v.state != ttyIdle {
		return
	}
	v.state = ttyLive
	v.refresh = make(chan any)
	v.stopped = make(chan any)
	v.stopTick = make(chan struct{})
	v.tickDone = make(chan struct{})
	// Manual refresh, driven by our own ticker: each tick first prints the
	// permanent lines that are due, then redraws; and finish can ask for the
	// last redraws and know they happened before the container stops.
	v.prog = mpb.New(mpb.WithOutput(v.out), mpb.WithManualRefresh(v.refresh), mpb.WithShutdownNotifier(v.stopped))
	go func() {
		defer close(v.tickDone)
		t := time.NewTicker(ttyRefresh)
		defer t.Stop()
		for {
			select {
			case <-v.stopTick:
				return
			case <-t.C:
				v.printDone(false)
				if !v.redraw(v.stopTick) {
					return
				}
			}
		}
	}()
}

// redraw asks mpb for a frame; false if stop or mpb's end came first.
func (v *ttyView) redraw(stop <-chan struct{}) bool {
	select {
	case v.refresh <- time.Now():
		return true
	case <-stop:
	case <-v.stopped:
	}
	return false
}

// live returns the container while it draws, nil before and after.
func (v *ttyView) live() *mpb.Progress {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.start()
	if v.state != ttyLive {
		return nil
	}
	return v.prog
}

// Write prints b above the live area (structured logs while the run lasts), or
// straight to the terminal when nothing is drawing.
func (v *ttyView) Write(b []byte) (int, error) {
	v.mu.Lock()
	prog := v.prog
	if v.state != ttyLive {
		prog = nil
	}
	v.mu.Unlock()
	return v.writeAbove(prog, b)
}

// writeAbove writes b above prog's live area, or straight to the terminal
// when prog is nil or has stopped.
func (v *ttyView) writeAbove(prog *mpb.Progress, b []byte) (int, error) {
	if prog != nil {
		n, err := prog.Write(b)
		var over mpb.ErrDone[*mpb.Progress]
		if !errors.As(err, &over) {
			return n, err
		}
	}
	return v.out.Write(b)
}

// printDone prints the permanent lines that are due, in order: up to the
// first whose live line has not shown its last frame yet, or all of them.
// Only the ticker and then finish call it, once the container exists.
func (v *ttyView) printDone(all bool) {
	v.mu.Lock()
	n := 0
	for n < len(v.done) && (all || v.done[n].shown.Load()) {
		n++
	}
	due := v.done[:n:n]
	v.done = v.done[n:]
	v.mu.Unlock()
	if len(due) == 0 {
		return
	}
	width := v.termWidth()
	var b strings.Builder
	for _, d := range due {
		line, _ := v.line(d.symbol, d.name, d.msg, width)
		b.WriteString(line)
		b.WriteByte('\n')
		for _, l := range d.tail {
			t, _ := v.line(" ", "", "| "+l, width)
			b.WriteString(t)
			b.WriteByte('\n')
		}
	}
	_, _ = v.writeAbove(v.prog, []byte(b.String()))
}

// lineStart begins every line the view draws: a carriage return, so that a
// line starts in the first column even when the terminal has just echoed
// something (^C) after the live area.
const lineStart = "\r"

// line lays out one line of the view on a terminal of width columns, and
// returns the columns it takes: a symbol, the pipe's name in its column, what
// it is doing; one column spare, because writing the last one makes some
// terminals wrap.
func (v *ttyView) line(symbol, name, msg string, width int) (string, int) {
	if symbol == "" && name == "" {
		text := truncate(msg, width-1)
		return lineStart + text, runewidth.StringWidth(text)
	}
	col := min(v.name, max(width/3, 8))
	text := truncate(padName(name, col)+"  "+msg, width-3)
	return lineStart + symbol + " " + text, 2 + runewidth.StringWidth(text)
}

func (v *ttyView) termWidth() int {
	if cols := terminalColumns(v.out); cols > 0 {
		return cols
	}
	return 80
}

func (v *ttyView) Event(e executor.Event) {
	if e.Gate {
		return // a composite's gate; the summary shows the composite
	}
	prog := v.live()
	if prog == nil {
		return
	}
	switch e.Type {
	case executor.EventRunStarted:
		v.queue(&ttyDone{msg: "run started: pipeline " + escapeText(v.p.Name())}, nil)
	case executor.EventAttemptStarted:
		ps, isNew := v.pipe(e.Node)
		ps.mu.Lock()
		ps.attempt, ps.maxAttempts, ps.started = e.Attempt, e.MaxAttempts, e.Time
		ps.retryAt, ps.lastErr = time.Time{}, ""
		ps.mu.Unlock()
		if isNew {
			bar, err := prog.Add(0, mpb.NopStyle().Build(), mpb.BarFillerTrim(), mpb.PrependDecorators(&ttyLine{v: v, ps: ps}))
			if err == nil {
				ps.mu.Lock()
				ps.bar = bar
				ps.mu.Unlock()
			}
		}
	case executor.EventAttemptFinished:
		if e.AttemptResult == executor.AttemptOK {
			return
		}
		ps, _ := v.pipe(e.Node)
		msg := attemptProblem(v.p.Redact, &e)
		ps.mu.Lock()
		ps.lastErr = fmt.Sprintf("attempt %d %s", e.Attempt, msg)
		ps.mu.Unlock()
	case executor.EventRetrying:
		ps, _ := v.pipe(e.Node)
		ps.mu.Lock()
		ps.retryAt, ps.attempt, ps.maxAttempts = e.Time.Add(e.Delay), e.Attempt, e.MaxAttempts
		ps.mu.Unlock()
	case executor.EventPipeFinished:
		v.mu.Lock()
		ps := v.pipes[e.Node]
		delete(v.pipes, e.Node)
		v.mu.Unlock()
		v.queue(v.finished(e), ps)
	case executor.EventRunFinished:
		v.mu.Lock()
		v.runLine = fmt.Sprintf("run %s in %s", e.Status, roundDuration(e.Duration))
		v.mu.Unlock()
	case executor.EventDeadlineMissed:
		d := &ttyDone{symbol: v.style.fail.Sprint("!"), name: "pipeline", msg: deadlineLine(e)}
		if e.Node != "" {
			d.name = displayName(v.p, e.Node)
		}
		v.queue(d, nil)
	}
}

// queue adds a permanent line. A pipe with a live line shows it there in a
// last frame, then the line is dropped; without one it is due at once.
func (v *ttyView) queue(d *ttyDone, ps *ttyPipe) {
	var bar *mpb.Bar
	if ps != nil {
		ps.mu.Lock()
		ps.done, bar = d, ps.bar
		ps.mu.Unlock()
	}
	if bar == nil {
		d.shown.Store(true)
	}
	v.mu.Lock()
	v.done = append(v.done, d)
	v.mu.Unlock()
	if bar != nil {
		bar.Abort(true)
	}
}

// pipe returns the live state of node id, creating it the first time.
func (v *ttyView) pipe(id string) (ps *ttyPipe, isNew bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if ps, ok := v.pipes[id]; ok {
		return ps, false
	}
	ps = &ttyPipe{name: displayName(v.p, id)}
	v.pipes[id] = ps
	return ps, true
}

// finished is the permanent line of a finished pipe: ✓, ✗ or – and why.
func (v *ttyView) finished(e executor.Event) *ttyDone {
	d := &ttyDone{name: displayName(v.p, e.Node)}
	switch e.Status {
	case executor.StatusSucceeded:
		d.symbol = v.style.ok.Sprint("✓")
		switch {
		case e.Reused:
			d.msg = "reused from an earlier run"
		case e.Attempt > 1:
			d.msg = fmt.Sprintf("succeeded in %s after %d attempts", roundDuration(e.Duration), e.Attempt)
		default:
			d.msg = fmt.Sprintf("succeeded in %s", roundDuration(e.Duration))
		}
	case executor.StatusUpToDate:
		d.symbol = v.style.ok.Sprint("✓")
		d.msg = "up_to_date"
	case executor.StatusFailed:
		d.symbol = v.style.fail.Sprint("✗")
		failed := "failed"
		if e.Allowed {
			failed = "failed (allowed)"
		}
		d.msg = fmt.Sprintf("%s after %d attempt(s): %s", failed, e.Attempt, errLine(v.p.Redact, e.Err))
		if !e.Group {
			d.tail = errTail(v.p.Redact, e.Err)
		}
	default:
		d.symbol = v.style.skip.Sprint("–")
		d.msg = e.Status.String()
		if e.Reason != "" {
			d.msg += " (" + e.Reason + ")"
		}
	}
	return d
}

func (v *ttyView) finish(res *dagrun.Result) {
	v.mu.Lock()
	live := v.state == ttyLive
	v.state = ttyOver
	pipes := v.pipes
	v.pipes = map[string]*ttyPipe{}
	runLine := v.runLine
	v.mu.Unlock()
	if live {
		// Every pipe has finished by now; drop any line left all the same
		// (a pipe whose end was never reported must not hold Wait forever).
		for _, ps := range pipes {
			ps.mu.Lock()
			bar := ps.bar
			ps.mu.Unlock()
			if bar != nil {
				bar.Abort(true)
			}
		}
		close(v.stopTick)
		<-v.tickDone
		// A frame in which every live line shows its last state (the second
		// request returns once mpb has taken the first), the permanent lines,
		// and a frame that prints them with the live area gone.
		v.redraw(nil)
		v.redraw(nil)
		v.printDone(true)
		v.redraw(nil)
		v.prog.Wait()
	}
	if runLine != "" {
		fmt.Fprintln(v.out, runLine)
	}
	newTextView(v.out, v.p).finish(res)
}

// ttyPipe is what the live line of a running pipe shows.
type ttyPipe struct {
	name string

	mu          sync.Mutex
	bar         *mpb.Bar
	attempt     int
	maxAttempts int
	started     time.Time // of the current attempt
	retryAt     time.Time // while backing off before the next attempt
	lastErr     string    // why the last attempt failed
	done        *ttyDone  // once finished
}

// ttyDone is a permanent line: a finished pipe, or the run's start.
type ttyDone struct {
	symbol, name, msg string
	tail              []string    // lines under msg: a failure's last output lines
	shown             atomic.Bool // its pipe's live line showed it: it is due
}

// ttyLine is the decorator that draws a running pipe's line. It reports the
// visible width itself: colors would make mpb's own count too large.
type ttyLine struct {
	decor.WC
	v  *ttyView
	ps *ttyPipe
}

var spinnerFrames = []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}

func (d *ttyLine) Decor(s decor.Statistics) (string, int) {
	now := d.v.now()
	ps := d.ps
	ps.mu.Lock()
	var symbol, msg string
	switch {
	case ps.done != nil:
		symbol, msg = ps.done.symbol, ps.done.msg
		defer ps.done.shown.Store(true)
	case !ps.retryAt.IsZero():
		symbol = d.v.style.retry.Sprint("↻")
		msg = fmt.Sprintf("retrying in %s (attempt %d/%d)", countdown(ps.retryAt.Sub(now)), ps.attempt, ps.maxAttempts)
		if ps.lastErr != "" {
			msg += " · " + ps.lastErr
		}
	default:
		elapsed := max(now.Sub(ps.started), 0)
		symbol = d.v.style.run.Sprint(spinnerFrames[int(elapsed/(100*time.Millisecond))%len(spinnerFrames)])
		msg = fmt.Sprintf("attempt %d/%d  %s", ps.attempt, ps.maxAttempts, elapsedText(elapsed))
	}
	ps.mu.Unlock()
	return d.v.line(symbol, ps.name, msg, s.AvailableWidth)
}

// ttyStyle colors the status symbols, or leaves them plain.
type ttyStyle struct {
	ok, fail, skip, run, retry *color.Color
}

func newTTYStyle(colored bool) ttyStyle {
	s := ttyStyle{
		ok:    color.New(color.FgGreen),
		fail:  color.New(color.FgRed, color.Bold),
		skip:  color.New(color.FgYellow),
		run:   color.New(color.FgCyan),
		retry: color.New(color.FgYellow),
	}
	// Each color decides for itself: fatih/color's package default looks at
	// os.Stdout when the program starts, which is not the question asked here.
	for _, c := range []*color.Color{s.ok, s.fail, s.skip, s.run, s.retry} {
		if colored {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
	}
	return s
}

// padName left-aligns a name in a column of width w, cutting it if longer.
func padName(name string, w int) string {
	name = truncate(name, w)
	return name + strings.Repeat(" ", max(w-runewidth.StringWidth(name), 0))
}

// truncate cuts s to w terminal columns, marking the cut with an ellipsis.
func truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	return runewidth.Truncate(s, w, "…")
}

// elapsedText shows a running time to a tenth of a second, then in whole seconds.
func elapsedText(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%.1fs", d.Seconds())
	}
	return d.Truncate(time.Second).String()
}

// countdown shows the time left before a retry, rounded up so that it reads
// 0s only when the retry is due.
func countdown(d time.Duration) string {
	switch {
	case d <= 0:
		return "0s"
	case d < 10*time.Second:
		return fmt.Sprintf("%.1fs", math.Ceil(d.Seconds()*10)/10)
	default:
		return (time.Duration(math.Ceil(d.Seconds())) * time.Second).String()
	}
}
