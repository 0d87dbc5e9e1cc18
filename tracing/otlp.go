package tracing

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"google.golang.org/protobuf/encoding/protowire"
)

// otlpExporter sends spans to an OTLP/HTTP endpoint, protobuf-encoded
// (http/protobuf). It is dagrun's own rather than the OpenTelemetry
// exporters: those bring gRPC along, whose initialization cost every run of
// the command (4 MB of peak RSS) with tracing off too.
type otlpExporter struct {
	url     string
	headers http.Header
	timeout time.Duration
	client  *http.Client

	mu      sync.Mutex
	stopped bool
}

var _ sdktrace.SpanExporter = (*otlpExporter)(nil)

// newOTLPExporter configures the exporter from the standard variables:
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (the URL as is) or
// OTEL_EXPORTER_OTLP_ENDPOINT (plus /v1/traces), default
// http://localhost:4318; ..._HEADERS (k=v,k2=v2, percent-encoded values);
// ..._TIMEOUT (milliseconds, default 10000).
func newOTLPExporter(getenv func(string) string) (*otlpExporter, error) {
	either := func(name string) string {
		if v := getenv("OTEL_EXPORTER_OTLP_TRACES_" + name); v != "" {
			return v
		}
		return getenv("OTEL_EXPORTER_OTLP_" + name)
	}
	endpoint := getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
	if endpoint == "" {
		base := getenv("OTEL_EXPORTER_OTLP_ENDPOINT")
		if base == "" {
			base = "http://localhost:4318"
		}
		endpoint = strings.TrimSuffix(base, "/") + "/v1/traces"
	}
	u, err := url.Parse(endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("OTLP endpoint %q: want an http or https URL", endpoint)
	}
	x := &otlpExporter{url: endpoint, headers: http.Header{}, timeout: 10 * time.Second, client: &http.Client{}}
	if h := either("HEADERS"); h != "" {
		for _, kv := range strings.Split(h, ",") {
			k, v, ok := strings.Cut(kv, "=")
			k = strings.TrimSpace(k)
			if !ok || k == "" {
				return nil, fmt.Errorf("OTEL_EXPORTER_OTLP_HEADERS: %q is not key=value", kv)
			}
			if dv, err := url.PathUnescape(strings.TrimSpace(v)); err == nil {
				v = dv
			}
			x.headers.Add(k, v)
		}
	}
	if t := either("TIMEOUT"); t != "" {
		ms, err := strconv.Atoi(t)
		if err != nil || ms <= 0 {
			return nil, fmt.Errorf("OTEL_EXPORTER_OTLP_TIMEOUT=%q: want milliseconds", t)
		}
		x.timeout = time.Duration(ms) * time.Millisecond
	}
	return x, nil
}

// ExportSpans sends spans in one request, trying again (at most three
// times in all, within the timeout) when the endpoint cannot be reached or
// says it is busy.
func (x *otlpExporter) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	x.mu.Lock()
	stopped := x.stopped
	x.mu.Unlock()
	if stopped || len(spans) == 0 {
		return nil
	}
	body := encodeSpans(spans)
	ctx, cancel := context.WithTimeout(ctx, x.timeout)
	defer cancel()
	var err error
	for try, wait := 0, 200*time.Millisecond; try < 3; try, wait = try+1, wait*2 {
		var retry bool
		if retry, err = x.post(ctx, body); err == nil || !retry {
			return err
		}
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-time.After(wait):
		}
	}
	return err
}

func (x *otlpExporter) post(ctx context.Context, body []byte) (retry bool, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, x.url, bytes.NewReader(body))
	if err != nil {
		return false, err
	}
	for k, vs := range x.headers {
		req.Header[k] = vs
	}
	req.Header.Set("Content-Type", "application/x-protobuf")
	resp, err := x.client.Do(req)
	if err != nil {
		return true, fmt.Errorf("sending spans to %s: %w", x.url, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return false, nil
	case resp.StatusCode == http.StatusTooManyRequests, resp.StatusCode == http.StatusBadGateway,
		resp.StatusCode == http.StatusServiceUnavailable, resp.StatusCode == http.StatusGatewayTimeout:
		return true, fmt.Errorf("sending spans to %s: %s", x.url, resp.Status)
	}
	return false, fmt.Errorf("sending spans to %s: %s", x.url, resp.Status)
}

// Shutdown stops the exporter; spans exported after are dropped.
func (x *otlpExporter) Shutdown(context.Context) error {
	x.mu.Lock()
	x.stopped = true
	x.mu.Unlock()
	x.client.CloseIdleConnections()
	return nil
}

// encodeSpans is an OTLP ExportTraceServiceRequest holding spans: one
// ResourceSpans per resource, one ScopeSpans per instrumentation scope.
func encodeSpans(spans []sdktrace.ReadOnlySpan) []byte {
	type group struct {
		scope instrumentation.Scope
		spans [][]byte
	}
	var out []byte
	for len(spans) > 0 {
		res := spans[0].Resource()
		var rest []sdktrace.ReadOnlySpan
		var groups []*group
		for _, s := range spans {
			if s.Resource() != res {
				rest = append(rest, s)
				continue
			}
			var g *group
			for _, x := range groups {
				if x.scope == s.InstrumentationScope() {
					g = x
				}
			}
			if g == nil {
				g = &group{scope: s.InstrumentationScope()}
				groups = append(groups, g)
			}
			g.spans = append(g.spans, encodeSpan(s))
		}
		var rs []byte
		var resource []byte
		if res != nil {
			for _, kv := range res.Attributes() {
				resource = appendMessage(resource, 1, encodeKeyValue(kv))
			}
		}
		rs = appendMessage(rs, 1, resource)
		for _, g := range groups {
			var scope []byte
			scope = protowire.AppendTag(scope, 1, protowire.BytesType)
			scope = protowire.AppendString(scope, g.scope.Name)
			if g.scope.Version != "" {
				scope = protowire.AppendTag(scope, 2, protowire.BytesType)
				scope = protowire.AppendString(scope, g.scope.Version)
			}
			ss := appendMessage(nil, 1, scope)
			for _, s := range g.spans {
				ss = appendMessage(ss, 2, s)
			}
			rs = appendMessage(rs, 2, ss)
		}
		if res != nil && res.SchemaURL() != "" {
			rs = protowire.AppendTag(rs, 3, protowire.BytesType)
			rs = protowire.AppendString(rs, res.SchemaURL())
		}
		out = appendMessage(out, 1, rs)
		spans = rest
	}
	return out
}

func encodeSpan(s sdktrace.ReadOnlySpan) []byte {
	sc := s.SpanContext()
	var b []byte
	tid, sid := sc.TraceID(), sc.SpanID()
	b = appendBytesField(b, 1, tid[:])
	b = appendBytesField(b, 2, sid[:])
	if ts := sc.TraceState().String(); ts != "" {
		b = protowire.AppendTag(b, 3, protowire.BytesType)
		b = protowire.AppendString(b, ts)
	}
	if p := s.Parent(); p.IsValid() {
		psid := p.SpanID()
		b = appendBytesField(b, 4, psid[:])
	}
	b = protowire.AppendTag(b, 5, protowire.BytesType)
	b = protowire.AppendString(b, s.Name())
	if k := s.SpanKind(); k != 0 { // the SDK's kinds are numbered as OTLP's
		b = protowire.AppendTag(b, 6, protowire.VarintType)
		b = protowire.AppendVarint(b, uint64(k))
	}
	b = protowire.AppendTag(b, 7, protowire.Fixed64Type)
	b = protowire.AppendFixed64(b, uint64(s.StartTime().UnixNano()))
	b = protowire.AppendTag(b, 8, protowire.Fixed64Type)
	b = protowire.AppendFixed64(b, uint64(s.EndTime().UnixNano()))
	for _, kv := range s.Attributes() {
		b = appendMessage(b, 9, encodeKeyValue(kv))
	}
	for _, e := range s.Events() {
		var ev []byte
		ev = protowire.AppendTag(ev, 1, protowire.Fixed64Type)
		ev = protowire.AppendFixed64(ev, uint64(e.Time.UnixNano()))
		ev = protowire.AppendTag(ev, 2, protowire.BytesType)
		ev = protowire.AppendString(ev, e.Name)
		for _, kv := range e.Attributes {
			ev = appendMessage(ev, 3, encodeKeyValue(kv))
		}
		b = appendMessage(b, 11, ev)
	}
	for _, l := range s.Links() {
		var lb []byte
		ltid, lsid := l.SpanContext.TraceID(), l.SpanContext.SpanID()
		lb = appendBytesField(lb, 1, ltid[:])
		lb = appendBytesField(lb, 2, lsid[:])
		for _, kv := range l.Attributes {
			lb = appendMessage(lb, 4, encodeKeyValue(kv))
		}
		b = appendMessage(b, 13, lb)
	}
	if st := s.Status(); st.Code != codes.Unset {
		var sb []byte
		if st.Description != "" {
			sb = protowire.AppendTag(sb, 2, protowire.BytesType)
			sb = protowire.AppendString(sb, st.Description)
		}
		code := uint64(1) // STATUS_CODE_OK
		if st.Code == codes.Error {
			code = 2 // STATUS_CODE_ERROR
		}
		sb = protowire.AppendTag(sb, 3, protowire.VarintType)
		sb = protowire.AppendVarint(sb, code)
		b = appendMessage(b, 15, sb)
	}
	return b
}

func encodeKeyValue(kv attribute.KeyValue) []byte {
	var b []byte
	b = protowire.AppendTag(b, 1, protowire.BytesType)
	b = protowire.AppendString(b, string(kv.Key))
	return appendMessage(b, 2, encodeValue(kv.Value))
}

// encodeValue is an OTLP AnyValue.
func encodeValue(v attribute.Value) []byte {
	var b []byte
	array := func(n int, item func(i int) attribute.Value) []byte {
		var arr []byte
		for i := range n {
			arr = appendMessage(arr, 1, encodeValue(item(i)))
		}
		return appendMessage(nil, 5, arr)
	}
	switch v.Type() {
	case attribute.BOOL:
		b = protowire.AppendTag(b, 2, protowire.VarintType)
		b = protowire.AppendVarint(b, protowire.EncodeBool(v.AsBool()))
	case attribute.INT64:
		b = protowire.AppendTag(b, 3, protowire.VarintType)
		b = protowire.AppendVarint(b, uint64(v.AsInt64()))
	case attribute.FLOAT64:
		b = protowire.AppendTag(b, 4, protowire.Fixed64Type)
		b = protowire.AppendFixed64(b, math.Float64bits(v.AsFloat64()))
	case attribute.BOOLSLICE:
		s := v.AsBoolSlice()
		b = array(len(s), func(i int) attribute.Value { return attribute.BoolValue(s[i]) })
	case attribute.INT64SLICE:
		s := v.AsInt64Slice()
		b = array(len(s), func(i int) attribute.Value { return attribute.Int64Value(s[i]) })
	case attribute.FLOAT64SLICE:
		s := v.AsFloat64Slice()
		b = array(len(s), func(i int) attribute.Value { return attribute.Float64Value(s[i]) })
	case attribute.STRINGSLICE:
		s := v.AsStringSlice()
		b = array(len(s), func(i int) attribute.Value { return attribute.StringValue(s[i]) })
	default:
		b = protowire.AppendTag(b, 1, protowire.BytesType)
		b = protowire.AppendString(b, v.Emit())
	}
	return b
}

func appendMessage(b []byte, num protowire.Number, msg []byte) []byte {
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendBytes(b, msg)
}

func appendBytesField(b []byte, num protowire.Number, v []byte) []byte {
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendBytes(b, v)
}
