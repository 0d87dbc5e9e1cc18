// Package dagrun is the embedding entry point of the dagrun DAG engine: build
// a pipeline in Go or load one from HCL, run it, and read what each pipe did.
// A program needs this package only (and, for metrics, package metrics with
// a Prometheus registry of its own). Nothing here is global: two runs in one
// process share only what they are given.
//
// # Building a pipeline in Go
//
// New makes an empty pipeline; Add adds a pipe, a Func that receives its
// upstreams' results (Inputs) and returns its output, any JSON-encodable
// value. Options set its dependencies and policies:
//
//   - DependsOn: the pipes it waits for (a missing one is an error of Run
//     that names both pipes and the closest name).
//   - Retry with a RetryPolicy (Retries, Delay, Backoff, MaxDelay, Jitter),
//     or Retries for a constant delay. An error wrapped with Permanent is
//     not retried.
//   - Timeout: a limit per attempt.
//   - InPool: a slot of a named pool (Pipeline.Pool) besides the run's
//     parallelism; a slot is held only while an attempt runs.
//   - WithTrigger: the upstream rule, AllSuccess by default; OneFailed makes
//     a failure handler, AllDone a cleanup that always runs.
//   - If: a condition on the upstreams' outputs, checked once the trigger
//     holds; false skips the pipe (ReasonConditionFalse).
//
// ForEach adds a fan-out, as HCL for_each: a collection computed at run time
// (ItemsFunc, or Items for a fixed map) and a function run once per Item as
// an instance of its own, id[key], with the pipe's retries, timeout and pool.
//
// # Loading HCL
//
// Load reads a .hcl file or a directory of them (LoadSource: text), with
// LoadOptions for variables and pipe types. Its errors are a
// *DiagnosticsError with every diagnostic and its place in the files.
// Pipeline.Plan says what a run would do, Pipeline.Eval evaluates an
// expression against the pipeline's variables and locals.
//
// # Running
//
// Pipeline.Run runs the pipeline with RunOptions: Parallelism, FailFast,
// Targets (addresses as ResolveAddress reads them: an id, group.step,
// id[key]), an Observer for events, a Logger. A pipe's failure is in the
// Result, not in Run's error: the failed pipe's dependents are decided by
// their trigger rules, independent branches go on. Cancel the context to
// stop a run; Run returns when all its goroutines have.
//
// # Results
//
// Result holds one PipeResult per pipe and instance, in the graph's order
// (Status, Reason, Attempts, Duration, Output, Err); Result.Decode reads an
// output into a Go value, Result.Pipe one result, Result.Outputs the HCL
// output blocks.
//
// # Events and metrics
//
// An Observer (ObserverFunc, several with Observers) receives every Event:
// the run's start and end, each attempt's start and end, each retry with the
// attempt about to be made, each pipe's end. The Prometheus metrics of a
// pipeline are one: metrics.ForPipeline(registry, p.Name(), p.WorkIDs(),
// version) returns an Observer to pass in RunOptions, whose series start at
// zero and which any registry can serve. The metrics package is separate so
// that a program without Prometheus does not link its client.
//
// The program in examples/embed uses all of this: retries, a pool, a
// condition, a fan-out, a failure handler and metrics.
package dagrun
