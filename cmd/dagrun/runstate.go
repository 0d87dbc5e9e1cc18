package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/executor"
	dhcl "github.com/dagrun/dagrun/hcl"
	"github.com/dagrun/dagrun/state"
)

// stateDirEnv overrides the default state directory.
const stateDirEnv = "DAGRUN_STATE_DIR"

// stateFlags choose the state directory: --state-dir, else $DAGRUN_STATE_DIR,
// else a default that depends on the command.
type stateFlags struct {
	dir string
}

// flagSet is the part of a cobra flag set the flags are added with.
type flagSet interface {
	StringVar(p *string, name, value, usage string)
}

func (s *stateFlags) add(fs flagSet, def string) {
	fs.StringVar(&s.dir, "state-dir", "", "directory of the run history (default: $"+stateDirEnv+", else "+def+")")
}

// resolve returns the state directory, def when neither the flag nor the
// environment sets one.
func (s *stateFlags) resolve(def func() string) string {
	if s.dir != "" {
		return s.dir
	}
	if d, ok := os.LookupEnv(stateDirEnv); ok && d != "" {
		return d
	}
	return def()
}

// applyStateFlags are apply's flags about run state.
type applyStateFlags struct {
	stateFlags
	resume   string
	logLimit logLimitFlag
}

func (s *applyStateFlags) add(c *cobra.Command) {
	s.stateFlags.add(c.Flags(), state.DirName+" beside the pipeline")
	c.Flags().StringVar(&s.resume, "resume", "", "resume run `RUN` (an id from 'dagrun runs list', or last): reuse the results of the pipes that succeeded in it, run the rest")
	s.logLimit.add(c)
}

// logLimitFlag is --pipe-log-limit: the most of one attempt's output a
// pipe's log keeps.
type logLimitFlag struct {
	value string
}

func (l *logLimitFlag) add(c *cobra.Command) {
	c.Flags().StringVar(&l.value, "pipe-log-limit", "", "most of one attempt's output a pipe's log keeps, like 10MiB (the head and the tail are kept); 0: everything (default: the pipeline's pipe_log_limit, 10MiB)")
}

// limit returns the limit for state.StartOptions.LogLimit: 0 when not set.
func (l *logLimitFlag) limit() (int64, error) {
	if l.value == "" {
		return 0, nil
	}
	n, err := dhcl.ParseSize(l.value)
	if err != nil {
		return 0, usageError("--pipe-log-limit: %v", err)
	}
	if n == 0 {
		return -1, nil
	}
	return n, nil
}

// runState records one apply run. Its methods do nothing when the run is not
// recorded (the state directory could not be written).
type runState struct {
	stderr   io.Writer
	dir      string
	path     string
	p        *dagrun.Pipeline
	targets  []string
	resume   *state.Resume
	rec      *state.Recorder
	logLimit int64
	// stateFlag is --state-dir as given ("" when not).
	stateFlag string
	// unrecordedID names the run when rec is nil.
	unrecordedID string
	// reusable lists the pipes and instances whose results an earlier run
	// may give this one (--resume, --only), for an engine that ships them.
	reusable []string
}

// reusableIDs is s.reusable; s may be nil.
func (s *runState) reusableIDs() []string {
	if s == nil {
		return nil
	}
	return s.reusable
}

// runsArgs are the arguments after RUN that make a `dagrun runs` command
// find this run's records: the pipeline's PATH unless it is the current
// directory, and --state-dir when it was given.
func (s *runState) runsArgs() string {
	tail := ""
	if s.path != "." {
		tail += " " + shellQuote(s.path)
	}
	if s.stateFlag != "" {
		tail += " --state-dir " + shellQuote(s.stateFlag)
	}
	return tail
}

// prepareRunState finds the state directory of the pipeline at path and, with
// --resume, checks that the earlier run can be resumed (exit 2 if not).
func (e *env) prepareRunState(path string, p *dagrun.Pipeline, f *applyStateFlags, targets []string) (*runState, error) {
	s := &runState{stderr: e.stderr, dir: f.resolve(func() string { return state.DefaultDir(path) }), path: path, p: p, targets: targets, stateFlag: f.dir}
	var err error
	if s.logLimit, err = f.logLimit.limit(); err != nil {
		return nil, err
	}
	if f.resume != "" {
		s.resume, err = state.Open(s.dir).Resume(f.resume, p, path)
		var incomplete *state.RecordIncompleteError
		if errors.As(err, &incomplete) {
			err = fmt.Errorf("%w; complete it first with: dagrun runs attach %s%s", err, incomplete.Run, s.runsArgs())
		}
		if err != nil {
			return nil, &exitError{code: exitUsage, err: fmt.Errorf("--resume %s: %w", f.resume, err)}
		}
		s.reusable = s.resume.Reusable
	}
	return s, nil
}

// start starts recording the run and wires the recorder into its options. A
// state directory that cannot be written is a warning: the run goes on
// unrecorded (and not resumed).
func (s *runState) start(o dagrun.RunOptions) dagrun.RunOptions {
	rec, err := state.Open(s.dir).Start(s.p, state.StartOptions{Path: s.path, Version: version(), Targets: s.targets, Resume: s.resume, LogLimit: s.logLimit})
	if err != nil {
		fmt.Fprintf(s.stderr, "warning: this run is not recorded: %v\n", err)
		if s.resume != nil {
			o.Reuse = s.resume.Reuse
		}
		return o
	}
	s.rec = rec
	if s.resume != nil {
		msg := fmt.Sprintf("resuming run %s: %d result(s) reused", s.resume.From, len(s.resume.Reusable))
		if len(s.resume.Rerun) > 0 {
			msg += "; running again, as they or an upstream changed: " + nameList(s.resume.Rerun)
		}
		fmt.Fprintln(s.stderr, msg)
		reportProblems(s.stderr, s.resume.From, s.resume.Problems)
		if len(s.resume.Damaged) > 0 {
			fmt.Fprintf(s.stderr, "running again, as their records in run %s cannot be read: %s\n", s.resume.From, nameList(s.resume.Damaged))
		}
	}
	return rec.Options(o)
}

// recordEngine records where another engine runs the run (a warning if it
// cannot be written); s may be nil, or not recording.
func (s *runState) recordEngine(info state.EngineInfo) {
	if s == nil || s.rec == nil {
		return
	}
	if err := s.rec.SetEngine(info); err != nil {
		fmt.Fprintf(s.stderr, "warning: the run's record does not say where it runs: %v\n", err)
	}
}

// runID is the id of the run: its record's, or one made up for a run that
// is not recorded.
func (s *runState) runID() string {
	if s.rec != nil {
		return s.rec.ID()
	}
	if s.unrecordedID == "" {
		s.unrecordedID = newRunID(time.Now())
	}
	return s.unrecordedID
}

// finish records the end of the run; a problem recording it is a warning.
func (s *runState) finish(res *dagrun.Result, runErr error) {
	if s.rec == nil {
		s.resume.Release()
		return
	}
	if err := s.rec.Finish(res, runErr); err != nil {
		fmt.Fprintf(s.stderr, "warning: %v\n", err)
	}
}

// reportProblems warns of the damaged records of run id, one per line (the
// first ten).
func reportProblems(w io.Writer, id string, problems []state.Problem) {
	if len(problems) == 0 {
		return
	}
	fmt.Fprintf(w, "warning: run %s has %d damaged record(s), left out (files in its directory):\n", id, len(problems))
	for i, p := range problems {
		if i == 10 {
			fmt.Fprintf(w, "  and %d more\n", len(problems)-i)
			break
		}
		fmt.Fprintf(w, "  %s\n", p)
	}
}

// reportInterrupted says what an interrupted run left undone, and how to
// resume it.
func (s *runState) reportInterrupted(w io.Writer, res *dagrun.Result) {
	fmt.Fprintln(w, "interrupted: running pipes were cancelled")
	var running, retrying, notStarted []string
	for _, r := range res.Pipes {
		if r.Status != executor.StatusCancelled {
			continue
		}
		switch {
		case r.Attempts > 0 && errors.Is(r.Err, context.Canceled):
			running = append(running, fmt.Sprintf("%s (attempt %d)", r.ID, r.Attempts))
		case r.Attempts > 0:
			retrying = append(retrying, r.ID)
		default:
			notStarted = append(notStarted, r.ID)
		}
	}
	if len(running) > 0 {
		fmt.Fprintf(w, "  cancelled while running: %s\n", nameList(running))
	}
	if len(retrying) > 0 {
		fmt.Fprintf(w, "  cancelled while waiting to retry: %s\n", nameList(retrying))
	}
	if len(notStarted) > 0 {
		fmt.Fprintf(w, "  not started: %s\n", nameList(notStarted))
	}
	if s.rec != nil {
		fmt.Fprintf(w, "run %s recorded in %s; to run what did not succeed: dagrun apply --resume last %s\n", s.rec.ID(), s.dir, shellQuote(s.path))
	}
}

// nameList joins names, cut after ten.
func nameList(names []string) string {
	const most = 10
	if len(names) <= most {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:most], ", "), len(names)-most)
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:@%+,") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
