package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/dagrun/dagrun/state"
)

type runsFlags struct {
	state  stateFlags
	output string
	path   string // the pipeline PATH given after the run arguments, if any
}

// runsCmd reads the run history: `runs` has no PATH, so its state directory is
// --state-dir, $DAGRUN_STATE_DIR, or .dagrun in the current directory (which is
// where apply keeps it for a pipeline in the current directory).
func runsCmd(e *env) *cobra.Command {
	f := &runsFlags{}
	c := &cobra.Command{
		Use:   "runs [list [PATH] | show RUN [PATH] | logs RUN PIPE [PATH] | prune | attach RUN [PATH] | cancel RUN [PATH]]",
		Short: "Show the run history: runs, a run's pipes, a pipe's log",
		Long: `Show the run history kept in the state directory.

RUN is a run id (or a unique prefix of one) from 'dagrun runs list', or last
for the most recent run. The state directory is --state-dir, else
$` + stateDirEnv + `, else the one apply uses for the pipeline at PATH
(` + state.DirName + ` beside it), else ` + state.DirName + ` in the current directory.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error { return e.runsList(f) },
	}
	f.state.add(c.PersistentFlags(), state.DirName+" in the current directory")
	c.PersistentFlags().StringVar(&f.output, "output", "text", "output format: text or json")
	c.AddCommand(
		&cobra.Command{
			Use:   "list [PATH]",
			Short: "List runs, most recent first: id, pipeline, start, duration, status, counts",
			Args:  cobra.MaximumNArgs(1),
			RunE: func(c *cobra.Command, args []string) error {
				f.path = optionalArg(args, 0)
				return e.runsList(f)
			},
		},
		&cobra.Command{
			Use:   "show RUN [PATH]",
			Short: "Show a run: each pipe's status, attempts, duration and error",
			Args:  cobra.RangeArgs(1, 2),
			RunE: func(c *cobra.Command, args []string) error {
				f.path = optionalArg(args, 1)
				return e.runsShow(f, args[0])
			},
		},
		&cobra.Command{
			Use:   "logs RUN PIPE [PATH]",
			Short: "Print a pipe's log in a run (stdout and stderr of each attempt)",
			Long: `Print a pipe's log in a run: what its process wrote to stdout and stderr,
attempt by attempt, each attempt between === lines. PIPE is a pipe id, an
instance id such as classify[3], or a step's path such as routing.load. A pipe
a resumed run reused shows the log of the run that ran it.`,
			Args: cobra.RangeArgs(2, 3),
			RunE: func(c *cobra.Command, args []string) error {
				f.path = optionalArg(args, 2)
				return e.runsLogs(f, args[0], args[1])
			},
		},
		pruneCmd(e, f),
		attachCmd(e, f),
		cancelCmd(e, f),
	)
	return c
}

type pruneFlags struct {
	keep      int
	olderThan string
	dryRun    bool
}

func pruneCmd(e *env, f *runsFlags) *cobra.Command {
	pf := &pruneFlags{}
	c := &cobra.Command{
		Use:   "prune --keep N | --older-than D",
		Short: "Delete old runs, with their logs and recorded outputs",
		Long: `Delete the runs that are neither among the N most recent of their pipeline
(--keep) nor younger than D (--older-than: a duration such as 36h, or days
such as 30d). With both, a run goes only when both say so. The latest run of
each pipeline is always kept (a resume may ask for it), and so are runs in
progress and runs being resumed.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error { return e.runsPrune(f, pf) },
	}
	c.Flags().IntVar(&pf.keep, "keep", -1, "keep the `N` most recent runs of each pipeline")
	c.Flags().StringVar(&pf.olderThan, "older-than", "", "delete only runs started longer than `D` ago (36h, 30d)")
	c.Flags().BoolVar(&pf.dryRun, "dry-run", false, "list what would be deleted, delete nothing")
	return c
}

// parseAge reads a duration, with d for days besides Go's units.
func parseAge(s string) (time.Duration, error) {
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err == nil && n >= 0 {
			return time.Duration(n) * 24 * time.Hour, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("want a duration such as 36h or 30d; got %q", s)
	}
	return d, nil
}

func (e *env) runsPrune(f *runsFlags, pf *pruneFlags) error {
	store, err := f.store()
	if err != nil {
		return err
	}
	if pf.keep < 0 && pf.olderThan == "" {
		return usageError("prune: say what to keep: --keep N, --older-than D, or both")
	}
	ret := state.Retention{Keep: max(pf.keep, 0)}
	if pf.olderThan != "" {
		if ret.OlderThan, err = parseAge(pf.olderThan); err != nil {
			return usageError("--older-than: %v", err)
		}
	}
	prune, verb := store.Prune, "pruned"
	if pf.dryRun {
		prune, verb = store.PruneDryRun, "would prune"
	}
	pruned, err := prune(ret, "", "")
	if f.output == "json" {
		out := make([]jsonRun, 0, len(pruned))
		for _, r := range pruned {
			out = append(out, toJSONRun(r))
		}
		if werr := writeJSON(e.stdout, out); werr != nil {
			return werr
		}
	} else {
		for _, r := range pruned {
			fmt.Fprintf(e.stdout, "%s %s (%s, %s, %s)\n", verb, r.ID, r.Pipeline, r.Started.Local().Format(time.DateTime), r.Status)
		}
		fmt.Fprintf(e.stdout, "%s %d run(s) in %s\n", verb, len(pruned), store.Dir())
	}
	return err
}

func (f *runsFlags) store() (*state.Store, error) {
	if f.output != "text" && f.output != "json" {
		return nil, usageError("--output %q: want text or json", f.output)
	}
	return state.Open(f.state.resolve(func() string {
		if f.path != "" {
			return state.DefaultDir(f.path)
		}
		return state.DirName
	})), nil
}

// hintStateDirs names the state directories below the current one when
// the default one, .dagrun here, has no runs and nothing chose another.
func (e *env) hintStateDirs(f *runsFlags) {
	if f.path != "" || f.state.dir != "" || os.Getenv(stateDirEnv) != "" {
		return
	}
	if dirs := stateDirsBelow("."); len(dirs) > 0 {
		fmt.Fprintf(e.stderr, "hint: runs of pipelines below this directory are in %s; list them with: dagrun runs list %s\n",
			strings.Join(dirs, ", "), shellQuote(filepath.ToSlash(filepath.Dir(dirs[0]))))
	}
}

// optionalArg is args[i], or "" when there are fewer.
func optionalArg(args []string, i int) string {
	if i < len(args) {
		return args[i]
	}
	return ""
}

// stateDirsBelow finds the state directories with runs below dir (not
// dir's own), for the hint of an empty listing: a user in a repository's
// root who ran `dagrun apply examples/quickstart` looks for its runs
// there. It looks a few levels down, skipping hidden directories, and
// stops after a few finds.
func stateDirsBelow(dir string) []string {
	const maxDepth, most = 4, 5
	var found []string
	root := filepath.Clean(dir)
	_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() || len(found) >= most {
			if len(found) >= most {
				return filepath.SkipAll
			}
			return nil
		}
		if path == root {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		if d.Name() == state.DirName {
			if path != filepath.Join(root, state.DirName) {
				if runs, err := state.Open(path).Runs(); err == nil && len(runs) > 0 {
					found = append(found, filepath.ToSlash(rel))
				}
			}
			return filepath.SkipDir
		}
		if strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules" || d.Name() == "vendor" || strings.Count(rel, string(filepath.Separator)) >= maxDepth {
			return filepath.SkipDir
		}
		return nil
	})
	return found
}

// runError turns a failure to find a run or pipe into exit code 2.
func runError(err error) error { return &exitError{code: exitUsage, err: err} }

type jsonRun struct {
	Version     int          `json:"version"` // jsonRunsVersion
	ID          string       `json:"id"`
	Pipeline    string       `json:"pipeline"`
	Path        string       `json:"path,omitempty"`
	Started     time.Time    `json:"started"`
	Finished    *time.Time   `json:"finished,omitempty"`
	Duration    float64      `json:"duration_seconds"`
	Status      string       `json:"status"`
	Error       string       `json:"error,omitempty"`
	Counts      state.Counts `json:"counts"`
	ResumedFrom string       `json:"resumed_from,omitempty"`
	Reused      []string     `json:"reused,omitempty"`
	Rerun       []string     `json:"rerun,omitempty"`
	// RerunDamaged: run again because their records in ResumedFrom were damaged.
	RerunDamaged []string      `json:"rerun_damaged,omitempty"`
	Problems     []jsonProblem `json:"problems,omitempty"`
	// Engine: where a run not on the local engine ran (its Temporal workflow).
	Engine *state.EngineInfo `json:"engine,omitempty"`
	// EngineSays: the run's client is gone, and status, counts and pipes are
	// what its engine says (runs show).
	EngineSays string     `json:"engine_says,omitempty"`
	Pipes      []jsonPipe `json:"pipes,omitempty"`
}

// jsonProblem is a damaged record of a run's files.
type jsonProblem struct {
	File  string `json:"file"`
	Line  int    `json:"line,omitempty"`
	Pipe  string `json:"pipe,omitempty"`
	Error string `json:"error"`
}

type jsonPipe struct {
	Pipe     string  `json:"pipe"`
	Path     string  `json:"path,omitempty"`
	Status   string  `json:"status"`
	Reason   string  `json:"reason,omitempty"`
	Attempts int     `json:"attempts"`
	Duration float64 `json:"duration_seconds"`
	Error    string  `json:"error,omitempty"`
	Reused   bool    `json:"reused,omitempty"`
	Allowed  bool    `json:"allowed,omitempty"`
	Handler  bool    `json:"handler,omitempty"`
	Damaged  bool    `json:"damaged,omitempty"`
}

func toJSONRun(s state.Summary) jsonRun {
	j := jsonRun{Version: jsonRunsVersion, ID: s.ID, Pipeline: s.Pipeline, Path: s.Path, Started: s.Started, Duration: s.Duration().Seconds(),
		Status: s.Status, Error: s.Error, Counts: s.Counts, ResumedFrom: s.ResumedFrom, Reused: s.Reused, Rerun: s.Rerun, RerunDamaged: s.RerunDamaged, Engine: s.Engine}
	if !s.Finished.IsZero() {
		j.Finished = &s.Finished
	}
	for _, p := range s.Problems {
		j.Problems = append(j.Problems, jsonProblem{File: p.File, Line: p.Line, Pipe: p.Pipe, Error: p.Err})
	}
	return j
}

func (e *env) runsList(f *runsFlags) error {
	store, err := f.store()
	if err != nil {
		return err
	}
	runs, err := store.Runs()
	if err != nil {
		return err
	}
	slices.Reverse(runs) // most recent first
	// A run whose client is gone while its workflow went on (another
	// engine's) is listed as the engine says.
	for i := range runs {
		if runs[i].Engine != nil && runs[i].Status == state.StatusAborted {
			run := &state.Run{Summary: runs[i]}
			if e.askEngine(run) != "" {
				runs[i] = run.Summary
			}
		}
	}
	// Every run's files are checked, so that damage shows where runs are
	// listed, not only when one is shown or resumed.
	for i := range runs {
		if runs[i].Status != state.StatusUnreadable {
			if problems, err := store.Check(runs[i].ID); err == nil {
				runs[i].Problems = problems
			}
		}
	}
	if f.output == "json" {
		out := make([]jsonRun, 0, len(runs))
		for _, r := range runs {
			out = append(out, toJSONRun(r))
		}
		return writeJSON(e.stdout, out)
	}
	if len(runs) == 0 {
		fmt.Fprintf(e.stdout, "No runs in %s.\n", store.Dir())
		e.hintStateDirs(f)
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RUN\tPIPELINE\tSTARTED\tDURATION\tSTATUS\tSUCCEEDED\tFAILED\tSKIPPED\tCANCELLED")
	damaged := 0
	for _, r := range runs {
		status := r.Status
		if len(r.Problems) > 0 {
			status += " (damaged)"
			damaged++
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\n", r.ID, r.Pipeline, r.Started.Local().Format(time.DateTime),
			roundDuration(r.Duration()), status, succeeded(r.Counts), r.Counts.Failed, r.Counts.Skipped, r.Counts.Cancelled)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if damaged > 0 {
		fmt.Fprintln(e.stderr)
		for _, r := range runs {
			reportProblems(e.stderr, r.ID, r.Problems)
		}
	}
	return nil
}

func succeeded(c state.Counts) string {
	s := strconv.Itoa(c.Succeeded)
	if c.Reused > 0 {
		s += fmt.Sprintf(" (%d reused)", c.Reused)
	}
	if c.UpToDate > 0 {
		s += fmt.Sprintf(" (+%d up to date)", c.UpToDate)
	}
	return s
}

// recordedRun reads run ref of the state directory f names (and the store
// it is in); with no runs there, it names the state directories below.
func (e *env) recordedRun(f *runsFlags, ref string) (*state.Store, *state.Run, error) {
	store, err := f.store()
	if err != nil {
		return nil, nil, err
	}
	run, err := store.Run(ref)
	if err != nil {
		if errors.Is(err, state.ErrNoRuns) {
			defer e.hintStateDirs(f)
		}
		return nil, nil, runError(err)
	}
	return store, run, nil
}

func (e *env) runsShow(f *runsFlags, ref string) error {
	_, run, err := e.recordedRun(f, ref)
	if err != nil {
		return err
	}
	engineSays := e.askEngine(run)
	s := run.Summary
	if f.output == "json" {
		j := toJSONRun(s)
		j.EngineSays = engineSays
		j.Pipes = []jsonPipe{}
		for _, p := range run.Pipes {
			jp := jsonPipe{Pipe: p.ID, Status: p.Status, Reason: p.Reason, Attempts: p.Attempts, Duration: p.Duration.Seconds(), Error: p.Error, Reused: p.Reused, Allowed: p.Allowed, Handler: p.Handler, Damaged: p.Damaged}
			if p.Path != p.ID {
				jp.Path = p.Path
			}
			j.Pipes = append(j.Pipes, jp)
		}
		return writeJSON(e.stdout, j)
	}
	w := bufio.NewWriter(e.stdout) // tabwriter writes cell by cell
	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', 0)
	fmt.Fprintf(tw, "Run:\t%s\n", s.ID)
	pipeline := s.Pipeline
	if s.Path != "" {
		pipeline += " (" + s.Path + ")"
	}
	fmt.Fprintf(tw, "Pipeline:\t%s\n", pipeline)
	status := s.Status
	if s.Error != "" {
		status += ": " + s.Error
	}
	fmt.Fprintf(tw, "Status:\t%s\n", status)
	fmt.Fprintf(tw, "Started:\t%s\n", s.Started.Local().Format(time.DateTime))
	fmt.Fprintf(tw, "Duration:\t%s\n", roundDuration(s.Duration()))
	if len(s.Targets) > 0 {
		fmt.Fprintf(tw, "Targets:\t%s\n", nameList(s.Targets))
	}
	if en := s.Engine; en != nil {
		fmt.Fprintf(tw, "Engine:\t%s at %s, namespace %s, task queue %s\n", en.Name, en.Address, en.Namespace, en.TaskQueue)
		fmt.Fprintf(tw, "Workflow:\t%s (run %s)\n", en.WorkflowID, en.RunID)
		if engineSays != "" {
			fmt.Fprintf(tw, "Workflow status:\t%s\n", engineSays)
		}
	}
	if s.ResumedFrom != "" {
		fmt.Fprintf(tw, "Resumed from:\t%s\n", s.ResumedFrom)
		if len(s.Reused) > 0 {
			fmt.Fprintf(tw, "Reused:\t%s\n", nameList(s.Reused))
		}
		if len(s.Rerun) > 0 {
			fmt.Fprintf(tw, "Run again:\t%s (changed since)\n", nameList(s.Rerun))
		}
		if len(s.RerunDamaged) > 0 {
			fmt.Fprintf(tw, "Run again:\t%s (records in %s damaged)\n", nameList(s.RerunDamaged), s.ResumedFrom)
		}
	}
	if run.JournalTorn {
		fmt.Fprintf(tw, "Journal:\tits last line is torn (the run was killed while writing it); it was left out\n")
	}
	for i, p := range s.Problems {
		label := ""
		if i == 0 {
			label = "Damaged:"
		}
		fmt.Fprintf(tw, "%s\t%s\n", label, p)
	}
	tw.Flush()
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "PIPE\tSTATUS\tATTEMPTS\tDURATION\tERROR")
	for _, p := range run.Pipes {
		status := p.Status
		switch {
		case p.Damaged:
			status += " (record damaged)"
		case p.Reused:
			status += " (reused)"
		case p.Allowed:
			status += " (allowed)"
		case p.Reason != "":
			status += " (" + p.Reason + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", p.Path, status, p.Attempts, roundDuration(p.Duration), firstLine(p.Error))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return w.Flush()
}

func (e *env) runsLogs(f *runsFlags, ref, pipe string) error {
	store, err := f.store()
	if err != nil {
		return err
	}
	path, runID, err := store.LogPath(ref, pipe)
	if err != nil {
		if errors.Is(err, state.ErrNoRuns) {
			defer e.hintStateDirs(f)
		}
		return runError(err)
	}
	file, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(e.stderr, "pipe %s has no log in run %s: it did not run or wrote nothing\n", pipe, runID)
		return nil
	}
	if err != nil {
		return err
	}
	defer file.Close()
	_, err = io.Copy(e.stdout, file)
	return err
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
