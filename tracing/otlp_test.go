package tracing

import (
	"context"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"
)

// The exporter's encoding is what the OTLP protobuf definitions decode:
// ids, parent, name, kind, times, attributes of every type, events, the
// status (whose codes OTLP numbers differently), the resource and scope.
func TestEncodeSpansIsOTLP(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	res := resource.NewSchemaless(attribute.String("service.name", "enc"))
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec), sdktrace.WithResource(res))
	t0 := time.Unix(1700000000, 123)
	ctx, parent := tp.Tracer("scope-a", trace.WithInstrumentationVersion("v1")).Start(context.Background(), "parent", trace.WithTimestamp(t0))
	_, child := tp.Tracer("scope-b").Start(ctx, "child", trace.WithTimestamp(t0.Add(time.Second)), trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(attribute.String("s", "x"), attribute.Int("i", -3), attribute.Float64("f", 1.5), attribute.Bool("b", true),
			attribute.StringSlice("ss", []string{"p", "q"})))
	child.AddEvent("ev", trace.WithTimestamp(t0.Add(1500*time.Millisecond)), trace.WithAttributes(attribute.Int("n", 7)))
	child.SetStatus(codes.Error, "broke")
	child.End(trace.WithTimestamp(t0.Add(2 * time.Second)))
	parent.SetStatus(codes.Ok, "")
	parent.End(trace.WithTimestamp(t0.Add(3 * time.Second)))

	var req coltracepb.ExportTraceServiceRequest
	if err := proto.Unmarshal(encodeSpans(rec.Ended()), &req); err != nil {
		t.Fatal(err)
	}
	if len(req.ResourceSpans) != 1 {
		t.Fatalf("%d resource spans", len(req.ResourceSpans))
	}
	rs := req.ResourceSpans[0]
	if a := rs.Resource.Attributes; len(a) != 1 || a[0].Key != "service.name" || a[0].Value.GetStringValue() != "enc" {
		t.Errorf("resource %v", a)
	}
	spans := map[string]*tracepb.Span{}
	scopes := map[string]string{}
	for _, ss := range rs.ScopeSpans {
		for _, s := range ss.Spans {
			spans[s.Name] = s
			scopes[s.Name] = ss.Scope.Name + "@" + ss.Scope.Version
		}
	}
	p, c := spans["parent"], spans["child"]
	if p == nil || c == nil {
		t.Fatalf("spans %v", spans)
	}
	if scopes["parent"] != "scope-a@v1" || scopes["child"] != "scope-b@" {
		t.Errorf("scopes %v", scopes)
	}
	pc, cc := parent.SpanContext(), child.SpanContext()
	if hex.EncodeToString(c.TraceId) != pc.TraceID().String() || hex.EncodeToString(c.SpanId) != cc.SpanID().String() ||
		hex.EncodeToString(c.ParentSpanId) != pc.SpanID().String() || len(p.ParentSpanId) != 0 {
		t.Errorf("ids: child %x/%x parent-of-child %x, parent %x", c.TraceId, c.SpanId, c.ParentSpanId, p.SpanId)
	}
	if c.Kind != tracepb.Span_SPAN_KIND_CLIENT || p.Kind != tracepb.Span_SPAN_KIND_INTERNAL {
		t.Errorf("kinds %v %v", c.Kind, p.Kind)
	}
	if c.StartTimeUnixNano != uint64(t0.Add(time.Second).UnixNano()) || c.EndTimeUnixNano != uint64(t0.Add(2*time.Second).UnixNano()) {
		t.Errorf("times %d %d", c.StartTimeUnixNano, c.EndTimeUnixNano)
	}
	attrs := map[string]string{}
	for _, kv := range c.Attributes {
		attrs[kv.Key] = kv.Value.String()
	}
	for k, v := range map[string]string{"s": `string_value:"x"`, "i": `int_value:-3`, "f": `double_value:1.5`, "b": `bool_value:true`,
		"ss": `array_value:{values:{string_value:"p"} values:{string_value:"q"}}`} {
		if got := attrs[k]; normalize(got) != normalize(v) {
			t.Errorf("attribute %s = %s, want %s", k, got, v)
		}
	}
	if len(c.Events) != 1 || c.Events[0].Name != "ev" || c.Events[0].TimeUnixNano != uint64(t0.Add(1500*time.Millisecond).UnixNano()) ||
		c.Events[0].Attributes[0].Value.GetIntValue() != 7 {
		t.Errorf("events %v", c.Events)
	}
	if c.Status.GetCode() != tracepb.Status_STATUS_CODE_ERROR || c.Status.GetMessage() != "broke" || p.Status.GetCode() != tracepb.Status_STATUS_CODE_OK {
		t.Errorf("statuses %v %v", c.Status, p.Status)
	}
}

// normalize drops the spaces the text format of protobuf puts at random.
func normalize(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' {
			out = append(out, s[i])
		}
	}
	return string(out)
}

// The exporter posts to the endpoint's /v1/traces with the configured
// headers, and tries again when the collector is busy.
func TestOTLPExporterPosts(t *testing.T) {
	var (
		mu    sync.Mutex
		calls []*http.Request
		spans int
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		calls = append(calls, r)
		if len(calls) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		var req coltracepb.ExportTraceServiceRequest
		if err := proto.Unmarshal(body, &req); err == nil {
			spans += len(req.ResourceSpans[0].ScopeSpans[0].Spans)
		}
	}))
	defer srv.Close()
	env := map[string]string{
		"OTEL_EXPORTER_OTLP_ENDPOINT": srv.URL + "/",
		"OTEL_EXPORTER_OTLP_HEADERS":  "authorization=Bearer%20abc, x-team=data",
		"OTEL_EXPORTER_OTLP_TIMEOUT":  "5000",
	}
	x, err := newOTLPExporter(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	_, s := tp.Tracer("t").Start(context.Background(), "one")
	s.End()
	if err := x.ExportSpans(context.Background(), rec.Ended()); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(calls) != 2 || spans != 1 {
		t.Fatalf("%d requests, %d spans; want 2 (one refused with 503) and 1", len(calls), spans)
	}
	r := calls[1]
	if r.URL.Path != "/v1/traces" || r.Header.Get("Content-Type") != "application/x-protobuf" ||
		r.Header.Get("Authorization") != "Bearer abc" || r.Header.Get("X-Team") != "data" {
		t.Errorf("request %s %v", r.URL.Path, r.Header)
	}

	for _, bad := range []map[string]string{
		{"OTEL_EXPORTER_OTLP_ENDPOINT": "localhost:4318"},
		{"OTEL_EXPORTER_OTLP_HEADERS": "novalue"},
		{"OTEL_EXPORTER_OTLP_TIMEOUT": "soon"},
	} {
		if _, err := newOTLPExporter(func(k string) string { return bad[k] }); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
}
