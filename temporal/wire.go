package temporal

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/dagrun/dagrun/executor"
	dhcl "github.com/dagrun/dagrun/hcl"
	"github.com/dagrun/dagrun/pipes"
	"github.com/dagrun/dagrun/rules"
)

// Names registered with Temporal.
const (
	// WorkflowName is the workflow type of a pipeline run.
	WorkflowName = "dagrun.pipeline"
	// ActivityName is the activity type of a pipe.
	ActivityName = "dagrun.pipe"
	// EventsQuery returns the run's events from an index on (its argument),
	// a page at a time: EventPage.
	EventsQuery = "dagrun.events"
	// DefaultTaskQueue is the task queue of workflows and activities unless
	// told otherwise.
	DefaultTaskQueue = "dagrun"
)

// Error types of the application errors a pipe activity fails with.
const (
	errTypePipe      = "dagrun.PipeError"      // a failed attempt; retried if the pipe has retries left
	errTypePermanent = "dagrun.PermanentError" // a failed attempt; not retried
	errTypeSkipped   = "dagrun.Skipped"        // the pipe skipped itself (pipes.Skip)
	errTypeNotYet    = "dagrun.NotYet"         // a sensor's condition does not hold yet (pipes.NotYet): poll again
)

// ActivityID is the Temporal activity id of an attempt of a pipe's task:
// pipe_<task>#<attempt>, where task is the pipe's id, id[key] for a for_each
// instance, id[key].path for a step of a for_each composite.
func ActivityID(task string, attempt int) string { return "pipe_" + task + "#" + strconv.Itoa(attempt) }

// PollActivityID is the activity id of poll n (1, 2, ...) after the first of
// an attempt of a sensor (a wait pipe), whose first poll is ActivityID's:
// pipe_<task>#<attempt>.poll<n>.
func PollActivityID(task string, attempt, n int) string {
	return ActivityID(task, attempt) + ".poll" + strconv.Itoa(n)
}

// Value is a cty value serialized as JSON with its type, so that it decodes to
// exactly the value it was (a number stays a number, an object an object).
type Value struct {
	Type  json.RawMessage `json:"type"`
	Value json.RawMessage `json:"value"`
}

// encodeValue serializes v; cty.NilVal is nil. Marks (sensitive) are dropped:
// the value leaves the process.
func encodeValue(v cty.Value) (*Value, error) {
	if v == cty.NilVal {
		return nil, nil
	}
	v, _ = v.UnmarkDeep()
	if !v.IsWhollyKnown() {
		return nil, errors.New("value is not known")
	}
	ty, err := ctyjson.MarshalType(v.Type())
	if err != nil {
		return nil, err
	}
	val, err := ctyjson.Marshal(v, v.Type())
	if err != nil {
		return nil, err
	}
	return &Value{Type: ty, Value: val}, nil
}

// decode returns the value; nil is cty.NilVal.
func (v *Value) decode() (cty.Value, error) {
	if v == nil {
		return cty.NilVal, nil
	}
	ty, err := ctyjson.UnmarshalType(v.Type)
	if err != nil {
		return cty.NilVal, fmt.Errorf("value type: %w", err)
	}
	return ctyjson.Unmarshal(v.Value, ty)
}

// Input is the input of a run's workflow: everything needed to evaluate the
// pipeline on a host that has none of its files.
type Input struct {
	// Name, Dir and Files are what hcl.LoadFiles needs.
	Name  string
	Dir   string
	Files []dhcl.SourceFile
	// Vars is a variables file (HCL name = value lines) with the values the
	// starter resolved for every variable not left at its default.
	Vars string
	// Env are the values of the environment variables env() reads; an absent
	// name reads as unset.
	Env map[string]string
	// ReadFiles are the contents of the files file() reads, by path.
	ReadFiles map[string]string
	// Targets, when set, restricts the run to these pipes and their upstreams.
	Targets []string
	// Parallelism caps running pipes (0: unlimited). FailFast, Timeout: as the
	// pipeline's settings, resolved by the starter.
	Parallelism int
	FailFast    bool
	Timeout     time.Duration
	// Deadline is the pipeline's deadline (0: none): missing it stops
	// nothing (executor.Options.Deadline).
	Deadline time.Duration `json:",omitempty"`
	// TaskQueue is where pipe activities are scheduled ("": the workflow's).
	TaskQueue string
	// HeartbeatTimeout is how long a pipe's worker may stay silent before the
	// attempt is failed (and retried elsewhere).
	HeartbeatTimeout time.Duration
	// Run is what run.<attribute> is in the pipeline's expressions.
	Run dhcl.RunContext
	// Reused are the results of an earlier run this one takes over
	// (resume): the core reuses them (executor.Options.Reuse).
	Reused []PipeResult `json:",omitempty"`
	// Go, when set, makes the run one of the pipeline built in Go that the
	// workers registered as Name (Files, Vars, Env and ReadFiles are then
	// empty).
	Go *GoPipeline `json:",omitempty"`
	// ContinueAfter is how long a part of the run's history grows: once
	// it has this many events, the workflow starts no new attempt, lets
	// those running end, and continues as new (0: DefaultContinueAfter).
	ContinueAfter int `json:",omitempty"`
	// Continued, when set, makes the workflow the next part of a run
	// whose earlier parts continued as new. Files and ReadFiles are then
	// in its State.
	Continued *Continued `json:",omitempty"`

	carried *carriedState // Continued.State, unpacked (unpack)
}

// unpack reads the state a part of the run carried over (Continued.State):
// the pipeline's files go back where the first part had them.
func (in *Input) unpack() error {
	if in.Continued == nil || in.carried != nil {
		return nil
	}
	cs, err := unpackState(in.Continued.State)
	if err != nil {
		return fmt.Errorf("the state the run's earlier part carried over: %w", err)
	}
	in.Files, in.ReadFiles, in.carried = cs.Files, cs.ReadFiles, cs
	return nil
}

// DefaultContinueAfter is the length of a part of a run's workflow
// history, in events, past which the workflow continues as new: well
// under the 10,000 at which Temporal starts warning, and the 50,000 at
// which it stops a workflow.
const DefaultContinueAfter = 8000

// Continued is what a part of a run's workflow hands the part it continues
// as: the state of the run's scheduling core (executor.Continuation) and of
// its events, so that the run goes on as one run.
type Continued struct {
	// Started is when the run started (its first part).
	Started time.Time
	// FirstRunID is the workflow run id of the run's first part (the run's
	// record keeps it): the jitter of back-offs is seeded with it, and a
	// client checks with it that a part it asks is one of its run.
	FirstRunID string
	// Parts are the earlier parts, oldest first.
	Parts []Part
	// Events is how many events the earlier parts recorded: this part's
	// first event has this index.
	Events int
	// DeadlinesPassed, DeadlinesMissed and DeadlineHandlerFired: as
	// executor.Continuation says.
	DeadlinesPassed      int  `json:",omitempty"`
	DeadlinesMissed      int  `json:",omitempty"`
	DeadlineHandlerFired bool `json:",omitempty"`
	// State is the carried state (carriedState), as gzipped JSON: a run of
	// 20,000 pipes carries over 20,000 results and its pipeline's files,
	// under Temporal's limit of a payload (2 MB) once compressed.
	State []byte
}

// Part is a part of a run's workflow: its workflow run id, and the index of
// its first event.
type Part struct {
	RunID string
	First int
}

// carriedState is what a run carries from a part to the next: the state
// of each node the core kept (Continued.State), and what the events said
// of each node so far.
type carriedState struct {
	Results []PipeResult
	Nodes   []carriedNode
	// Files and ReadFiles are the input's (Input.Files, Input.ReadFiles).
	Files     []dhcl.SourceFile `json:",omitempty"`
	ReadFiles map[string]string `json:",omitempty"`
}

// carriedNode is what the earlier parts' events said of a node: its index
// (Event.Index, which a later part keeps), whether its pipe_finished was
// sent, and whether its pipe_ready was, without its end.
type carriedNode struct {
	ID    string
	Index int
	Ended bool `json:",omitempty"`
	Ready bool `json:",omitempty"`
}

// PipeTask is the input of a pipe activity: one attempt of one pipe (or
// instance), its type and evaluated arguments.
type PipeTask struct {
	Pipeline string
	RunID    string // the run's id (DAGRUN_RUN_ID)
	Task     string // id, or id[key] for an instance
	Series   string // metrics series (the pipe's id, shared by instances)
	Key      string
	Type     string
	Args     map[string]*Value
	Dir      string
	// Attempt is the attempt's number (the workflow decides retries: each
	// attempt is an activity of its own, tried once).
	Attempt int
	Retry   executor.RetryPolicy
	// Timeout is the pipe's timeout of an attempt, which the activity
	// enforces itself (Temporal's start-to-close timeout is later).
	Timeout time.Duration
	// Ready is when the pipe became ready to run (ready → started is its wait).
	Ready time.Time
	// FirstStarted is when the workflow started the pipe's first attempt.
	FirstStarted time.Time
	// Poll is, for a sensor whose condition did not hold at the attempt's
	// first poll, the number of this poll after it (1, 2, ...): it is no
	// attempt of its own. 0 otherwise.
	Poll int `json:",omitempty"`
}

// PipeOutput is the result of a pipe activity that succeeded.
type PipeOutput struct {
	Attempt int
	Output  *Value
	// Log is what the attempt wrote (exec stdout and stderr), at most
	// AttemptLogLimit of it: the client writes it to the run's pipe log.
	Log string `json:",omitempty"`
}

// AttemptLogLimit bounds the log an attempt sends home with its result, far
// below Temporal's payload limit (2 MB by default): past it the first and
// the last half are kept, with a line saying how much was dropped between.
const AttemptLogLimit = 256 << 10

// failureDetails travel with a failed attempt's application error, or with
// the cancellation of a cancelled one.
type failureDetails struct {
	Attempt int
	Output  *Value
	// Result is AttemptTimeout when the pipe's own timeout ended the attempt.
	Result executor.AttemptResult
	// Message is the attempt's error: for a timeout, the pipe's own error
	// (the workflow's core says it timed out, as the local engine does).
	Message string
	// Allowed: the failure is one the pipeline allows (pipes.AllowFailure).
	Allowed bool `json:",omitempty"`
	// NotYet is the poll of a sensor whose condition does not hold yet.
	NotYet *pipes.NotYetError `json:",omitempty"`
	// Log: as PipeOutput.Log.
	Log string `json:",omitempty"`
}

// Event is an executor.Event on the wire (errors as text, outputs as Value).
type Event struct {
	Type          executor.EventType
	Time          time.Time
	Node          string `json:",omitempty"`
	Index         int    `json:",omitempty"`
	Pipe          string `json:",omitempty"`
	Key           string `json:",omitempty"`
	Attempt       int    `json:",omitempty"`
	MaxAttempts   int    `json:",omitempty"`
	AttemptResult executor.AttemptResult
	Wait          time.Duration `json:",omitempty"`
	Delay         time.Duration `json:",omitempty"`
	Duration      time.Duration `json:",omitempty"`
	Status        executor.Status
	Reason        string `json:",omitempty"`
	Err           *string
	Output        *Value
	Reused        bool         `json:",omitempty"`
	Allowed       bool         `json:",omitempty"`
	Members       *rules.Group `json:",omitempty"`
	Gate          bool         `json:",omitempty"`
	FanOut        bool         `json:",omitempty"`
	Group         bool         `json:",omitempty"`
	// Log is what the attempt wrote (on its attempt_finished; see
	// PipeOutput.Log).
	Log     string `json:",omitempty"`
	Handler bool   `json:",omitempty"`
	// Started and Finished are the node's, on its pipe_finished (a reused
	// result keeps the times of the run it comes from): with the rest of
	// that event they are the node's result (executor.Result).
	Started  time.Time `json:",omitzero"`
	Finished time.Time `json:",omitzero"`
}

// EventPage is a page of a run's events.
type EventPage struct {
	Events []Event
	More   bool // more events follow (query again from the next index)
	// First is the index of the first event the part of the run's workflow
	// that answered holds (0 but in a run that continued as new): the
	// events before it are in Parts, the earlier parts. RunID is the
	// answering part's workflow run id, FirstRunID the run's first part's.
	First      int    `json:",omitempty"`
	Parts      []Part `json:",omitempty"`
	RunID      string `json:",omitempty"`
	FirstRunID string `json:",omitempty"`
}

// executorEvent converts e back; a value that does not decode is dropped.
func (e Event) executorEvent() executor.Event {
	out := executor.Event{
		Type: e.Type, Time: e.Time, Node: e.Node, Index: e.Index, Pipe: e.Pipe, Key: e.Key,
		Attempt: e.Attempt, MaxAttempts: e.MaxAttempts, AttemptResult: e.AttemptResult,
		Wait: e.Wait, Delay: e.Delay, Duration: e.Duration, Status: e.Status, Reason: e.Reason,
		Reused: e.Reused, Allowed: e.Allowed, Members: e.Members, Gate: e.Gate, FanOut: e.FanOut, Group: e.Group, Handler: e.Handler,
	}
	if e.Err != nil {
		out.Err = errors.New(*e.Err)
	}
	if v, err := e.Output.decode(); err == nil {
		out.Output = v
	}
	return out
}

// wireResult is the node's result that its pipe_finished event e says.
func (e *Event) wireResult() PipeResult {
	return PipeResult{ID: e.Node, Pipe: e.Pipe, Key: e.Key, Status: e.Status, Reason: e.Reason, Attempts: e.Attempt,
		Output: e.Output, Err: e.Err, Started: e.Started, Finished: e.Finished, Duration: e.Duration,
		Gate: e.Gate, FanOut: e.FanOut, Group: e.Group, Allowed: e.Allowed, Handler: e.Handler, Reused: e.Reused}
}

// PipeResult is an executor.Result on the wire.
type PipeResult struct {
	ID       string
	Pipe     string
	Key      string `json:",omitempty"`
	Status   executor.Status
	Reason   string `json:",omitempty"`
	Attempts int
	Output   *Value
	Err      *string
	Started  time.Time
	Finished time.Time
	Duration time.Duration
	Gate     bool `json:",omitempty"` // the node does no work (see Event.Gate)
	FanOut   bool `json:",omitempty"` // a fan-out node (see Event.FanOut)
	Group    bool `json:",omitempty"` // the aggregate of its members (see Event.Group)
	Allowed  bool `json:",omitempty"` // a failure the pipeline allows (see Result.Allowed)
	Handler  bool `json:",omitempty"` // a handler of the run (see Result.Handler)
	Reused   bool `json:",omitempty"` // taken from an earlier run (see Result.Reused)
	// PollSince and Polls: a sensor between two polls of its attempt, in
	// the state a run carries over (Continued): when the attempt's first
	// poll started, and how many polls came after it.
	PollSince time.Time `json:",omitzero"`
	Polls     int       `json:",omitempty"`
}

// resultOnWire is r on the wire, its output aside (executorResult reads it
// back).
func resultOnWire(r *executor.Result) PipeResult {
	return PipeResult{ID: r.ID, Pipe: r.Pipe, Key: r.Key, Status: r.Status, Reason: r.Reason, Attempts: r.Attempts,
		Err: errString(r.Err), Started: r.Started, Finished: r.Finished, Duration: r.Duration,
		Allowed: r.Allowed, Handler: r.Handler, Reused: r.Reused}
}

func (r PipeResult) executorResult() (executor.Result, error) {
	out := executor.Result{
		ID: r.ID, Pipe: r.Pipe, Key: r.Key, Status: r.Status, Reason: r.Reason, Attempts: r.Attempts,
		Started: r.Started, Finished: r.Finished, Duration: r.Duration, Allowed: r.Allowed, Handler: r.Handler, Reused: r.Reused,
	}
	if r.Err != nil {
		out.Err = errors.New(*r.Err)
	}
	v, err := r.Output.decode()
	if err != nil {
		return out, fmt.Errorf("output of %s: %w", r.ID, err)
	}
	out.Output = v
	return out, nil
}

// Output is the result of a run's workflow: how the run ended, not its
// results, which the pipe_finished events carry (EventsQuery), so that it
// stays small whatever the run's size (Temporal refuses a payload over
// 2 MB): a few bytes per pipe and instance.
type Output struct {
	Status   executor.Status
	Started  time.Time
	Duration time.Duration
	// TimedOut: the pipeline's timeout ended the run.
	TimedOut bool
	// HandlersFailed and DeadlinesMissed are the report's.
	HandlersFailed  int `json:",omitempty"`
	DeadlinesMissed int `json:",omitempty"`
	// Order is the order of the report's results (the graph's stable
	// topological order, each fan-out followed by its instances), as the
	// Index of each node's pipe_finished event.
	Order []int
	// Amended are the results the pipe_finished events do not say
	// exactly, which replace what they say (none, as a rule: a check).
	Amended []PipeResult `json:",omitempty"`
	// Pipes has every result, in the report's order, in the result of a
	// run whose worker predates Order (nil since).
	Pipes []PipeResult `json:",omitempty"`
	// Events is how many events the run recorded (see EventsQuery).
	Events int
}

func errString(err error) *string {
	if err == nil {
		return nil
	}
	s := err.Error()
	return &s
}
