package hcl

import "strings"

// commandReference writes the command line's conventions and its JSON
// output formats. The field tables are checked against the structs the
// command encodes (cmd/dagrun, TestJSONOutputDocumented).
func commandReference(p func(string, ...any)) {
	p("## Command line\n\n")
	p("Every command that takes a pipeline's `PATH` (`apply`, `plan`, `validate`, `graph`, `console`) reads the current directory when it is left out; `fmt` takes any number of paths (default `.`), `-r` for subdirectories and `-` for standard input. `dagrun --version` and `dagrun version` print the version.\n\n")
	p("A pipe is addressed the same way by `--target` and `runs logs`: by id (`build`), by the path of a step in a composite (`release.upload`), or as one instance of a `for_each` pipe (`compile[linux]`, or with a quoted key, `compile[\"linux\"]`). An address that names nothing is a usage error that says which names come close. `--target compile[linux]` runs that instance only, with what it depends on; for a collection known only at run time, an instance the collection does not make runs nothing.\n\n")
	p("`apply --only ID` (repeatable; an address as above) runs just that pipe (a composite's steps, a fan-out's instances), nothing downstream of it, and takes the output of every pipe it depends on, at any depth, from the latest successful run of the pipeline in the state directory: those pipes are `reused`, as with `--resume`. It exits 2 before running anything when there is no successful run, when that run has no output of an upstream (it did not succeed there, it changed since, or it is a `for_each` pipe that run ran only some instances of; the error names each, and naming it with `--only` too runs it), and with `--target` or `--resume`. `--target` keeps its meaning: the pipe and everything it depends on run. See docs/state.md.\n\n")
	p("`apply --stream` (or `DAGRUN_STREAM=1` or `true`; `0`, `false` or empty: off; another value is a usage error; the flag wins over the variable) prints every pipe's output lines as they come, on stdout between the view's own lines, each after the pipe's name as the views show it, padded to a common width (`compile[io] | io.c:12: error: ...`), like `docker compose up`. On a terminal each name has a colour of its own, the same on every run (none with `--no-color`, `NO_COLOR` or `TERM=dumb`), and the live view prints the lines above its live area. A line is never cut by another pipe's line: a pipe's partial line waits for its newline, and a last line without one comes out, named, when the pipe's stream ends; stdout and stderr both come, each in its own order, and a line longer than 64 KiB comes in pieces, each named. The lines are what the pipe's log gets (exec's stdout and stderr, http's request line), sensitive values redacted, control characters escaped; all of them, even past `pipe_log_limit`. `--stream` with `--output json` is refused, exit 2 (stdout holds events only; a pipe's output is in its log); so it is with `--engine temporal`, whose pipes run on the workers (`dagrun worker` prints their lines). `DAGRUN_STREAM=1` is left unused by those, so that it may be set for every `apply`.\n\n")
	p("The summary of a recorded run in which pipes failed (text and live view) ends with the command that prints each failed pipe's whole log, the failure's lines above being its last ones only: `Full log of the failed pipe: dagrun runs logs RUN 'compile[io]' PATH` (PATH left out when it is the current directory, `--state-dir` repeated when it was given; one line each for several, the first ten). A composite or a fan-out has no log of its own: its failed members are named.\n\n")
	p("`apply --force` runs every pipe, up to date or not (and records the successes of those with `sources` or `generates`). `apply --replace ADDR` (repeatable; an address as for `--target`) runs that pipe and everything downstream of it even if they are up to date; with `--resume RUN` it also runs them again when they succeeded in RUN. An address that names nothing exits 2 with the closest names. `plan` says of each pipe with `sources` or `generates` whether `apply` would find it up to date now (`up to date: yes` / `no`; a pipe downstream of one that would run is `no`), from the records in the state directory `apply` uses (`plan --state-dir DIR`, `DAGRUN_STATE_DIR`); it runs nothing to say so. The Temporal engine does not keep the records: `apply --engine temporal` of a pipeline with `sources` or `generates` exits 2 unless `--force` is given.\n\n")
	p("`--parallelism` must be at least 1 when given (without it the pipeline's `parallelism` holds). A `--var` value of a variable whose type is not `string` is written as in HCL (`--var n=3`, `--var tags='[\"a\"]'`); a value of another type says which type was expected and what was given.\n\n")
	p("`dagrun console [PATH]` evaluates expressions, one per line from standard input (or a terminal, with history), against the pipeline's variables, locals and functions; with `--run RUN`, `pipe.<id>` reads what that recorded run left (`output`, `status`, `error`, `attempts`, `duration`). It prints each value as JSON; a value that needs a run is `(known after apply)`, a sensitive one `(sensitive)`. With input that is not a terminal it exits 2 when an expression failed.\n\n")
	p("`plan` evaluates every argument that reads no pipe (variables, locals, functions) and shows its value; what reads a pipe is `(known after apply)` and what reads a sensitive variable `(sensitive)`. It shows a retry policy only for a pipe that retries.\n\n")
	p("The first SIGINT (Ctrl-C), SIGTERM or SIGHUP says at once how many running pipes it cancels; the second kills their process groups and says so.\n\n")

	p("## JSON output\n\n")
	p("With `--output json`, what a command prints on stdout is JSON and nothing else; warnings and progress go to stderr. Every document has a `version` (1): it changes when a field changes meaning or goes away, not when one is added. Fields marked *optional* are left out when empty.\n\n")
	p("When the pipeline is invalid (or a flag names no pipe), `apply`, `plan` and `validate` with `--output json` print one [diagnostics](#diagnostics) document on stdout and exit 2.\n\n")

	table := func(rows ...string) {
		p("| field | type | meaning |\n|---|---|---|\n")
		for _, r := range rows {
			name, rest, _ := strings.Cut(r, "|")
			typ, meaning, _ := strings.Cut(rest, "|")
			p("| `%s` | %s | %s |\n", name, typ, meaning)
		}
		p("\n")
	}

	p("### Events\n\n")
	p("`apply --output json` prints one event per line, from `run_started` to `run_finished`. `type` is one of `run_started`, `pipe_ready`, `pipe_started` (an attempt starts), `attempt_succeeded`, `attempt_failed`, `attempt_timed_out`, `pipe_retrying`, `pipe_succeeded`, `pipe_up_to_date` (not run: see Statuses), `pipe_failed`, `pipe_skipped`, `pipe_cancelled`, `deadline_missed` (a `deadline` passed; the run goes on), `run_finished`. A handler's events have `pipe` `handler.<kind>` and `handler` true.\n\n")
	table(
		"time|string|RFC 3339 UTC time of the event",
		"type|string|what happened (above)",
		"pipeline|string|the pipeline's name",
		"pipe|string|optional: the pipe's id; `id[key]` for a `for_each` instance",
		"path|string|optional: how the pipe is shown (`group.step` for a step)",
		"key|string|optional: the instance's `for_each` key",
		"status|string|optional: `pipe_*` ends and `run_finished`: succeeded, up_to_date (a pipe), failed, skipped or cancelled",
		"reason|string|optional: why it was skipped or cancelled",
		"attempt|number|optional: the attempt (from 1); on `pipe_retrying`, the attempt about to be made",
		"max_attempts|number|optional: retries + 1",
		"result|string|optional: attempt ends: ok, error or timeout",
		"delay_seconds|number|optional: `pipe_retrying`: the wait before the next attempt",
		"duration_seconds|number|optional: an attempt's, a pipe's (first start to end) or the run's duration",
		"error|string|optional: the error, sensitive values redacted",
		"reused|bool|optional: taken from an earlier run (`--resume`)",
		"allowed|bool|optional: `pipe_failed`: a failure the pipeline allows (`allow_failure`)",
		"handler|bool|optional: the event is a handler's (`handler` block)",
		"deadline_seconds|number|optional: `deadline_missed`: the deadline, from the run's start (`pipe` absent: the pipeline's)",
		"outputs|object|optional: `run_finished`: the `output` blocks by name",
		"diagnostics|array|optional: `run_finished`: diagnostics of evaluating the outputs",
		"diagnostics[].severity|string|error or warning",
		"diagnostics[].summary|string|one line",
		"diagnostics[].detail|string|optional: more",
		"diagnostics[].file|string|optional: the file of the output's expression",
		"diagnostics[].line|number|optional: its line",
		"diagnostics[].column|number|optional: its column",
		"pipes|array|`run_finished`: every pipe's result, in run order",
		"pipes[].pipe|string|the pipe's id",
		"pipes[].status|string|how it ended",
		"pipes[].reason|string|optional: why it was skipped or cancelled",
		"pipes[].attempts|number|attempts made",
		"pipes[].duration_seconds|number|first start to end",
		"pipes[].error|string|optional: the error",
		"pipes[].reused|bool|optional: taken from an earlier run",
		"pipes[].allowed|bool|optional: a failure the pipeline allows",
		"pipes[].handler|bool|optional: a handler of the run",
		"run_id|string|the run's id, as `dagrun runs` lists it (the same on every event of a run)",
		"trace_id|string|optional: a traced run's trace (docs/tracing.md)",
		"span_id|string|optional: the span of the pipe (or of the run, on run events)",
		"version|number|1",
	)

	p("### Diagnostics\n\n")
	p("`validate --output json` prints this document for a valid pipeline too (`valid` true, its warnings listed). The shape is that of `terraform validate -json`.\n\n")
	table(
		"version|number|1",
		"type|string|`diagnostics` (it tells the document apart in an `apply` stream)",
		"valid|bool|no errors",
		"error_count|number|errors",
		"warning_count|number|warnings",
		"diagnostics|array|every diagnostic, in order",
		"diagnostics[].severity|string|error or warning",
		"diagnostics[].summary|string|one line",
		"diagnostics[].detail|string|optional: more, with what comes close",
		"diagnostics[].range|object|optional: where; absent for an error that is not in a file (a path that does not exist)",
		"diagnostics[].range.filename|string|the file, as given",
		"diagnostics[].range.start|object|first character",
		"diagnostics[].range.start.line|number|line, from 1",
		"diagnostics[].range.start.column|number|column, from 1",
		"diagnostics[].range.start.byte|number|byte offset, from 0",
		"diagnostics[].range.end|object|just after the last character",
		"diagnostics[].range.end.line|number|line",
		"diagnostics[].range.end.column|number|column",
		"diagnostics[].range.end.byte|number|byte offset",
	)

	p("### Plan\n\n")
	p("`plan --output json` prints one document.\n\n")
	table(
		"version|number|1",
		"pipeline|string|the pipeline's name",
		"parallelism|number|its `parallelism`",
		"on_failure|string|continue or fail_fast",
		"timeout|string|optional: the run's `timeout`",
		"deadline|string|optional: the pipeline's `deadline`",
		"levels|number|levels of the graph",
		"pipes|array|every pipe, each after what it depends on",
		"pipes[].id|string|id",
		"pipes[].path|string|display path",
		"pipes[].type|string|pipe type, or composite",
		"pipes[].level|number|one more than its deepest upstream's",
		"pipes[].depends_on|array|ids of its upstreams",
		"pipes[].trigger|string|trigger rule",
		"pipes[].condition|bool|it has an `if` (known after apply)",
		"pipes[].retries|number|retries",
		"pipes[].retry_delay|string|first delay",
		"pipes[].retry_backoff|number|multiplier",
		"pipes[].retry_max_delay|string|cap on a delay",
		"pipes[].retry_jitter|number|jitter fraction",
		"pipes[].timeout|string|optional: per attempt",
		"pipes[].pool|string|optional: pool",
		"pipes[].description|string|optional: description",
		"pipes[].args|array|optional: the type's arguments in the block",
		"pipes[].args[].name|string|argument",
		"pipes[].args[].value|string|the value as JSON text when known, else `(known after apply)` or `(sensitive)`",
		"pipes[].args[].expression|string|optional: the expression as written (never for a sensitive value)",
		"pipes[].args[].known|bool|`value` is the value",
		"pipes[].args[].known_after_apply|bool|it reads pipes",
		"pipes[].args[].sensitive|bool|it reads a sensitive variable",
		"pipes[].for_each|object|optional: the fan-out",
		"pipes[].for_each.expression|string|the collection as written",
		"pipes[].for_each.known_after_apply|bool|the collection reads pipes",
		"pipes[].for_each.instances|number|optional: how many, when known",
		"pipes[].for_each.keys|array|optional: the keys, when known",
		"pipes[].instance_of|string|optional: the `for_each` composite whose instances run this step",
		"pipes[].up_to_date|bool|optional: a pipe with `sources` or `generates`: whether `apply` would find it up to date now (every instance, for a `for_each` pipe)",
		"pipes[].deadline|string|optional: its `deadline`",
		"pipes[].handler|string|optional: a handler of the run: its kind (`failure`, ...); it has no level or dependencies",
	)

	p("### Runs\n\n")
	p("`runs list --output json` prints an array of runs (without `pipes`), `runs show RUN --output json` one run with its `pipes`, `runs prune --output json` the runs deleted.\n\n")
	table(
		"version|number|1",
		"id|string|the run's id",
		"pipeline|string|the pipeline's name",
		"path|string|optional: the PATH it was applied with",
		"started|string|RFC 3339 time",
		"finished|string|optional: RFC 3339 time",
		"duration_seconds|number|so far, for a run in progress",
		"status|string|succeeded, failed, cancelled, running, aborted or unreadable",
		"error|string|optional: why the run ended early",
		"counts|object|pipes by how they ended",
		"counts.succeeded|number|succeeded (reused included)",
		"counts.failed|number|failed",
		"counts.skipped|number|skipped",
		"counts.cancelled|number|cancelled",
		"counts.up_to_date|number|optional: up to date (not run; not counted in succeeded)",
		"counts.reused|number|succeeded in an earlier run",
		"resumed_from|string|optional: the run it resumed",
		"reused|array|optional: pipes reused",
		"rerun|array|optional: pipes run again because they or an upstream changed",
		"rerun_damaged|array|optional: pipes run again because their records were damaged",
		"problems|array|optional: damaged records",
		"problems[].file|string|file in the run's directory",
		"problems[].line|number|optional: line",
		"problems[].pipe|string|optional: the pipe it was about",
		"problems[].error|string|what is wrong",
		"engine|object|optional: where a run not on the local engine runs",
		"engine.name|string|temporal",
		"engine.address|string|the Temporal frontend",
		"engine.namespace|string|its namespace",
		"engine.task_queue|string|the run's task queue",
		"engine.workflow_id|string|the run's workflow",
		"engine.workflow_run_id|string|the workflow's run id",
		"engine_says|string|optional, `runs show`: the run's client is gone (its record says aborted), and status, counts and pipes are what its workflow says",
		"pipes|array|`runs show`: every pipe",
		"pipes[].pipe|string|id",
		"pipes[].path|string|optional: display path, when not the id",
		"pipes[].status|string|how it ended",
		"pipes[].reason|string|optional: why skipped or cancelled",
		"pipes[].attempts|number|attempts",
		"pipes[].duration_seconds|number|duration",
		"pipes[].error|string|optional: the error",
		"pipes[].reused|bool|optional: reused",
		"pipes[].allowed|bool|optional: a failure the pipeline allows",
		"pipes[].handler|bool|optional: a handler of the run",
		"pipes[].damaged|bool|optional: its record is damaged",
	)
}
