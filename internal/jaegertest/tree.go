package jaegertest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/dagrun/dagrun/tracing"
)

// The span tree every engine must draw for one pipeline: the tracing
// package's tests check a local run against it, the Temporal integration
// tests a run on workers.

// The pipeline of the span-tree tests: a diamond (top → left, right →
// bottom), a pipe that fails its first attempt, a composite of two steps,
// a for_each of two keys, an http pipe calling a traced server and an exec
// pipe running child (a program, with its arguments, that may read
// TRACEPARENT). A sensitive variable goes into the failing pipe's error
// message.
func PipelineSource(serverURL string, child []string) string {
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
  env     = { %s = "1" }
}
`, serverURL, strings.Join(q, ", "), TracedChildEnv)
}

// TracedServer is an HTTP server whose handler continues the trace of its
// requests (W3C headers) with spans of tp.
func TracedServer(t *testing.T, tp trace.TracerProvider) *httptest.Server {
	h := otelhttp.NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "hello")
	}), "hello", otelhttp.WithTracerProvider(tp), otelhttp.WithPropagators(propagation.TraceContext{}),
		otelhttp.WithSpanNameFormatter(func(op string, _ *http.Request) string { return op }))
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// TracedChildEnv, set to 1 in a test binary's environment, makes its
// TestMain run TracedChild instead of the tests: the program the pipeline's
// child pipe runs.
const TracedChildEnv = "DAGRUN_TRACED_CHILD"

// TracedChild is a small traced program: it continues the trace of its
// TRACEPARENT with one span, "child work", exported to the collector of the
// OTEL_* variables. It returns the process's exit code.
func TracedChild() int {
	ctx := context.Background()
	tp, err := tracing.NewProviderFromEnv(ctx, os.Getenv, "traced-child", "test")
	if err != nil || tp == nil {
		fmt.Fprintln(os.Stderr, "traced child: no tracer provider:", err)
		return 1
	}
	_, span := tp.Tracer("traced-child").Start(tracing.FromEnviron(ctx, os.Getenv), "child work")
	span.End()
	if err := tp.Shutdown(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "traced child:", err)
		return 1
	}
	return 0
}

// Tree indexes spans by name; a name seen twice is kept under name#2.
type Tree map[string]Span

// ParentName is the name of the span that is name's parent ("" for a
// root).
func (tr Tree) ParentName(name string) string {
	s, ok := tr[name]
	if !ok {
		return "<no span " + name + ">"
	}
	for n, p := range tr {
		if p.ID == s.Parent {
			return n
		}
	}
	return ""
}

// CheckTree checks the span tree of the pipeline of PipelineSource; childSpan
// is the span the child program opens under its attempt ("" for none).
func CheckTree(t *testing.T, tr Tree, childSpan string) {
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
		if got := tr.ParentName(name); got != want {
			t.Errorf("parent of %s = %q, want %q", name, got, want)
		}
	}
	if _, ok := tr["flaky/attempt 3"]; ok {
		t.Error("flaky has a third attempt")
	}
	a1 := tr["flaky/attempt 1"]
	if a1.Tags["otel.status_code"] != "ERROR" || a1.Tags["dagrun.result"] != "error" || a1.Tags["dagrun.exit_code"] != "3" {
		t.Errorf("flaky's first attempt: error %v, attrs %v", a1.Tags["otel.status_code"], a1.Tags)
	}
	if a2 := tr["flaky/attempt 2"]; a2.Tags["otel.status_code"] == "ERROR" || a2.Tags["dagrun.result"] != "ok" || a2.Tags["dagrun.max_attempts"] != "3" {
		t.Errorf("flaky's second attempt: error %v, attrs %v", a2.Tags["otel.status_code"], a2.Tags)
	}
	if f := tr["flaky"]; f.Tags["dagrun.status"] != "succeeded" || f.Tags["dagrun.attempts"] != "2" || f.Tags["dagrun.pipeline"] != "traced" {
		t.Errorf("flaky: attrs %v", f.Tags)
	}
	if s := tr["shard[b]"]; s.Tags["dagrun.pipe"] != "shard" || s.Tags["dagrun.key"] != "b" {
		t.Errorf("shard[b]: attrs %v", s.Tags)
	}
	if r := tr["run traced"]; r.Tags["dagrun.status"] != "succeeded" {
		t.Errorf("run: attrs %v", r.Tags)
	}
	for name, s := range tr {
		for k, v := range s.Tags {
			if strings.Contains(v, "hunter2") {
				t.Errorf("span %s: attribute %s holds the secret: %q", name, k, v)
			}
		}
		if strings.Contains(s.Tags["otel.status_description"], "hunter2") {
			t.Errorf("span %s: status holds the secret: %q", name, s.Tags["otel.status_description"])
		}
	}
}

// TreeOf names the spans of a trace for the tree: attempts, back-offs and
// the spans under them are named after the pipe they belong to.
func TreeOf(spans []Span) Tree {
	byID := map[string]Span{}
	for _, s := range spans {
		byID[s.ID] = s
	}
	var name func(s Span) string
	name = func(s Span) string {
		if s.Tags["dagrun.node"] != "" && !strings.HasPrefix(s.Name, "attempt") {
			return s.Name
		}
		if p, ok := byID[s.Parent]; ok && !strings.HasPrefix(s.Name, "run ") {
			pn := name(p)
			if i := strings.IndexByte(pn, '/'); i >= 0 {
				pn = pn[:i]
			}
			return pn + "/" + s.Name
		}
		return s.Name
	}
	tr := Tree{}
	for _, s := range spans {
		n := name(s)
		if _, dup := tr[n]; dup {
			n += "#2"
		}
		tr[n] = s
	}
	return tr
}
