package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/rules"
)

// versionString is set with -ldflags "-X main.versionString=v1.2.3".
var versionString = ""

func version() string {
	if versionString != "" {
		return versionString
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// view renders a run: events as they happen, then the result.
type view interface {
	executor.Observer
	finish(res *dagrun.Result)
}

// textView prints one timestamped line per event, then a summary table and the
// outputs. Lines are written whole under a lock: events arrive concurrently.
type textView struct {
	mu    sync.Mutex
	w     io.Writer
	p     *dagrun.Pipeline
	width int
}

func newTextView(w io.Writer, p *dagrun.Pipeline) *textView {
	return &textView{w: w, p: p, width: nameWidth(p)}
}

// maxNameWidth bounds the name column: a longer name (a long for_each key)
// pushes its own line's message right rather than every line's.
const maxNameWidth = 48

// nameWidth is the width of the name column of the text view: the longest
// name a line can show, instances of static for_each pipes included
// (classify[1], routing[a].checks.one).
func nameWidth(p *dagrun.Pipeline) int {
	width := 0
	cfg := p.Config()
	for _, id := range p.PipeIDs() {
		width = max(width, len(displayName(p, id)))
		if cfg == nil {
			continue
		}
		cp, ok := cfg.Pipe(id)
		if !ok || cp.ForEach == nil || cp.ForEach.Dynamic {
			continue
		}
		suffix := 0 // the longest step path below a for_each composite
		for _, step := range cfg.Pipes {
			if step.FanOut == cp.ID {
				suffix = max(suffix, len(step.Path)-len(cp.Path))
			}
		}
		for _, key := range cp.ForEach.Keys {
			width = max(width, len(escapeText(cp.ID+"["+key+"]"))+suffix)
		}
	}
	return min(width, maxNameWidth)
}

func (v *textView) Event(e executor.Event) {
	if e.Gate {
		return // a composite's gate; the summary shows the composite
	}
	var msg string
	var tail []string // lines shown under msg: a failure's last output lines
	switch e.Type {
	case executor.EventRunStarted:
		msg = fmt.Sprintf("run started: pipeline %s", escapeText(v.p.Name()))
	case executor.EventAttemptStarted:
		msg = fmt.Sprintf("started (attempt %d/%d)", e.Attempt, e.MaxAttempts)
	case executor.EventAttemptFinished:
		switch e.AttemptResult {
		case executor.AttemptOK:
			return
		default:
			msg = fmt.Sprintf("attempt %d/%d %s", e.Attempt, e.MaxAttempts, attemptProblem(v.p.Redact, &e))
		}
	case executor.EventRetrying:
		msg = fmt.Sprintf("retrying in %s (attempt %d/%d)", roundDuration(e.Delay), e.Attempt, e.MaxAttempts)
	case executor.EventPipeFinished:
		switch e.Status {
		case executor.StatusSucceeded:
			msg = fmt.Sprintf("succeeded in %s", roundDuration(e.Duration))
			if e.Reused {
				msg = "reused (succeeded in an earlier run)"
			}
		case executor.StatusFailed:
			if e.Group {
				// A composite or a fan-out: its error names the member that
				// failed, whose own line gave its attempts.
				msg = "failed: " + errLine(v.p.Redact, e.Err)
				break
			}
			failed := "failed"
			if e.Allowed {
				failed = "failed (allowed)"
			}
			msg = fmt.Sprintf("%s after %d attempt(s): %s", failed, e.Attempt, errLine(v.p.Redact, e.Err))
			tail = errTail(v.p.Redact, e.Err)
		default:
			msg = e.Status.String()
			if e.Reason != "" {
				msg += " (" + e.Reason + ")"
			}
		}
		if e.FanOut {
			msg += memberCounts(e.Members)
		}
	case executor.EventRunFinished:
		msg = fmt.Sprintf("run %s in %s", e.Status, roundDuration(e.Duration))
	case executor.EventDeadlineMissed:
		msg = deadlineLine(e)
	default:
		return
	}
	name := ""
	if e.Node != "" {
		name = displayName(v.p, e.Node)
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if n := len(name); n > v.width && n <= maxNameWidth {
		v.width = n // an instance of a collection known only now
	}
	if name == "" {
		fmt.Fprintf(v.w, "%s %s\n", e.Time.Format("15:04:05"), msg)
		return
	}
	fmt.Fprintf(v.w, "%s %-*s  %s\n", e.Time.Format("15:04:05"), v.width, name, msg)
	for _, l := range tail {
		fmt.Fprintf(v.w, "%8s %-*s  | %s\n", "", v.width, "", l)
	}
}

// memberCounts says how the members of a group ended: " (3 succeeded, 1
// filtered)", or "" when it has none.
func memberCounts(g *rules.Group) string {
	if g == nil {
		return ""
	}
	var parts []string
	for _, c := range []struct {
		n   int
		how string
	}{{g.Succeeded, "succeeded"}, {g.UpToDate, "up_to_date"}, {g.Failed, "failed"}, {g.Allowed, "failed (allowed)"}, {g.Cancelled, "cancelled"}, {g.Skipped, "skipped"}, {g.Filtered, "filtered"}} {
		if c.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c.n, c.how))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

func (v *textView) finish(res *dagrun.Result) {
	v.mu.Lock()
	defer v.mu.Unlock()
	// Buffered: tabwriter writes each cell and each padding on its own, which
	// for 1000 pipes was 8000 writes to stdout and 8-15 ms.
	w := bufio.NewWriter(v.w)
	defer w.Flush()
	if res.Err != nil {
		fmt.Fprintf(w, "\nrun ended early: %s\n", escapeText(res.Err.Error()))
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "PIPE\tSTATUS\tATTEMPTS\tDURATION")
	for _, r := range res.Pipes {
		status := r.Status.String()
		switch {
		case r.Reused:
			status += " (reused)"
		case r.Reason != "":
			status += " (" + r.Reason + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", displayName(v.p, r.ID), status, r.Attempts, roundDuration(r.Duration))
	}
	tw.Flush()
	if len(res.Outputs) > 0 {
		fmt.Fprintln(w, "\nOutputs:")
		for _, o := range res.Outputs {
			fmt.Fprintf(w, "%s = %s\n", o.Name, renderOutput(v.p, o))
		}
	}
}

// jsonView writes one JSON object per event on its own line, and nothing else.
type jsonView struct {
	mu    sync.Mutex
	enc   *json.Encoder
	p     *dagrun.Pipeline
	runID string // set before the run starts
}

func newJSONView(w io.Writer, p *dagrun.Pipeline) *jsonView {
	return &jsonView{enc: json.NewEncoder(w), p: p}
}

type jsonEvent struct {
	Time        string           `json:"time"`
	Type        string           `json:"type"`
	Pipeline    string           `json:"pipeline"`
	Pipe        string           `json:"pipe,omitempty"`
	Path        string           `json:"path,omitempty"`
	Key         string           `json:"key,omitempty"`
	Status      string           `json:"status,omitempty"`
	Reason      string           `json:"reason,omitempty"`
	Attempt     int              `json:"attempt,omitempty"`
	MaxAttempts int              `json:"max_attempts,omitempty"`
	Result      string           `json:"result,omitempty"`
	Delay       *float64         `json:"delay_seconds,omitempty"`
	Duration    *float64         `json:"duration_seconds,omitempty"`
	Error       string           `json:"error,omitempty"`
	Reused      bool             `json:"reused,omitempty"`
	Allowed     bool             `json:"allowed,omitempty"`
	Handler     bool             `json:"handler,omitempty"`          // the event of a handler of the run
	Deadline    *float64         `json:"deadline_seconds,omitempty"` // deadline_missed: the deadline, from the run's start
	Outputs     map[string]any   `json:"outputs,omitempty"`
	Diagnostics []jsonDiagnostic `json:"diagnostics,omitempty"`
	Pipes       []jsonPipeState  `json:"pipes,omitempty"`
	RunID       string           `json:"run_id"`             // the run's id, as `dagrun runs` shows it
	Version     int              `json:"version"`            // jsonEventsVersion
	TraceID     string           `json:"trace_id,omitempty"` // a traced run's
	SpanID      string           `json:"span_id,omitempty"`
}

// jsonDiagnostic is a diagnostic of the run's outputs, where the source
// excerpt of the text output would not fit: its severity (error or warning),
// summary, detail, and the file, line and column of the expression.
type jsonDiagnostic struct {
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	Detail   string `json:"detail,omitempty"`
	File     string `json:"file,omitempty"`
	Line     int    `json:"line,omitempty"`
	Column   int    `json:"column,omitempty"`
}

type jsonPipeState struct {
	Pipe     string  `json:"pipe"`
	Status   string  `json:"status"`
	Reason   string  `json:"reason,omitempty"`
	Attempts int     `json:"attempts"`
	Duration float64 `json:"duration_seconds"`
	Error    string  `json:"error,omitempty"`
	Reused   bool    `json:"reused,omitempty"`
	Allowed  bool    `json:"allowed,omitempty"`
	Handler  bool    `json:"handler,omitempty"`
}

// jsonEventTypes names events as users read them: pipe_started,
// pipe_retrying, pipe_succeeded, ...
func jsonEventType(e executor.Event) string {
	switch e.Type {
	case executor.EventAttemptStarted:
		return "pipe_started"
	case executor.EventAttemptFinished:
		return "attempt_" + map[executor.AttemptResult]string{executor.AttemptOK: "succeeded", executor.AttemptError: "failed", executor.AttemptTimeout: "timed_out"}[e.AttemptResult]
	case executor.EventRetrying:
		return "pipe_retrying"
	case executor.EventPipeFinished:
		return "pipe_" + e.Status.String()
	}
	return e.Type.String()
}

func (v *jsonView) Event(e executor.Event) { v.event(e, nil) }

// WithSpans returns the view for a traced run: each event names its trace
// and span (dagrun.RunOptions.TracerProvider).
func (v *jsonView) WithSpans(spanOf func(node string) (traceID, spanID string)) executor.Observer {
	return executor.ObserverFunc(func(e executor.Event) { v.event(e, spanOf) })
}

func (v *jsonView) event(e executor.Event, spanOf func(string) (string, string)) {
	if e.Type == executor.EventRunFinished || e.Gate {
		return // run_finished is written by finish; a composite's gate is in its summary
	}
	je := jsonEvent{
		Time:        e.Time.UTC().Format(time.RFC3339Nano),
		Version:     jsonEventsVersion,
		Type:        jsonEventType(e),
		RunID:       v.runID,
		Pipeline:    v.p.Name(),
		Pipe:        e.Node,
		Key:         e.Key,
		Attempt:     e.Attempt,
		MaxAttempts: e.MaxAttempts,
		Reason:      e.Reason,
		Reused:      e.Reused,
		Allowed:     e.Allowed,
		Handler:     e.Handler,
	}
	if e.Type == executor.EventDeadlineMissed {
		je.Deadline = seconds(e.Duration)
	}
	if e.Node != "" {
		je.Path = displayName(v.p, e.Node)
	}
	switch e.Type {
	case executor.EventPipeFinished:
		je.Status = e.Status.String()
		je.Duration = seconds(e.Duration)
	case executor.EventAttemptFinished:
		je.Result = e.AttemptResult.String()
		je.Duration = seconds(e.Duration)
	case executor.EventRetrying:
		je.Delay = seconds(e.Delay)
	}
	if e.Err != nil {
		je.Error = v.p.Redact(e.Err.Error())
	}
	if spanOf != nil {
		je.TraceID, je.SpanID = spanOf(e.Node)
	}
	v.write(je)
}

func (v *jsonView) finish(res *dagrun.Result) {
	je := jsonEvent{
		Time:     res.Started.Add(res.Duration).UTC().Format(time.RFC3339Nano),
		Version:  jsonEventsVersion,
		Type:     "run_finished",
		RunID:    v.runID,
		Pipeline: v.p.Name(),
		Status:   res.Status.String(),
		Duration: seconds(res.Duration),
	}
	if res.Err != nil {
		je.Error = res.Err.Error()
	}
	for _, r := range res.Pipes {
		ps := jsonPipeState{Pipe: r.ID, Status: r.Status.String(), Reason: r.Reason, Attempts: r.Attempts, Duration: r.Duration.Seconds(), Reused: r.Reused, Allowed: r.Allowed, Handler: r.Handler}
		if r.Err != nil {
			ps.Error = v.p.Redact(r.Err.Error())
		}
		je.Pipes = append(je.Pipes, ps)
	}
	if len(res.Outputs) > 0 {
		je.Outputs = map[string]any{}
		for _, o := range res.Outputs {
			je.Outputs[o.Name] = outputJSON(v.p, o)
		}
	}
	for _, d := range res.OutputDiagnostics {
		jd := jsonDiagnostic{Severity: "warning", Summary: v.p.Redact(d.Summary), Detail: v.p.Redact(d.Detail)}
		if d.Severity == hcl2.DiagError {
			jd.Severity = "error"
		}
		if r := d.Subject; r != nil {
			jd.File, jd.Line, jd.Column = r.Filename, r.Start.Line, r.Start.Column
		}
		je.Diagnostics = append(je.Diagnostics, jd)
	}
	v.write(je)
}

func (v *jsonView) write(je jsonEvent) {
	v.mu.Lock()
	defer v.mu.Unlock()
	_ = v.enc.Encode(je)
}

func seconds(d time.Duration) *float64 {
	s := d.Seconds()
	return &s
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// firstLine is the first line of s, for a one-line view of a message, with
// control characters escaped (see escapeText).
func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return escapeText(s[:i]) + " …"
	}
	return escapeText(s)
}

func roundDuration(d time.Duration) time.Duration {
	switch {
	case d >= time.Minute:
		return d.Round(time.Second)
	case d >= time.Second:
		return d.Round(10 * time.Millisecond)
	default:
		return d.Round(time.Millisecond)
	}
}

const sensitiveText = "(sensitive)"

// renderOutput shows an output value as JSON text, or (sensitive).
func renderOutput(p *dagrun.Pipeline, o dagrun.Output) string {
	if o.Sensitive {
		return sensitiveText
	}
	if o.Value == cty.NilVal || o.Value.IsNull() {
		return "null"
	}
	if !o.Value.IsWhollyKnown() {
		return "(unknown)"
	}
	b, err := ctyjson.SimpleJSONValue{Value: o.Value}.MarshalJSON()
	if err != nil {
		return "(" + err.Error() + ")"
	}
	return p.Redact(string(b))
}

func outputJSON(p *dagrun.Pipeline, o dagrun.Output) any {
	s := renderOutput(p, o)
	if s == sensitiveText {
		return s
	}
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return s
	}
	return v
}

// attemptProblem says how an attempt that did not succeed ended, in every
// view alike: lost with its worker, timed out, or failed with its error.
func attemptProblem(redact func(string) string, e *executor.Event) string {
	switch {
	case errors.Is(e.Err, executor.ErrWorkerLost):
		return "lost: " + executor.ErrWorkerLost.Error()
	case e.AttemptResult == executor.AttemptTimeout:
		return "timed out"
	default:
		return "failed: " + errLine(redact, e.Err)
	}
}

// deadlineLine is what the views say of a missed deadline.
func deadlineLine(e executor.Event) string {
	if e.Node == "" {
		return fmt.Sprintf("pipeline deadline %s missed; the run goes on", roundDuration(e.Duration))
	}
	return fmt.Sprintf("deadline %s missed; the pipe goes on", roundDuration(e.Duration))
}
