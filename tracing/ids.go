package tracing

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"math/rand/v2"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// PipeSpanID is the span id of node's span in the run whose trace is
// traceID, when the run's attempts are traced elsewhere (a Temporal
// worker): derived from the two, so that a worker opens an attempt's span
// under its pipe's span without being told the pipe span's id.
func PipeSpanID(traceID trace.TraceID, node string) trace.SpanID {
	h := sha256.New()
	h.Write(traceID[:])
	h.Write([]byte(node))
	var id trace.SpanID
	copy(id[:], h.Sum(nil))
	if !id.IsValid() {
		id[7] = 1
	}
	return id
}

// IDGenerator returns the span and trace id generator of dagrun's tracer
// providers: random ids, except for the pipe spans of a run whose attempts
// are traced elsewhere, which get their PipeSpanID. A program that runs
// pipelines on Temporal with a TracerProvider of its own gives it
// sdktrace.WithIDGenerator(tracing.IDGenerator()) so that the workers'
// attempt spans nest under the pipes' spans.
func IDGenerator() sdktrace.IDGenerator { return idGenerator{} }

type idGenerator struct{}

type spanIDKey struct{}

// withSpanID asks IDGenerator for id as the id of the next span started
// with ctx.
func withSpanID(ctx context.Context, id trace.SpanID) context.Context {
	return context.WithValue(ctx, spanIDKey{}, id)
}

func (idGenerator) NewIDs(ctx context.Context) (trace.TraceID, trace.SpanID) {
	var tid trace.TraceID
	for !tid.IsValid() {
		binary.NativeEndian.PutUint64(tid[:8], rand.Uint64())
		binary.NativeEndian.PutUint64(tid[8:], rand.Uint64())
	}
	return tid, idGenerator{}.NewSpanID(ctx, tid)
}

func (idGenerator) NewSpanID(ctx context.Context, _ trace.TraceID) trace.SpanID {
	if id, ok := ctx.Value(spanIDKey{}).(trace.SpanID); ok && id.IsValid() {
		return id
	}
	var sid trace.SpanID
	for !sid.IsValid() {
		binary.NativeEndian.PutUint64(sid[:], rand.Uint64())
	}
	return sid
}
