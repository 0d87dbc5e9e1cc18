// Package state keeps the history of pipeline runs on disk, so that a run can be
// inspected after it ended and resumed after it was interrupted or killed: each
// run gets a directory with a summary, an append-only event journal, the exact
// outputs of the pipes that succeeded, and a log file per pipe.
//
// It is a public package rather than internal because durable, resumable runs
// are as useful to programs that embed dagrun as to the dagrun command, which is
// only one more client of it: Store.Start returns a Recorder whose Options
// method wires a dagrun.RunOptions (observer, per-pipe logs, reuse of an earlier
// run's results), and Store.Resume checks an earlier run against the pipeline
// before its results are reused.
//
// # Layout
//
//	DIR/.gitignore                 "*": run state is not source
//	DIR/runs/ID/                   one run; ID is 20060102T150405Z-xxxx (UTC, random suffix)
//	DIR/runs/ID/run.json           Summary: replaced atomically at start and at the end
//	DIR/runs/ID/journal.jsonl      one Record per line, appended as the run goes
//	DIR/runs/ID/outputs.jsonl      exact outputs of succeeded pipes: {"pipe","type","value"}
//	DIR/runs/ID/logs/PIPE.log      a pipe's log, attempt by attempt
//	DIR/runs/ID/lock               flock'ed by the process running the run
//	DIR/index.jsonl                a line per finished run (Index): a cache, rebuilt from runs/
//
// # Durability
//
// run.json is written to a temporary file, synced, renamed over the old one, and
// the directory is synced. The journal and the outputs are append-only; each line
// goes to the kernel in one write as soon as the event happens, so a killed
// process (kill -9) loses nothing it reported. They are synced to disk when a
// pipe finishes (its output first), when the run finishes, and before an attempt
// starts if a finished pipe is not synced yet: a pipe never starts work before
// the results it may build on are on disk. Readers stop at the first torn or
// corrupt line (what a crash leaves at the end of a file) and ignore the rest.
//
// A pipe is reusable by a resumed run only when the journal records it succeeded
// and, if it had an output, outputs.jsonl holds that output.
//
// # Sensitive values
//
// Errors in the journal and every line of the logs go through the pipeline's
// Redact. The outputs file is not redacted: a resumed run needs the exact values.
// Directories are created 0700 and files 0600.
//
// Plain files rather than an embedded database: each file has one writer, the
// data is append-mostly and read whole, a crash can only tear the last line of an
// append-only file (which the readers tolerate), and users can read, grep, copy
// and delete a run with ordinary tools.
package state
