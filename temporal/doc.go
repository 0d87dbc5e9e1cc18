// Package temporal runs dagrun pipelines on Temporal (https://temporal.io)
// instead of the in-process executor, so that the pipes of one run spread over
// the workers of many hosts and a run survives the loss of a host.
//
// A run is one workflow (type WorkflowName). The workflow binds the pipeline
// to executor nodes with the same code as the local engine (internal/bind) and
// drives the same scheduling core (executor.Sched): triggers, if, skip
// propagation, fail_fast, parallelism and pools, retries and their back-off,
// composites and for_each are decided there, for both engines alike. Each
// attempt of a pipe is one activity (type ActivityName, id ActivityID), tried
// once: the core decides whether there is another, and the workflow waits out
// its back-off on a timer. The attempts of a pipe with a short timeout
// (MaxLocalTimeout) run as local activities of the same type, in the
// workflow task of the worker that schedules them, while few attempts are in
// flight. An activity gets the pipe type and the evaluated
// arguments, so a worker needs the dagrun binary (or the embedding program,
// with its pipe types), never the pipeline file.
//
// The starter (Run) ships the pipeline's source files, the values of its
// variables and what env() and file() return; it follows the run through a
// workflow query for the core's events, turned back into executor.Event
// values, so the views, metrics and exit codes of the local engine work
// unchanged. A worker (NewWorker) runs workflows and activities and reports
// the per-pipe metrics of what it ran.
//
// A pipeline built in Go (dagrun.New, Add, ForEach) runs on workers built
// by the embedding program that register it by name
// (WorkerOptions.Pipelines), started with an Engine without a Source: the
// starter ships the pipeline's name and what each pipe is (GoPipeline), the
// workflow builds the worker's pipeline, checks it is the same (else the run
// fails at once, ErrTypeGoPipelineMissing or ErrTypeGoPipelineMismatch), and
// drives the same core; each of its functions (a pipe's Func, an If, a
// ForEach's items and each item's function) runs as an activity with the
// results of its upstreams, never in the workflow.
package temporal
