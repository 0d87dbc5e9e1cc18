package hcl

import (
	"fmt"
	"slices"
	"strings"
	"time"

	hcl2 "github.com/hashicorp/hcl/v2"
)

// Handlers of the run: `handler "<kind>" { use = ... }` blocks. A handler is
// a pipe of its own (Pipe.Handler set, id handler.<kind>) with no
// dependencies: it reads every pipe, and run.status and run.failed, and runs
// when its moment comes (after every pipe has ended, or at a missed
// deadline), whatever the run's stop.

// HandlerKinds are the kinds of handler, in the order they run.
var HandlerKinds = []string{"success", "failure", "cancel", "exit", "deadline"}

// HandlerID is the id of the handler of kind: "handler.<kind>".
func HandlerID(kind string) string { return handlerSpec.Type + "." + kind }

// DefaultHandlerTimeout is the timeout of a handler's attempt that sets none.
const DefaultHandlerTimeout = time.Minute

// handlerOnlyRunAttrs are the attributes of run only handlers read.
var handlerOnlyRunAttrs = []string{"status", "failed"}

// notOnHandlers are the pipe meta-arguments a handler may not have, and why.
var notOnHandlers = map[string]string{
	"depends_on":    "a handler runs after every pipe of the run has ended (or at a missed deadline), so it has no dependencies: it reads any pipe.<id> without waiting for it.",
	"trigger":       "a handler's kind says when it runs.",
	"for_each":      "a handler runs once.",
	"sequential":    "a handler is one pipe with a type, not a composite.",
	"pool":          "a handler takes no pool slot.",
	"allow_failure": "a handler's failure never changes the run's status anyway.",
	"deadline":      "a handler has its own timeout instead.",
}

// declareHandlers declares the handler blocks, after the pipes.
func (l *loader) declareHandlers(blocks []*hcl2.Block) {
	seen := map[string]*hcl2.Block{}
	for _, b := range blocks {
		kind := b.Labels[0]
		if !slices.Contains(HandlerKinds, kind) {
			l.diags = append(l.diags, errorDiag("Unknown handler kind",
				fmt.Sprintf("%q is not a kind of handler; the kinds are %s.%s", kind, strings.Join(HandlerKinds, ", "), didYouMean(kind, HandlerKinds)), b.LabelRanges[0]))
			continue
		}
		if first, dup := seen[kind]; dup {
			l.diags = append(l.diags, errorDiag("Duplicate handler",
				fmt.Sprintf("A %q handler is already declared at %s: one handler of each kind.", kind, rangeString(first.DefRange)), b.DefRange))
			continue
		}
		seen[kind] = b
		if l.opts.sub != nil {
			continue // a called pipeline's handlers do not run (a warning at the call says so)
		}
		if pp, clash := l.pipeDecls[HandlerID(kind)]; clash {
			l.diags = append(l.diags, errorDiag("Handler id taken",
				fmt.Sprintf("The %q handler is named %s in the run, which pipe %s already is.", kind, HandlerID(kind), pp.Path), b.DefRange))
			continue
		}
		l.declarePipe(b, nil, true)
	}
	l.hasHandlers = len(seen) > 0
	l.p.handlers = l.hasHandlers
}

// checkHandlerAttrs reports the meta-arguments a handler may not have, and
// nested pipe blocks.
func (l *loader) checkHandlerAttrs(pp *Pipe, attrs hcl2.Attributes, nested hcl2.Blocks) {
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for n := range notOnHandlers {
			if !yield(n) {
				return
			}
		}
	}) {
		if a := attrs[name]; a != nil {
			l.diags = append(l.diags, errorDiag(fmt.Sprintf("%s on a handler", name),
				fmt.Sprintf("Handler %q may not have %s: %s", pp.Handler, name, notOnHandlers[name]), a.Range))
		}
	}
	if len(nested) > 0 {
		l.diags = append(l.diags, errorDiag("Steps in a handler",
			fmt.Sprintf("Handler %q has nested pipe blocks: a handler is one pipe with a type (use).", pp.Handler), nested[0].DefRange))
	}
}

// Handlers returns the handlers of the pipeline, in the order of their
// kinds.
func (p *Pipeline) Handlers() []*Pipe {
	var out []*Pipe
	for _, kind := range HandlerKinds {
		if pp, ok := p.byID[HandlerID(kind)]; ok && pp.Handler == kind {
			out = append(out, pp)
		}
	}
	return out
}

// handlerSpec is the `handler` block: the pipe meta-arguments a handler may
// have (its body is a pipe's otherwise: the type's arguments beside them).
var handlerSpec = &blockSpec{
	Type:   "handler",
	Labels: []string{"kind"},
	Doc:    handlerDoc,
	Attrs: func() []attrSpec {
		var out []attrSpec
		for _, a := range pipeMetaAttrs {
			if _, no := notOnHandlers[a.Name]; no {
				continue
			}
			if a.Name == "timeout" {
				a.Default = `"1m"`
				a.Doc = "Time limit of one attempt of the handler (its own setting only: `defaults` does not give it one)."
			}
			out = append(out, a)
		}
		return out
	}(),
}

const handlerDoc = "A handler of the run: a pipe (`use` and that type's arguments; `retries` as any pipe's, `defaults` included; a `timeout` of its own, 1m unless set) that runs when the run reaches a moment, the label saying which. " +
	"`\"success\"`, `\"failure\"`, `\"cancel\"`: once every pipe of the run has ended, when the run succeeded, failed (a pipe failed, or the run's `timeout` passed) or was cancelled (Ctrl-C, SIGTERM, the API); a run cancelled after a pipe failed runs both the failure and the cancel handler, in that order. " +
	"Then `\"exit\"`, whatever the status. These handlers run one at a time, each once the one before has ended. They run even when the run was stopped: a cancelled run's pipes are cancelled first, then its handlers run, each attempt limited by the handler's `timeout` (default 1m; a second Ctrl-C kills them as it kills pipes). " +
	"`\"deadline\"`: when a `deadline` (of the pipeline or a pipe) passes before what it is set on has ended, while the run goes on; once per run (one not started yet when the run is stopped is cancelled). " +
	"A handler reads every `pipe.<id>` without waiting for it (a deadline handler sees pipes still running as `pending`, with no output), and `run.status` (`succeeded`, `failed`, `cancelled`; `running` in a deadline handler) and `run.failed` (the ids of the pipes that failed, allowed failures left out) besides the other attributes of `run`. " +
	"A handler's failure is shown and recorded like a pipe's, but leaves the run's status and exit code alone. " +
	"Handlers are named `handler.<kind>` in views, events, logs, metrics (the `pipe` label) and the run's records, where their events carry `\"handler\": true`; a handler whose moment did not come is skipped with reason `trigger_not_met`. " +
	"At most one handler of each kind; no `depends_on`, `trigger`, `for_each`, `pool`, `allow_failure`, `deadline` or nested pipes. A called pipeline's handlers do not run (a warning at the call says so).\n\n" +
	"```hcl\nhandler \"failure\" {\n  use     = \"exec\"\n  command = [\"notify\", \"failed: ${join(\", \", run.failed)}\"]\n  retries = 1\n}\n\nhandler \"exit\" {\n  use     = \"exec\"\n  command = [\"rm\", \"-rf\", \"/tmp/work\"]\n}\n```"

const deadlineDoc = "When the pipe should have ended, from the run's start: past it, the deadline is missed (see Deadlines); the pipe goes on. Not on a step of a `for_each` composite, nor on a handler. On a pipe whose type has a `deadline` argument of its own (`wait`), `deadline` is that argument."

// deadlinesDoc is the reference's section on deadlines.
const deadlinesDoc = "A `deadline` on the `pipeline` block or on a pipe is when it should have ended, counted from the run's start. When it passes and the pipe (for the pipeline's: some pipe of the run) has not ended, the deadline is *missed*: an event `deadline_missed` (in JSON: `pipe` set for a pipe's deadline, absent for the pipeline's, and `deadline_seconds`), a warning log line, one more `dagrun_pipe_deadline_missed_total{pipeline,pipe}` or `dagrun_pipeline_deadline_missed_total{pipeline}`, and the `handler \"deadline\"`, if there is one, starts (once per run, at the first missed deadline). Nothing is stopped: the pipe and the run go on, and their statuses are what they would have been; `timeout` is what stops. A pipe that ended in time, or a run whose pipes all did, misses nothing. Under `--engine temporal` deadlines are the workflow's timers.\n\n```hcl\npipeline \"nightly\" {\n  deadline = \"1h\"   # every pipe should be done within the hour\n  timeout  = \"3h\"   # past this the run is stopped\n}\n\npipe \"report\" {\n  use      = \"exec\"\n  command  = [\"./report.sh\"]\n  deadline = \"10m\"\n}\n\nhandler \"deadline\" {\n  use     = \"exec\"\n  command = [\"notify\", \"nightly is late: report is ${pipe.report.status}\"]\n}\n```"

const pipelineDeadlineDoc = "When every pipe of the run should have ended, from its start: if some has not, the deadline is missed: an event (`deadline_missed`), a log line, `dagrun_pipeline_deadline_missed_total`, and the `handler \"deadline\"` if there is one; the run goes on (`timeout` is what stops it)."

// withoutHandlerAttrs is attrs without those a handler may not have
// (reported by checkHandlerAttrs).
func withoutHandlerAttrs(attrs hcl2.Attributes) hcl2.Attributes {
	out := make(hcl2.Attributes, len(attrs))
	for name, a := range attrs {
		if _, no := notOnHandlers[name]; !no {
			out[name] = a
		}
	}
	return out
}

// decodeDeadline reads a pipe's `deadline` from remain, unless its type has
// an argument of that name (then it is the type's), and returns the rest of
// the body.
func (l *loader) decodeDeadline(pp *Pipe, remain hcl2.Body) hcl2.Body {
	if pp.Type != nil {
		if ts := l.schemaOf(pp.Type); ts.err == nil && (ts.partial || slices.ContainsFunc(ts.schema.Attributes, func(a hcl2.AttributeSchema) bool { return a.Name == "deadline" })) {
			return remain
		}
	}
	content, rest, diags := splitBody(remain, ownableSchema)
	l.diags = append(l.diags, diags...)
	a := content.Attributes["deadline"]
	if a == nil {
		return rest
	}
	switch {
	case pp.Handler != "":
		l.diags = append(l.diags, errorDiag("deadline on a handler",
			fmt.Sprintf("Handler %q may not have deadline: %s", pp.Handler, notOnHandlers["deadline"]), a.Range))
	case pp.FanOut != "":
		l.diags = append(l.diags, errorDiag("deadline on a step of a for_each composite",
			fmt.Sprintf("Pipe %q runs inside the instances of for_each composite %q: set deadline on the composite.", pp.ID, pp.FanOut), a.Range))
	default:
		if d, ok := l.loadDuration(a, "deadline"); ok {
			if d <= 0 {
				l.diags = append(l.diags, errorDiag("Invalid deadline", "deadline must be more than zero.", a.Expr.Range()))
			} else {
				pp.Deadline = d
			}
		}
	}
	return rest
}
