package hcl

import (
	"github.com/dagrun/dagrun/rules"

	hcl2 "github.com/hashicorp/hcl/v2"
)

// The schema tables below are the single source of truth for the language: the
// decoder derives its hcl2.BodySchema values from them and the reference docs
// (docs/reference.md) are generated from them, so the two cannot drift.

// attrSpec describes one argument of a block.
type attrSpec struct {
	Name     string
	Required bool
	Type     string // as shown in the docs: string, number, bool, duration, ...
	Default  string // as shown in the docs; "" when none
	Doc      string
	// TypeMayOwn: a pipe type may have an argument of this name, which is
	// then the type's (not reserved, not in the meta schema).
	TypeMayOwn bool
}

// blockSpec describes one block type.
type blockSpec struct {
	Type   string
	Labels []string
	Doc    string
	Attrs  []attrSpec
	// Blocks lists the nested block types (only `pipe` nests).
	Blocks []string
	// AnyAttrs: the block's arguments are user-named (locals).
	AnyAttrs bool
	// Nested: the block goes inside another (validation), not at the top.
	Nested bool
	// Unsupported: the block is part of the language but not implemented yet; it
	// is recognised so that it can be reported as such instead of as a typo.
	Unsupported bool
}

// schema returns the hcl2.BodySchema of the block's body.
func (b *blockSpec) schema() *hcl2.BodySchema {
	s := &hcl2.BodySchema{}
	for _, a := range b.Attrs {
		if a.TypeMayOwn {
			continue // read on its own (ownableSchema)
		}
		s.Attributes = append(s.Attributes, hcl2.AttributeSchema{Name: a.Name, Required: a.Required})
	}
	for _, t := range b.Blocks {
		var labels []string
		if t == pipeSpec.Type {
			labels = pipeSpec.Labels
		}
		s.Blocks = append(s.Blocks, hcl2.BlockHeaderSchema{Type: t, LabelNames: labels})
	}
	return s
}

// attrNames returns the names of the block's arguments.
func (b *blockSpec) attrNames() []string {
	names := make([]string, len(b.Attrs))
	for i, a := range b.Attrs {
		names[i] = a.Name
	}
	return names
}

// retryAttrs are the settings a pipe inherits from its composite and from the
// `defaults` block.
var retryAttrs = []attrSpec{
	{Name: "retries", Type: "number", Default: "2", Doc: "Extra attempts after the first; 0 means one attempt."},
	{Name: "retry_delay", Type: "duration", Default: `"30s"`, Doc: "Delay before the first retry."},
	{Name: "retry_backoff", Type: "number", Default: "1", Doc: "Multiplier applied to the delay for each further retry: 1 keeps it constant, 2 doubles it. At least 1."},
	{Name: "retry_delays", Type: "list of durations", Default: "none", Doc: "The delay before each retry, the last one repeating (`[\"1s\", \"10s\", \"100s\"]`): instead of `retry_delay` and `retry_backoff`, which may not be set beside it. The most specific level that sets either form decides (a pipe's `retry_delay` replaces an inherited `retry_delays`). `retry_max_delay` caps and `retry_jitter` moves these delays too."},
	{Name: "retry_max_delay", Type: "duration", Default: `"10m"`, Doc: "Cap on any single delay."},
	{Name: "retry_jitter", Type: "number", Default: "0", Doc: "Fraction between 0 and 1: each delay is moved randomly by up to this fraction of itself."},
	{Name: "timeout", Type: "duration", Default: "none", Doc: "Deadline of each attempt. null or `\"0s\"` means none."},
}

// inherited returns the settings as a pipe has them: by default inherited from
// its composite, else from `defaults`, else from the pipe type.
func inherited(attrs []attrSpec) []attrSpec {
	out := make([]attrSpec, len(attrs))
	for i, a := range attrs {
		a.Default = "inherited"
		out[i] = a
	}
	return out
}

var pipelineSpec = &blockSpec{
	Type:   "pipeline",
	Labels: []string{"name"},
	Doc:    "Settings of the whole run. Optional, at most one. The label is the pipeline's name (metrics, logs); without the block the name is the file's base name without `.hcl` (the directory's name for a directory).",
	Attrs: []attrSpec{
		{Name: "parallelism", Type: "number", Default: "10", Doc: "Pipes running at once (pipes waiting for their dependencies do not count)."},
		{Name: "max_active_runs", Type: "number", Default: "none", Doc: "`dagrun serve` only: at most this many runs of the pipeline run at once. A run asked for past the bound waits (the API's runs queue; a schedule with `overlap = \"queue\"` or `\"allow\"` queues its tick, one with `\"skip\"` skips it); at most this many wait, and a run asked for past that is refused (HTTP 409) or its tick skipped. At least 1."},
		{Name: "on_failure", Type: "string", Default: `"continue"`, Doc: "`\"continue\"`: a failed pipe skips its dependents and independent branches keep running. `\"fail_fast\"`: the first failure cancels the run."},
		{Name: "timeout", Type: "duration", Default: "none", Doc: "Deadline of the whole run: when it passes, the run is stopped (its status is failed)."},
		{Name: "deadline", Type: "duration", Default: "none", Doc: pipelineDeadlineDoc},
		{Name: "pipe_log_limit", Type: "size", Default: `"10MiB"`, Doc: "Most of one attempt's output a pipe's log file keeps (`dagrun runs logs`): past it the first and the last half are kept, with a line saying how many bytes were dropped between them. A size like `\"512KiB\"`, `\"10MiB\"`, `\"1GiB\"` (or `KB`, `MB`, `GB`: powers of 1000), or a number of bytes; `\"0\"` keeps everything. `dagrun apply --pipe-log-limit` and `dagrun serve --pipe-log-limit` override it."},
	},
}

var variableSpec = &blockSpec{
	Type:   "variable",
	Labels: []string{"name"},
	Doc:    "An input of the pipeline, referenced as `var.<name>`. Its value comes from, strongest first: `--var name=value`, a `--var-file`, the environment variable `DAGRUN_VAR_<name>`, `default`. A variable without a default must be given a value.",
	Attrs: []attrSpec{
		{Name: "type", Type: "type", Default: "any", Doc: "Type constraint, as in Terraform: `string`, `number`, `bool`, `list(string)`, `map(number)`, `object({...})`, `any`. Values from the command line and the environment are taken literally for `string` and `any`, and parsed as HCL expressions otherwise."},
		{Name: "default", Type: "any", Doc: "Value when none is given. A literal: no references or function calls."},
		{Name: "description", Type: "string", Doc: "Documentation."},
		{Name: "sensitive", Type: "bool", Default: "false", Doc: "The value (every string inside it) is replaced by `(sensitive)` in logs, plans, events and the run's records (except the owner-only resume cache). It may not make a `for_each` key (see `for_each`)."},
	},
	Blocks: []string{"validation"},
}

// validationSpec is a variable's `validation` block.
var validationSpec = &blockSpec{
	Type:   "validation",
	Nested: true,
	Doc:    "Inside a `variable` block: a rule the variable's value must follow, as in Terraform; any number of them. Checked for every value, wherever it comes from (`--var`, a `--var-file`, the environment, the API's run parameters, the default): a value that breaks a rule is refused before anything runs, with the rule's message (exit 2 for `apply` and `plan`, HTTP 400 for the API).",
	Attrs: []attrSpec{
		{Name: "condition", Required: true, Type: "bool", Doc: "True when the value is valid. May use this variable (`var.<name>`) and functions, nothing else."},
		{Name: "error_message", Required: true, Type: "string", Doc: "What is wrong, shown when the condition is false. May use the variable as `condition` does (a sensitive value shows as `(sensitive)`)."},
	},
}

var localsSpec = &blockSpec{
	Type:     "locals",
	Doc:      "Named values, referenced as `local.<name>`. Each may use variables, other locals and functions; they are computed when the pipeline is loaded, so they cannot reference pipes. Any number of `locals` blocks; a name is defined once.",
	AnyAttrs: true,
}

var defaultsSpec = &blockSpec{
	Type: "defaults",
	Doc:  "Settings shared by every pipe. Optional, at most one. Retry and timeout settings apply to every pipe that does not set them itself (nor inherit them from its composite); precedence, strongest first: the pipe's own setting, its composite's, `defaults`, the pipe type's own defaults, the built-in defaults shown here. `env` and `dir` are those of every `exec` pipe.",
	Attrs: append(append([]attrSpec(nil), retryAttrs...),
		attrSpec{Name: "env", Type: "map(string)", Doc: "Environment variables of every `exec` pipe, under the pipe's own `env`: a pipe's entry wins over the entry of the same name here. Evaluated at load (variables, locals, functions)."},
		attrSpec{Name: "dir", Type: "string", Default: "the pipeline's directory", Doc: "Working directory of every `exec` pipe that sets no `dir` of its own; a relative path is relative to the pipeline's directory (of the file that has the block, for a sub-pipeline)."},
	),
}

var poolSpec = &blockSpec{
	Type:   "pool",
	Labels: []string{"name"},
	Doc:    "A named concurrency limit shared by the pipes that set `pool = \"<name>\"`.",
	Attrs: []attrSpec{
		{Name: "size", Required: true, Type: "number", Doc: "Pipes of the pool running at once; at least 1."},
	},
}

// pipeMetaAttrs are the meta-arguments every pipe has; a pipe type may not use
// these names for its own arguments.
var pipeMetaAttrs = append([]attrSpec{
	{Name: "use", Type: "string", Doc: "The pipe type (`exec`, `http`, ...): a literal string. Absent on a composite pipe, whose nested `pipe` blocks are its steps. `\"pipeline\"` calls another pipeline (see Sub-pipelines above)."},
	{Name: "depends_on", Type: "list", Doc: "Extra dependencies: a list of `pipe.<id>` references, read without evaluation. References inside other arguments are dependencies already."},
	{Name: "if", Type: "bool", Doc: "Condition evaluated once the trigger is satisfied; false skips the pipe. May reference upstream pipes."},
	{Name: "allow_failure", Type: "bool", Default: "false", Doc: "The pipe may fail: once no retry is left it is recorded `failed` and shown `failed (allowed)`, its dependents see it as succeeded, and the run's status and exit code leave it out. Known at load (literals, variables, locals). Not on a composite: set it on its steps."},
	{Name: "skip_if", Type: "bool", Doc: skipIfDoc},
	{Name: "retry_if", Type: "bool", Doc: retryIfDoc},
	{Name: "trigger", Type: "string", Default: `"all_success"`, Doc: "Upstream rule: `all_success`, `all_done`, `none_failed`, `one_failed`, `one_success`, `all_failed`, `none_failed_min_one_success` (see Trigger rules)."},
	{Name: "for_each", Type: "map, set or list", Doc: "Fan-out: one instance of the pipe per key (map keys, set members, list indexes `\"0\"`, `\"1\"`, ...), each a task of its own named `id[key]` with its own retries, pool slot and events; `each.key` and `each.value` in the pipe's other expressions. A set's members must be strings or numbers. A collection that reads no pipe is evaluated at load (`plan` lists its keys); one that reads upstream pipes expands once they have succeeded. An empty collection makes no instances and the pipe succeeds. `if` is evaluated per instance when it reads `each`, else once before the collection; an instance whose `if` is false is *filtered*: skipped with reason `filtered` and left out of `pipe.<id>` and of its dependents' trigger rules, so that what depends on the pipe runs on the instances that ran. On a composite, every step runs per key (`routing[a].load`), reads the other steps of its own instance, and what the steps read from outside is waited for before the composite expands. Not allowed on a step of a `for_each` composite. A key names its instance everywhere (views, logs, the run's records, log file names), so, as in Terraform, a key may not hold a sensitive value: a collection that reads a sensitive variable (directly, through a local, or through the output of a `value` pipe or composite made from one) is refused at load, and a key found at run time to hold the value of a sensitive variable fails the pipe with an error that does not show the key. A key may not contain control characters (escape sequences, newlines, tabs) or bidirectional overrides either. At most 1,000,000 keys."},
}, append(inherited(retryAttrs),
	attrSpec{Name: "pool", Type: "string", Default: "inherited", Doc: "Name of a `pool` block limiting how many pipes of the pool run at once."},
	attrSpec{Name: "sequential", Type: "bool", Default: "false", Doc: "Composite pipes only: the steps run one after the other, in declared order."},
	attrSpec{Name: "description", Type: "string", Doc: "Documentation, shown by `plan`."},
	attrSpec{Name: "sources", Type: "list(string)", Default: "none", Doc: "Globs of the files the pipe reads (`\"src/**/*.c\"`; `*`, `?`, `[abc]`, `{a,b}`, and `**` for any number of directories), relative to the pipeline's directory unless absolute. Known at load (literals, variables, locals); on a pipe that runs per `for_each` instance it may read `each`, so that each instance has files of its own (`[\"src/${each.key}.c\"]`). A pipe with `sources` or `generates` is *up to date* when its evaluated arguments, its upstreams' outputs and the contents (SHA-256) of its source files are those of its last successful run recorded in the state directory, and every file of `generates` is there, unchanged since that run: it is then not run, ends `up_to_date` with that run's output, and its dependents see a success (see Statuses). `dagrun apply --force` runs every pipe; `--replace ID` runs ID and what depends on it. A pattern that matches no file is a warning: of `validate` and `plan` (at the pattern, unless it matches what a pipe's `generates` names, which the run makes), and of `apply` when it checks the pipe, before its first attempt (`warning: pipe ID: no file matches its sources \"...\"`); a source that cannot be read (a dangling link, no permission) fails the pipe before it runs, with the file's path. Records are kept per pipe and `for_each` instance in the state directory (docs/state.md); only `apply` with the local engine uses them (`dagrun serve` runs every pipe). Not on a composite."},
	attrSpec{Name: "generates", Type: "list(string)", Default: "none", Doc: "Globs of the files the pipe makes, as `sources`. After a success each must match at least one file (else the pipe fails: it did not make what it says), and the files' contents are recorded; a file changed or removed since makes the pipe out of date. Not on a composite."},
	attrSpec{Name: "deadline", Type: "duration", Default: "none", TypeMayOwn: true, Doc: deadlineDoc},
)...)

var pipeSpec = &blockSpec{
	Type:   "pipe",
	Labels: []string{"id"},
	Doc:    subPipelineDoc + "\n\nA node of the graph. The label is the pipe's id, unique in the whole pipeline (nested pipes included) and referenced as `pipe.<id>`. A pipe either has a type (`use`) and that type's arguments beside the meta-arguments, or is a composite: no `use`, and nested `pipe` blocks as its steps. `pipe.<id>` is an object with `output`, `status`, `error`, `attempts` and `duration` (seconds); referencing it makes a dependency. A composite's `output` is an object of its steps' outputs, and a reference to a composite waits for all its steps. For a pipe with `for_each` (or a step of a `for_each` composite, read from outside it), `pipe.<id>` is an object from each key to such an object, `pipe.<id>[key]` is one instance, and a reference waits for every instance; over a list or a tuple (known as one at load) it is a list of those objects in index order (`[for p in pipe.<id> : p.output]`), and its instances are listed in index order everywhere.",
	Attrs:  pipeMetaAttrs,
	Blocks: []string{"pipe"},
}

var outputSpec = &blockSpec{
	Type:   "output",
	Labels: []string{"name"},
	Doc:    "A value printed at the end of `apply` (and in its JSON output). When a pipe it reads the `output` of did not succeed, the value is null and a warning says why. When its expression fails (an attribute its value has not, a function given what it cannot take), the value is null, an error says why, and `apply` exits 1 even if every pipe succeeded.",
	Attrs: []attrSpec{
		{Name: "value", Required: true, Type: "any", Doc: "The value; may reference variables, locals and pipes."},
		{Name: "description", Type: "string", Doc: "Documentation."},
		{Name: "sensitive", Type: "bool", Default: "false", Doc: "Hide the value in text output. An output reading a sensitive variable is sensitive anyway."},
	},
}

var scheduleSpec = &blockSpec{
	Type:   "schedule",
	Labels: []string{"name"},
	Doc:    scheduleDoc,
	Attrs:  scheduleAttrs,
}

// blockSpecs lists the top-level blocks in documentation order.
var blockSpecs = []*blockSpec{pipelineSpec, variableSpec, validationSpec, localsSpec, defaultsSpec, poolSpec, pipeSpec, handlerSpec, outputSpec, scheduleSpec}

// rootSchema is the schema of a pipeline file.
var rootSchema = func() *hcl2.BodySchema {
	s := &hcl2.BodySchema{}
	for _, b := range blockSpecs {
		if b.Nested {
			continue
		}
		s.Blocks = append(s.Blocks, hcl2.BlockHeaderSchema{Type: b.Type, LabelNames: b.Labels})
	}
	return s
}()

// pipeMetaSchema is read first from a pipe body with PartialContent; what remains
// belongs to the pipe type.
var pipeMetaSchema = pipeSpec.schema()

// pipeAttrs are the attributes of `pipe.<id>`.
var pipeAttrs = []attrSpec{
	{Name: "output", Type: "any", Doc: "The pipe's result (see its type). Null when it produced none. For a composite: an object of its steps' outputs by id."},
	{Name: "status", Type: "string", Doc: "`succeeded`, `failed`, `skipped` or `cancelled`. For a composite or a `for_each` pipe: the aggregate of its members (see Statuses)."},
	{Name: "error", Type: "string", Doc: "The error of the last attempt, or null. For a composite: the first error of its steps."},
	{Name: "attempts", Type: "number", Doc: "The number of attempts made. For a composite: the sum over its steps."},
	{Name: "duration", Type: "number", Doc: "Seconds from the start of the first attempt to the end, retries included. For a composite: from the first start of a step to the last end."},
}

// pipeAttrNames are the names of pipeAttrs.
var pipeAttrNames = (&blockSpec{Attrs: pipeAttrs}).attrNames()

// referenceSpecs document what expressions may reference.
var referenceSpecs = []attrSpec{
	{Name: "var.<name>", Doc: "The value of a variable."},
	{Name: "local.<name>", Doc: "A local value."},
	{Name: "pipe.<id>.<attribute>", Doc: "The result of a pipe: allowed in `if`, in the type's arguments and in outputs, and a dependency on that pipe. Not allowed where a value is needed at load (retry settings, timeout, pool, locals, ...)."},
	{Name: "pipe.<id>[key].<attribute>", Doc: "One instance of a pipe with `for_each`; `pipe.<id>` alone is the object of all its instances by key (`values(pipe.<id>)[*].output`, `{for k, v in pipe.<id> : k => v.status}`)."},
	{Name: "run.id, run.pipeline, run.started, run.attempt", Doc: "The run: its id (the one `dagrun runs` shows), the pipeline's name (the calling pipeline's, in a sub-pipeline), when it started (an RFC 3339 string in UTC) and, in a pipe's arguments, the pipe's attempt (1, 2, ...; null in `if` and outputs). Allowed in the arguments and `if` of pipes and in outputs; not where a value is needed at load (locals, settings, `for_each`). Arguments that read `run` are decoded for each attempt."},
	{Name: "path.pipeline, path.cwd", Doc: "The absolute directory of the pipeline (of the file that reads it, for a sub-pipeline) and dagrun's working directory. Known at load: allowed everywhere."},
	{Name: "self.output, self.exit_code, self.error, self.attempt", Doc: "The pipe's own result, once an attempt has ended: allowed only in its `skip_if` (`output`, `exit_code`) and `retry_if` (all four); anywhere else it is an error."},
	{Name: "each.key, each.value", Doc: "The current element in a pipe with `for_each` (and in the steps of a `for_each` composite): its key as a string, and its value (for a set: the member itself)."},
}

// triggerNames are the valid values of `trigger` (package rules).
var triggerNames = rules.TriggerNames()

// onFailureNames are the valid values of `on_failure`.
var onFailureNames = []string{"continue", "fail_fast"}

// metaArgNames returns the reserved argument names of pipes (attributes and the
// nested block type).
func metaArgNames() []string { return append(reservedAttrNames(), pipeSpec.Blocks...) }

// reservedAttrNames are the pipe meta-arguments no pipe type may use.
func reservedAttrNames() []string {
	var names []string
	for _, a := range pipeSpec.Attrs {
		if !a.TypeMayOwn {
			names = append(names, a.Name)
		}
	}
	return names
}

// ownableSchema reads the meta-arguments a pipe type may have as its own
// (TypeMayOwn), from a pipe whose type does not.
var ownableSchema = func() *hcl2.BodySchema {
	s := &hcl2.BodySchema{}
	for _, a := range pipeSpec.Attrs {
		if a.TypeMayOwn {
			s.Attributes = append(s.Attributes, hcl2.AttributeSchema{Name: a.Name})
		}
	}
	return s
}()

// subPipelineDoc documents use = "pipeline".
const subPipelineDoc = "**Sub-pipelines.** A pipe with `use = \"pipeline\"` calls another pipeline: `source` (required) is a `.hcl` file or a directory of them, relative to the file of the calling pipe, and `vars` (optional) an object of values for its variables, known at load (variables, locals, functions; a value made from a sensitive variable makes the child's variable sensitive). The called pipeline's variables get their values only from `vars` and their defaults (not from `--var`, var files or the environment), and their `validation` rules apply. The pipe is a composite whose steps are the called pipeline's pipes, named with the pipe's id in front (`etl.load`, `etl.fan[a]`): they are pipes of the calling run (events, metrics, logs, `runs show`, resume, the run's `parallelism`), their pools are the called pipeline's own (`etl.<pool>`), their retry settings its own (its `defaults`, not the calling pipe's), and relative paths of its pipes (exec's `dir`, `file()`, `path.pipeline`) are its directory's. `pipe.<id>.output` is the object of the called pipeline's `output` blocks; status, attempts and duration are the composite's. The called pipeline's `pipeline` block (parallelism, timeout, `on_failure`) and `schedule` blocks are not used (a warning at `source` says so). `if`, `trigger` and `depends_on` work as on a composite; `for_each` does not, nor may a pipeline pipe be a step of a `for_each` composite. A missing or invalid called pipeline is an error at `source` with the called pipeline's own diagnostics; pipelines calling each other in a cycle are an error naming every call."
