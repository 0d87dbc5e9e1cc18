// Package temporal runs dagrun pipelines on Temporal (https://temporal.io)
// instead of the in-process executor, so that the pipes of one run spread over
// the workers of many hosts and a run survives the loss of a host.
//
// A run is one workflow (type WorkflowName) and each pipe one activity (type
// ActivityName) whose activity id is pipe_<id> (pipe_<id>[key] for a for_each
// instance), retried by Temporal with the pipe's retry policy. The workflow
// walks the DAG with the same rules as the local executor (triggers, if, skip
// propagation, fail_fast, parallelism and pools, composites, for_each) and
// evaluates each pipe's arguments from its upstreams' outputs; an activity gets
// the pipe type and the evaluated arguments, so a worker needs the dagrun binary
// (or the embedding program, with its pipe types), never the pipeline file.
//
// The starter (Run) ships the pipeline's source files, the values of its
// variables and what env() and file() return; it follows the run through a
// workflow query and turns what happened into executor.Event values, so the
// views, metrics and exit codes of the local engine work unchanged. A worker
// (NewWorker) runs workflows and activities and reports the per-pipe metrics of
// what it ran.
package temporal
