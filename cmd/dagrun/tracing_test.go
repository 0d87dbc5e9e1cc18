package main

import (
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"

	"github.com/rogpeppe/go-internal/testscript"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/protobuf/proto"
)

// cmdOTLPSink is a script command around an OTLP/HTTP trace receiver on
// 127.0.0.1 that keeps what it is sent:
//
//	otlpsink start              start it; OTEL_EXPORTER_OTLP_ENDPOINT points at it
//	otlpsink spans NAME...      it got spans of each name
//	otlpsink trace ID           every span it got is in trace ID
func cmdOTLPSink(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) == 0 {
		ts.Fatalf("usage: otlpsink start|spans|trace ...")
	}
	switch args[0] {
	case "start":
		s := &otlpSink{}
		srv := httptest.NewServer(s)
		ts.Defer(srv.Close)
		ts.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", srv.URL)
		ts.Setenv("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
		otlpSinks.Store(ts, s)
		ts.Defer(func() { otlpSinks.Delete(ts) })
		return
	}
	v, _ := otlpSinks.Load(ts)
	s, ok := v.(*otlpSink)
	if !ok {
		ts.Fatalf("otlpsink start first")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch args[0] {
	case "spans":
		for _, name := range args[1:] {
			if slices.Contains(s.names, name) == neg {
				ts.Fatalf("span %q: got %v (negated: %v)", name, s.names, neg)
			}
		}
	case "trace":
		if len(s.traces) == 0 {
			ts.Fatalf("no spans received")
		}
		for _, id := range s.traces {
			if (id == args[1]) == neg {
				ts.Fatalf("span of trace %s; want %s (negated: %v)", id, args[1], neg)
			}
		}
	default:
		ts.Fatalf("otlpsink: unknown %q", args[0])
	}
}

// otlpSinks holds the sink each script started.
var otlpSinks sync.Map // *testscript.TestScript → *otlpSink

type otlpSink struct {
	mu     sync.Mutex
	names  []string
	traces []string
}

func (s *otlpSink) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/v1/traces" {
		http.NotFound(w, r)
		return
	}
	body, err := io.ReadAll(r.Body)
	var req coltracepb.ExportTraceServiceRequest
	if err == nil {
		err = proto.Unmarshal(body, &req)
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	for _, rs := range req.ResourceSpans {
		for _, ss := range rs.ScopeSpans {
			for _, sp := range ss.Spans {
				s.names = append(s.names, sp.Name)
				s.traces = append(s.traces, strings.ToLower(hex.EncodeToString(sp.TraceId)))
			}
		}
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/x-protobuf")
	out, _ := proto.Marshal(&coltracepb.ExportTraceServiceResponse{})
	_, _ = w.Write(out)
}
