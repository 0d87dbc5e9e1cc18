package executor

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"
)

// handlerLog records, in order, which handlers ran and what they saw.
type handlerLog struct {
	mu   sync.Mutex
	runs []string
	seen map[string]RunView
	ups  map[string]string // handler → status of the node it read
	ctxs map[string]error  // handler → its context's error when it ran
}

func (l *handlerLog) task(read string, err error) Task {
	return func(ctx context.Context, in Input) (cty.Value, error) {
		l.mu.Lock()
		defer l.mu.Unlock()
		l.runs = append(l.runs, in.Node)
		if l.seen == nil {
			l.seen, l.ups, l.ctxs = map[string]RunView{}, map[string]string{}, map[string]error{}
		}
		l.seen[in.Node] = in.Run()
		l.ctxs[in.Node] = ctx.Err()
		if r, ok := in.Upstream(read); ok {
			l.ups[in.Node] = r.Status.String()
		}
		return cty.StringVal("handled"), err
	}
}

func handlerNodes(l *handlerLog, read string, failing HandlerKind) []Node {
	var out []Node
	for _, k := range []HandlerKind{HandlerExit, HandlerCancel, HandlerFailure, HandlerSuccess} { // order given is not the order run
		var err error
		if k == failing {
			err = errBoom
		}
		out = append(out, Node{ID: HandlerID(k), Handler: k, Task: l.task(read, err)})
	}
	return out
}

func TestHandlersByRunStatus(t *testing.T) {
	tests := []struct {
		name       string
		pipes      []Node
		failing    HandlerKind
		wantStatus Status
		wantRuns   []string
		wantFailed []string
		wantUp     string
		skipped    []string
	}{
		{
			name:       "succeeded",
			pipes:      []Node{{ID: "a", Task: ok}, {ID: "b", Deps: []string{"a"}, Task: ok}},
			wantStatus: StatusSucceeded,
			wantRuns:   []string{"handler.success", "handler.exit"},
			wantUp:     "succeeded",
			skipped:    []string{"handler.failure", "handler.cancel"},
		},
		{
			name:       "failed",
			pipes:      []Node{{ID: "a", Task: ok}, {ID: "b", Deps: []string{"a"}, Task: fail}, {ID: "c", Task: fail}},
			wantStatus: StatusFailed,
			wantRuns:   []string{"handler.failure", "handler.exit"},
			wantFailed: []string{"b", "c"},
			wantUp:     "failed",
			skipped:    []string{"handler.success", "handler.cancel"},
		},
		{
			name:       "a failing handler leaves the status alone",
			pipes:      []Node{{ID: "b", Task: ok}},
			failing:    HandlerSuccess,
			wantStatus: StatusSucceeded,
			wantRuns:   []string{"handler.success", "handler.exit"},
			wantUp:     "succeeded",
			skipped:    []string{"handler.failure", "handler.cancel"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l handlerLog
			var events []string
			var mu sync.Mutex
			obs := ObserverFunc(func(e Event) {
				if e.Type == EventPipeFinished && e.Handler {
					mu.Lock()
					events = append(events, e.Node+":"+e.Status.String())
					mu.Unlock()
				}
			})
			rep := mustRun(t, t.Context(), append(handlerNodes(&l, "b", tt.failing), tt.pipes...), Options{Observer: obs, Clock: newFakeClock(true)})
			if rep.Status != tt.wantStatus {
				t.Errorf("status = %s, want %s", rep.Status, tt.wantStatus)
			}
			if diff := cmp.Diff(tt.wantRuns, l.runs); diff != "" {
				t.Errorf("handlers run (-want +got):\n%s", diff)
			}
			for _, h := range tt.wantRuns {
				if v := l.seen[h]; !v.Ended || v.Status != tt.wantStatus || !slices.Equal(v.Failed, tt.wantFailed) {
					t.Errorf("%s saw %+v, want ended %s failed %v", h, v, tt.wantStatus, tt.wantFailed)
				}
				if l.ups[h] != tt.wantUp {
					t.Errorf("%s read pipe b as %q, want %q", h, l.ups[h], tt.wantUp)
				}
			}
			for _, h := range tt.skipped {
				r, _ := rep.Result(h)
				if r.Status != StatusSkipped || r.Reason != ReasonTriggerNotMet {
					t.Errorf("%s: %s %s, want skipped trigger_not_met", h, r.Status, r.Reason)
				}
			}
			// Handlers come last in the results.
			n := len(rep.Results)
			for _, r := range rep.Results[n-4:] {
				if !strings.HasPrefix(r.ID, "handler.") {
					t.Errorf("results end with %v, want the handlers", r.ID)
				}
			}
			wantFailedHandlers := 0
			if tt.failing != NotHandler {
				wantFailedHandlers = 1
			}
			if rep.HandlersFailed != wantFailedHandlers {
				t.Errorf("HandlersFailed = %d, want %d", rep.HandlersFailed, wantFailedHandlers)
			}
			if len(events) != 4 {
				t.Errorf("handler pipe_finished events: %v, want 4", events)
			}
		})
	}
}

// TestHandlersAfterCancel: a cancelled run's handlers run once every pipe
// has ended, with a context that is not cancelled, and a cancel during the
// handlers does not stop them.
func TestHandlersAfterCancel(t *testing.T) {
	var l handlerLog
	ctx, cancel := context.WithCancel(t.Context())
	started := make(chan struct{})
	blocking := func(ctx context.Context, _ Input) (cty.Value, error) {
		close(started)
		<-ctx.Done()
		return cty.NilVal, ctx.Err()
	}
	go func() {
		<-started
		cancel()
	}()
	rep := mustRun(t, ctx, append(handlerNodes(&l, "slow", NotHandler), Node{ID: "slow", Task: blocking, Retry: RetryPolicy{Retries: 3}}), Options{Clock: newFakeClock(true)})
	if rep.Status != StatusCancelled {
		t.Fatalf("status = %s, want cancelled", rep.Status)
	}
	if diff := cmp.Diff([]string{"handler.cancel", "handler.exit"}, l.runs); diff != "" {
		t.Errorf("handlers run (-want +got):\n%s", diff)
	}
	for _, h := range l.runs {
		if l.ctxs[h] != nil {
			t.Errorf("%s ran with a done context: %v", h, l.ctxs[h])
		}
		if l.ups[h] != "cancelled" {
			t.Errorf("%s read slow as %q, want cancelled", h, l.ups[h])
		}
	}
}

// TestHandlersAfterTimeout: a run its timeout ended has failed: the failure
// handler runs.
func TestHandlersAfterTimeout(t *testing.T) {
	var l handlerLog
	clk := newFakeClock(false)
	blocking := func(ctx context.Context, _ Input) (cty.Value, error) {
		<-ctx.Done()
		return cty.NilVal, ctx.Err()
	}
	done := make(chan *Report)
	go func() {
		done <- mustRun(t, t.Context(), append(handlerNodes(&l, "slow", NotHandler), Node{ID: "slow", Task: blocking}), Options{Clock: clk, Timeout: time.Minute})
	}()
	for clk.pendingCount() == 0 {
		time.Sleep(time.Millisecond) // polls for the run's timer
	}
	clk.fire()
	rep := <-done
	if rep.Status != StatusFailed || !rep.TimedOut {
		t.Fatalf("status = %s timed out %v, want failed by timeout", rep.Status, rep.TimedOut)
	}
	if diff := cmp.Diff([]string{"handler.failure", "handler.exit"}, l.runs); diff != "" {
		t.Errorf("handlers run (-want +got):\n%s", diff)
	}
}

// TestHandlerRetries: a handler has its own retries; its last failure is
// counted, not the run's.
func TestHandlerRetries(t *testing.T) {
	attempts := 0
	h := func(context.Context, Input) (cty.Value, error) {
		attempts++
		return cty.NilVal, errBoom
	}
	rep := mustRun(t, t.Context(), []Node{{ID: "a", Task: ok}, {ID: "handler.exit", Handler: HandlerExit, Task: h, Retry: RetryPolicy{Retries: 2}}}, Options{Clock: newFakeClock(true), FailFast: true})
	if rep.Status != StatusSucceeded || attempts != 3 || rep.HandlersFailed != 1 {
		t.Errorf("status %s, attempts %d, handlers failed %d; want succeeded, 3, 1", rep.Status, attempts, rep.HandlersFailed)
	}
}

func TestHandlerGraphErrors(t *testing.T) {
	tests := []struct {
		name  string
		nodes []Node
		want  string
	}{
		{"deps", []Node{{ID: "a"}, {ID: "h", Handler: HandlerExit, Deps: []string{"a"}}}, "no Deps"},
		{"twice", []Node{{ID: "h1", Handler: HandlerExit}, {ID: "h2", Handler: HandlerExit}}, "second exit handler"},
		{"depended on", []Node{{ID: "h", Handler: HandlerExit}, {ID: "a", Deps: []string{"h"}}}, "depends on handler"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewGraph(tt.nodes)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one saying %q", err, tt.want)
			}
		})
	}
}

// TestDeadlines: a pipe and the pipeline past their deadlines give an
// event each and run the deadline handler once, while the run goes on to
// succeed; a pipe that ended in time misses nothing.
func TestDeadlines(t *testing.T) {
	clk := newFakeClock(false)
	release := make(chan struct{})
	slow := func(ctx context.Context, _ Input) (cty.Value, error) {
		select {
		case <-release:
			return cty.NilVal, nil
		case <-ctx.Done():
			return cty.NilVal, ctx.Err()
		}
	}
	var mu sync.Mutex
	var missed []string
	var handlerSaw RunView
	handlerRan := make(chan struct{})
	quickDone := make(chan struct{})
	obs := ObserverFunc(func(e Event) {
		if e.Type == EventDeadlineMissed {
			mu.Lock()
			missed = append(missed, e.Node+"@"+e.Duration.String())
			mu.Unlock()
		}
		if e.Type == EventPipeFinished && e.Node == "quick" {
			close(quickDone)
		}
	})
	nodes := []Node{
		{ID: "quick", Task: ok, Deadline: time.Second},
		{ID: "slow", Task: slow, Deadline: time.Minute},
		{ID: "bad", Task: fail},
		{ID: "handler.deadline", Handler: HandlerDeadline, Task: func(_ context.Context, in Input) (cty.Value, error) {
			handlerSaw = in.Run()
			if r, ok := in.Upstream("slow"); !ok || r.Status.Done() {
				return cty.NilVal, errors.New("slow should be pending")
			}
			close(handlerRan)
			return cty.NilVal, nil
		}},
	}
	done := make(chan *Report)
	go func() {
		done <- mustRun(t, t.Context(), nodes, Options{Clock: clk, Deadline: time.Hour, Observer: obs})
	}()
	for clk.pendingCount() < 3 { // quick's, slow's and the pipeline's deadlines
		time.Sleep(time.Millisecond)
	}
	<-quickDone // it ended in time: its deadline is not missed
	clk.mu.Lock()
	clk.now = clk.now.Add(2 * time.Hour) // past every deadline
	clk.mu.Unlock()
	clk.fire()
	<-handlerRan
	close(release)
	rep := <-done
	if rep.Status != StatusFailed { // bad failed; the deadlines did not stop slow
		t.Errorf("status = %s, want failed", rep.Status)
	}
	if r, _ := rep.Result("slow"); r.Status != StatusSucceeded {
		t.Errorf("slow: %s, want succeeded", r.Status)
	}
	if diff := cmp.Diff([]string{"slow@1m0s", "@1h0m0s"}, missed); diff != "" {
		t.Errorf("missed (-want +got):\n%s", diff)
	}
	if rep.DeadlinesMissed != 2 {
		t.Errorf("DeadlinesMissed = %d, want 2", rep.DeadlinesMissed)
	}
	if r, _ := rep.Result("handler.deadline"); r.Status != StatusSucceeded || r.Attempts != 1 {
		t.Errorf("deadline handler: %s after %d attempts, want succeeded once", r.Status, r.Attempts)
	}
	if handlerSaw.Ended || !slices.Equal(handlerSaw.Failed, []string{"bad"}) {
		t.Errorf("deadline handler saw %+v, want a run going on with bad failed", handlerSaw)
	}
}

// TestDeadlineHandlerSkipped: no deadline missed, no deadline handler.
func TestDeadlineHandlerSkipped(t *testing.T) {
	rep := mustRun(t, t.Context(), []Node{{ID: "a", Task: ok, Deadline: time.Hour}, {ID: "handler.deadline", Handler: HandlerDeadline, Task: fail}}, Options{Clock: newFakeClock(false), Deadline: time.Hour})
	if r, _ := rep.Result("handler.deadline"); r.Status != StatusSkipped || rep.DeadlinesMissed != 0 || rep.Status != StatusSucceeded {
		t.Errorf("deadline handler %s, missed %d, run %s; want skipped, 0, succeeded", r.Status, rep.DeadlinesMissed, rep.Status)
	}
}

// TestHandlersAfterFailFast: under fail-fast, the failure that stops the
// run may be its last pipe's end; the handlers run all the same, and one
// that failed the run before its end sees the cancelled pipes.
func TestHandlersAfterFailFast(t *testing.T) {
	for _, last := range []bool{true, false} {
		t.Run(fmt.Sprint("last ", last), func(t *testing.T) {
			var l handlerLog
			nodes := handlerNodes(&l, "bad", NotHandler)
			nodes = append(nodes, Node{ID: "bad", Task: fail})
			if !last {
				started := make(chan struct{})
				nodes = append(nodes, Node{ID: "slow", Task: func(ctx context.Context, _ Input) (cty.Value, error) {
					close(started)
					<-ctx.Done()
					return cty.NilVal, ctx.Err()
				}})
				nodes[len(nodes)-2].Task = func(context.Context, Input) (cty.Value, error) {
					<-started
					return cty.NilVal, errBoom
				}
			}
			rep := mustRun(t, t.Context(), nodes, Options{FailFast: true, Clock: newFakeClock(true)})
			if rep.Status != StatusFailed {
				t.Fatalf("status %s, want failed", rep.Status)
			}
			if diff := cmp.Diff([]string{"handler.failure", "handler.exit"}, l.runs); diff != "" {
				t.Errorf("handlers run (-want +got):\n%s", diff)
			}
			if r, _ := rep.Result("handler.exit"); r.Status != StatusSucceeded {
				t.Errorf("exit handler %s %s", r.Status, r.Reason)
			}
		})
	}
}

// TestHandlersAfterCancelWithFailure: a run cancelled after one of its pipes
// failed runs the failure handler, which sees the failed pipe, then the
// cancel handler, then the exit handler; the run is cancelled.
func TestHandlersAfterCancelWithFailure(t *testing.T) {
	var l handlerLog
	ctx, cancel := context.WithCancel(t.Context())
	failed := make(chan struct{})
	nodes := append(handlerNodes(&l, "bad", NotHandler),
		Node{ID: "bad", Task: func(context.Context, Input) (cty.Value, error) {
			defer close(failed)
			return cty.NilVal, errBoom
		}},
		Node{ID: "slow", Task: func(ctx context.Context, _ Input) (cty.Value, error) {
			<-failed
			cancel() // once bad has failed
			<-ctx.Done()
			return cty.NilVal, ctx.Err()
		}})
	rep := mustRun(t, ctx, nodes, Options{Clock: newFakeClock(true)})
	if rep.Status != StatusCancelled {
		t.Fatalf("status = %s, want cancelled", rep.Status)
	}
	if diff := cmp.Diff([]string{"handler.failure", "handler.cancel", "handler.exit"}, l.runs); diff != "" {
		t.Errorf("handlers run (-want +got):\n%s", diff)
	}
	if v := l.seen["handler.failure"]; v.Status != StatusCancelled || !slices.Equal(v.Failed, []string{"bad"}) {
		t.Errorf("the failure handler saw %+v", v)
	}
}
