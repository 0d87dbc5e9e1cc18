package tracing_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zclconf/go-cty/cty"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/internal/jaegertest"
	"github.com/dagrun/dagrun/tracing"
)

func runTraced(t *testing.T, ctx context.Context, tp trace.TracerProvider, src string) *dagrun.Result {
	t.Helper()
	p, err := dagrun.LoadSource("traced.hcl", []byte(src), dagrun.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Run(ctx, dagrun.RunOptions{TracerProvider: tp})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != dagrun.Succeeded {
		for _, r := range res.Pipes {
			t.Logf("%s: %s %v", r.ID, r.Status, r.Err)
		}
		t.Fatalf("run %s", res.Status)
	}
	return res
}

func TestSpanTree(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	srv := jaegertest.TracedServer(t, tp)
	// The exec pipe writes the TRACEPARENT it got to its output.
	res := runTraced(t, context.Background(), tp, jaegertest.PipelineSource(srv.URL, []string{"/bin/sh", "-c", `echo "tp=$TRACEPARENT" >> "$DAGRUN_OUTPUT"`}))

	var spans []jaegertest.Span
	for _, s := range rec.Ended() {
		sp := jaegertest.Span{ID: s.SpanContext().SpanID().String(), Parent: s.Parent().SpanID().String(), Name: s.Name(),
			Tags: map[string]string{}}
		if s.Status().Code == codes.Error {
			sp.Tags["otel.status_code"] = "ERROR"
			sp.Tags["otel.status_description"] = s.Status().Description
		}
		for _, kv := range s.Attributes() {
			sp.Tags[string(kv.Key)] = kv.Value.Emit()
		}
		spans = append(spans, sp)
		if s.SpanContext().TraceID() != rec.Ended()[0].SpanContext().TraceID() {
			t.Errorf("span %s is in another trace", s.Name())
		}
	}
	tr := jaegertest.TreeOf(spans)
	jaegertest.CheckTree(t, tr, "")
	if t.Failed() {
		for n, s := range tr {
			t.Logf("%s: parent %s attrs %v", n, tr.ParentName(n), s.Tags)
		}
	}

	// The process got the attempt's span as its parent.
	child, _ := res.Pipe("child")
	tp0 := child.Output.GetAttr("values").Index(cty.StringVal("tp")).AsString()
	attempt := tr["child/attempt 1"]
	if want := "00-" + rec.Ended()[0].SpanContext().TraceID().String() + "-" + attempt.ID + "-01"; tp0 != want {
		t.Errorf("TRACEPARENT = %q, want %q", tp0, want)
	}
	// The server span's url has no query (it held the secret).
	if u := tr["call/GET"].Tags["url.full"]; strings.Contains(u, "token") || !strings.HasSuffix(u, "/hello?…") {
		t.Errorf("url.full = %q", u)
	}
}

func TestTraceContinuesParent(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	const parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
	ctx := tracing.FromEnviron(context.Background(), func(k string) string {
		if k == "TRACEPARENT" {
			return parent
		}
		return ""
	})
	p, err := dagrun.LoadSource("p.hcl", []byte(`pipe "a" {
  use   = "value"
  value = 1
}`), dagrun.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	if _, err := p.Run(ctx, dagrun.RunOptions{TracerProvider: tp, Logger: slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}); err != nil {
		t.Fatal(err)
	}
	// Every record of the run's log names the trace and a span of it.
	spanIDs := map[string]bool{}
	for _, s := range rec.Ended() {
		spanIDs[s.SpanContext().SpanID().String()] = true
	}
	records := 0
	for line := range strings.Lines(logs.String()) {
		var r struct {
			Event   string
			TraceID string `json:"trace_id"`
			SpanID  string `json:"span_id"`
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		records++
		if r.TraceID != "0af7651916cd43dd8448eb211c80319c" || !spanIDs[r.SpanID] {
			t.Errorf("log record %s: trace_id %q span_id %q", r.Event, r.TraceID, r.SpanID)
		}
	}
	if records < 4 {
		t.Errorf("%d log records:\n%s", records, logs.String())
	}
	for _, s := range rec.Ended() {
		if got := s.SpanContext().TraceID().String(); got != "0af7651916cd43dd8448eb211c80319c" {
			t.Errorf("span %s: trace %s", s.Name(), got)
		}
		if s.Name() == "run p" && s.Parent().SpanID().String() != "b7ad6b7169203331" {
			t.Errorf("run span's parent = %s", s.Parent().SpanID())
		}
	}
	if n := len(rec.Ended()); n != 3 { // run, a, a's attempt
		t.Errorf("%d spans, want 3", n)
	}
}

func TestMain(m *testing.M) {
	if os.Getenv(jaegertest.TracedChildEnv) == "1" {
		os.Exit(jaegertest.TracedChild())
	}
	os.Exit(m.Run())
}

// A run that ends without its events (its engine failed) leaves no span
// open: End closes the run's and its pipes'.
func TestEndClosesOpenSpans(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	r := tracing.Start(context.Background(), tp, "p", tracing.Options{})
	now := time.Now()
	r.Event(executor.Event{Type: executor.EventPipeReady, Node: "a", Pipe: "a", Time: now})
	r.Event(executor.Event{Type: executor.EventAttemptStarted, Node: "a", Pipe: "a", Attempt: 1, MaxAttempts: 1, Time: now})
	r.End()
	r.End() // once is enough
	var names []string
	for _, s := range rec.Ended() {
		names = append(names, s.Name())
	}
	slices.Sort(names)
	if want := []string{"a", "attempt 1", "run p"}; !slices.Equal(names, want) {
		t.Errorf("ended spans %v, want %v", names, want)
	}
	if n := len(rec.Started()); n != 3 {
		t.Errorf("%d spans started, want 3", n)
	}
}

// A run whose attempts are traced where they run opens no attempt spans,
// and gives each pipe's span (and only it) the id a worker derives from
// the trace and the node.
func TestRemoteAttemptsPipeSpanIDs(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec), sdktrace.WithIDGenerator(tracing.IDGenerator()))
	r := tracing.Start(context.Background(), tp, "p", tracing.Options{RemoteAttempts: true})
	now := time.Now()
	for _, n := range []string{"a", "fan[x]"} {
		pipe, _, _ := strings.Cut(n, "[")
		r.Event(executor.Event{Type: executor.EventPipeReady, Node: n, Pipe: pipe, Time: now})
		r.Event(executor.Event{Type: executor.EventAttemptStarted, Node: n, Pipe: pipe, Attempt: 1, MaxAttempts: 2, Time: now, Wait: time.Second})
		r.Event(executor.Event{Type: executor.EventAttemptFinished, Node: n, Pipe: pipe, Attempt: 1, MaxAttempts: 2, Time: now, AttemptResult: executor.AttemptError})
		r.Event(executor.Event{Type: executor.EventRetrying, Node: n, Pipe: pipe, Attempt: 2, MaxAttempts: 2, Time: now, Delay: time.Millisecond})
		r.Event(executor.Event{Type: executor.EventPipeFinished, Node: n, Pipe: pipe, Attempt: 2, MaxAttempts: 2, Time: now, Status: executor.StatusSucceeded})
	}
	r.Event(executor.Event{Type: executor.EventPipeFinished, Node: "fan", Pipe: "fan", FanOut: true, Time: now, Status: executor.StatusSucceeded})
	r.Event(executor.Event{Type: executor.EventRunFinished, Time: now, Status: executor.StatusSucceeded})
	trace := r.SpanContext().TraceID()
	names := map[string]int{}
	for _, s := range rec.Ended() {
		names[s.Name()]++
		switch s.Name() {
		case "a", "fan[x]", "fan":
			if want := tracing.PipeSpanID(trace, s.Name()); s.SpanContext().SpanID() != want {
				t.Errorf("span %s: id %s, want %s", s.Name(), s.SpanContext().SpanID(), want)
			}
		case "backoff":
			if s.SpanContext().SpanID() == s.Parent().SpanID() {
				t.Error("a back-off span took its pipe's id")
			}
		}
	}
	want := map[string]int{"run p": 1, "a": 1, "fan": 1, "fan[x]": 1, "backoff": 2}
	if !maps.Equal(names, want) {
		t.Errorf("spans %v, want %v (no attempt or queued spans)", names, want)
	}
	if tracing.PipeSpanID(trace, "a") == tracing.PipeSpanID(trace, "b") {
		t.Error("two nodes share a span id")
	}
}
