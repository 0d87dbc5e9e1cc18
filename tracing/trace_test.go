package tracing_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zclconf/go-cty/cty"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/tracing"
)

// The pipeline of the span-tree tests: a diamond (top → left, right →
// bottom), a pipe that fails its first attempt, a composite of two steps,
// a for_each of two keys, an http pipe calling a traced server and an exec
// pipe running child (a program, with its arguments, that may read
// TRACEPARENT). A sensitive variable goes into the failing pipe's error
// message.
func pipelineSource(serverURL string, child []string) string {
	q := make([]string, len(child))
	for i, a := range child {
		q[i] = fmt.Sprintf("%q", a)
	}
	return fmt.Sprintf(`
pipeline "traced" {
  parallelism = 4
}

variable "token" {
  type      = string
  default   = "hunter2-secret"
  sensitive = true
}

pipe "top" {
  use   = "value"
  value = "t"
}
pipe "left" {
  use    = "exec"
  script = "true"
  depends_on = [pipe.top]
}
pipe "right" {
  use    = "exec"
  script = "true"
  depends_on = [pipe.top]
}
pipe "bottom" {
  use    = "exec"
  script = "true"
  depends_on = [pipe.left, pipe.right]
}

pipe "flaky" {
  use         = "exec"
  retries     = 2
  retry_delay = "10ms"
  env         = { TOKEN = var.token }
  script      = <<-SH
    if [ "$DAGRUN_ATTEMPT" -lt 2 ]; then
      echo "bad token $TOKEN" >&2
      exit 3
    fi
  SH
}

pipe "build" {
  sequential = true
  pipe "compile" {
    use    = "exec"
    script = "true"
  }
  pipe "link" {
    use    = "exec"
    script = "true"
  }
}

pipe "shard" {
  for_each = toset(["a", "b"])
  use      = "exec"
  script   = "true"
}

pipe "call" {
  use = "http"
  url = "%s/hello?token=${var.token}"
}

pipe "child" {
  use     = "exec"
  command = [%s]
  env     = { DAGRUN_TRACED_CHILD = "1" }
}
`, serverURL, strings.Join(q, ", "))
}

// tracedServer is an HTTP server whose handler continues the trace of its
// requests (W3C headers) with spans of tp.
func tracedServer(t *testing.T, tp trace.TracerProvider) *httptest.Server {
	h := otelhttp.NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "hello")
	}), "hello", otelhttp.WithTracerProvider(tp), otelhttp.WithPropagators(propagation.TraceContext{}),
		otelhttp.WithSpanNameFormatter(func(op string, _ *http.Request) string { return op }))
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

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

// span is a span of a finished trace, as both tests read it.
type span struct {
	id, parent, name string
	attrs            map[string]string
	err              bool
	statusMsg        string
}

// tree indexes spans by name; a name seen twice is kept under name#2.
type tree map[string]span

func (tr tree) parentName(name string) string {
	s, ok := tr[name]
	if !ok {
		return "<no span " + name + ">"
	}
	for n, p := range tr {
		if p.id == s.parent {
			return n
		}
	}
	return ""
}

// checkTree checks the span tree of the pipeline of pipelineSource.
func checkTree(t *testing.T, tr tree, childSpan string) {
	t.Helper()
	parents := map[string]string{
		"run traced": "",
		"top":        "run traced", "left": "run traced", "right": "run traced", "bottom": "run traced",
		"flaky": "run traced", "flaky/attempt 1": "flaky", "flaky/attempt 2": "flaky", "flaky/backoff": "flaky",
		"build": "run traced", "compile": "build", "link": "build",
		"compile/attempt 1": "compile",
		"shard":             "run traced", "shard[a]": "shard", "shard[b]": "shard",
		"shard[a]/attempt 1": "shard[a]",
		"call":               "run traced", "call/attempt 1": "call",
		"call/GET": "call/attempt 1", "call/hello": "call/GET",
		"child": "run traced", "child/attempt 1": "child",
	}
	if childSpan != "" {
		parents["child/"+childSpan] = "child/attempt 1"
	}
	for name, want := range parents {
		if got := tr.parentName(name); got != want {
			t.Errorf("parent of %s = %q, want %q", name, got, want)
		}
	}
	if _, ok := tr["flaky/attempt 3"]; ok {
		t.Error("flaky has a third attempt")
	}
	a1 := tr["flaky/attempt 1"]
	if !a1.err || a1.attrs["dagrun.result"] != "error" || a1.attrs["dagrun.exit_code"] != "3" {
		t.Errorf("flaky's first attempt: error %v, attrs %v", a1.err, a1.attrs)
	}
	if a2 := tr["flaky/attempt 2"]; a2.err || a2.attrs["dagrun.result"] != "ok" || a2.attrs["dagrun.max_attempts"] != "3" {
		t.Errorf("flaky's second attempt: error %v, attrs %v", a2.err, a2.attrs)
	}
	if f := tr["flaky"]; f.attrs["dagrun.status"] != "succeeded" || f.attrs["dagrun.attempts"] != "2" || f.attrs["dagrun.pipeline"] != "traced" {
		t.Errorf("flaky: attrs %v", f.attrs)
	}
	if s := tr["shard[b]"]; s.attrs["dagrun.pipe"] != "shard" || s.attrs["dagrun.key"] != "b" {
		t.Errorf("shard[b]: attrs %v", s.attrs)
	}
	if r := tr["run traced"]; r.attrs["dagrun.status"] != "succeeded" {
		t.Errorf("run: attrs %v", r.attrs)
	}
	for name, s := range tr {
		for k, v := range s.attrs {
			if strings.Contains(v, "hunter2") {
				t.Errorf("span %s: attribute %s holds the secret: %q", name, k, v)
			}
		}
		if strings.Contains(s.statusMsg, "hunter2") {
			t.Errorf("span %s: status holds the secret: %q", name, s.statusMsg)
		}
	}
}

// nameOf names a span for the tree: attempts, back-offs and the spans under
// them are named after the pipe they belong to.
func treeOf(spans []span) tree {
	byID := map[string]span{}
	for _, s := range spans {
		byID[s.id] = s
	}
	var name func(s span) string
	name = func(s span) string {
		if s.attrs["dagrun.node"] != "" && !strings.HasPrefix(s.name, "attempt") {
			return s.name
		}
		if p, ok := byID[s.parent]; ok && !strings.HasPrefix(s.name, "run ") {
			pn := name(p)
			if i := strings.IndexByte(pn, '/'); i >= 0 {
				pn = pn[:i]
			}
			return pn + "/" + s.name
		}
		return s.name
	}
	tr := tree{}
	for _, s := range spans {
		n := name(s)
		if _, dup := tr[n]; dup {
			n += "#2"
		}
		tr[n] = s
	}
	return tr
}

func TestSpanTree(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	srv := tracedServer(t, tp)
	// The exec pipe writes the TRACEPARENT it got to its output.
	res := runTraced(t, context.Background(), tp, pipelineSource(srv.URL, []string{"/bin/sh", "-c", `echo "tp=$TRACEPARENT" >> "$DAGRUN_OUTPUT"`}))

	var spans []span
	for _, s := range rec.Ended() {
		sp := span{id: s.SpanContext().SpanID().String(), parent: s.Parent().SpanID().String(), name: s.Name(),
			attrs: map[string]string{}, err: s.Status().Code == codes.Error, statusMsg: s.Status().Description}
		for _, kv := range s.Attributes() {
			sp.attrs[string(kv.Key)] = kv.Value.Emit()
		}
		spans = append(spans, sp)
		if s.SpanContext().TraceID() != rec.Ended()[0].SpanContext().TraceID() {
			t.Errorf("span %s is in another trace", s.Name())
		}
	}
	tr := treeOf(spans)
	checkTree(t, tr, "")
	if t.Failed() {
		for n, s := range tr {
			t.Logf("%s: parent %s attrs %v", n, tr.parentName(n), s.attrs)
		}
	}

	// The process got the attempt's span as its parent.
	child, _ := res.Pipe("child")
	tp0 := child.Output.GetAttr("values").Index(cty.StringVal("tp")).AsString()
	attempt := tr["child/attempt 1"]
	if want := "00-" + rec.Ended()[0].SpanContext().TraceID().String() + "-" + attempt.id + "-01"; tp0 != want {
		t.Errorf("TRACEPARENT = %q, want %q", tp0, want)
	}
	// The server span's url has no query (it held the secret).
	if u := tr["call/GET"].attrs["url.full"]; strings.Contains(u, "token") || !strings.HasSuffix(u, "/hello?…") {
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
	if os.Getenv("DAGRUN_TRACED_CHILD") == "1" {
		os.Exit(tracedChild())
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
