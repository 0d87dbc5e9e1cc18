// Package tracing turns the events of a run into OpenTelemetry spans and
// carries the trace into what a pipe starts.
//
// A Run is an executor.Observer for one run: it opens a span for the run, one
// per pipe (a composite's steps and a fan-out's instances nested under it),
// one per attempt (retries are sibling attempts under their pipe), and short
// spans for the wait for a slot and for a retry's back-off. Attributes are
// under the dagrun. prefix; a failed pipe or attempt has an error status whose
// message went through the run's redaction, so a sensitive value never reaches
// a span. Run.Nodes wraps the tasks of a graph so that each attempt's context
// holds its attempt span: exec pipes get it as TRACEPARENT/TRACESTATE, http
// pipes as W3C headers.
//
// Nothing here is global: a Run uses the TracerProvider it is given, and
// NewProviderFromEnv builds one from the standard OTEL_* variables for a
// program (the dagrun command) that wants that. Without a provider nothing of
// this package is attached to a run, so tracing off costs nothing.
package tracing
