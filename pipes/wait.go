package pipes

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/zclconf/go-cty/cty"
)

// WaitArgs are the arguments of the wait pipe type: a sensor. Each call of
// its Run checks its condition once; a condition that does not hold yet is
// NotYet, not a failure, and the engine calls it again after the interval,
// holding no slot meanwhile, until the condition holds or the deadline has
// passed.
type WaitArgs struct {
	Path       string   `hcl:"path,optional" doc:"a file or directory that must exist; a relative path is relative to the pipeline's directory. Exactly one of path, url, command and expr."`
	URL        string   `hcl:"url,optional" doc:"an http or https URL that must answer a GET with a 2xx status (redirects followed). Exactly one of path, url, command and expr."`
	Command    []string `hcl:"command,optional" doc:"a program and its arguments, run directly (no shell) in the pipeline's directory; the condition holds when it exits 0. Exactly one of path, url, command and expr."`
	Expr       *bool    `hcl:"expr,optional" doc:"a condition, usually over upstream outputs (like pipe.build.output.exit_code == 0); evaluated again for every poll, so that it may read functions whose value changes (timestamp(), file()). Exactly one of path, url, command and expr."`
	Interval   string   `hcl:"interval,optional" default:"\"10s\"" doc:"the time between two polls, as Go's time.ParseDuration reads it; more than zero"`
	Deadline   string   `hcl:"deadline,optional" default:"\"1h\"" doc:"how long after the first poll the condition may take to hold; more than zero"`
	OnDeadline string   `hcl:"on_deadline,optional" default:"\"fail\"" doc:"what the pipe does when the deadline passes: \"fail\" (failed, without retry) or \"skip\" (skipped, reason self, as a pipe that skips itself)"`
}

// waitConditions are the arguments of which a wait pipe has exactly one.
var waitConditions = []string{"path", "url", "command", "expr"}

// WithOneOf says that a pipe of the type sets exactly one of the arguments
// names: the loader checks it from the arguments present, even when their
// values are known only at run time (so Check cannot run at load).
func WithOneOf(names ...string) Option {
	return func(t *Type) { t.OneOf = append(t.OneOf, names) }
}

// Defaults of the wait pipe.
const (
	DefaultWaitInterval = 10 * time.Second
	DefaultWaitDeadline = time.Hour
)

// checkWait validates wait arguments; see Type.Check.
func checkWait(a *WaitArgs) error {
	var errs []error
	var set []string
	if a.Path != "" {
		set = append(set, "path")
	}
	if a.URL != "" {
		set = append(set, "url")
	}
	if a.Command != nil {
		set = append(set, "command")
	}
	if a.Expr != nil {
		set = append(set, "expr")
	}
	switch {
	case len(set) == 0:
		errs = append(errs, argErrorf("path", "one of path, url, command and expr is required"))
	case len(set) > 1:
		errs = append(errs, argErrorf(set[1], "%s are set; a sensor waits for one of path, url, command and expr", strings.Join(set, " and ")))
	}
	if strings.IndexByte(a.Path, 0) >= 0 {
		errs = append(errs, argErrorf("path", "contains a NUL byte"))
	}
	if a.URL != "" {
		u, err := url.Parse(a.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, argErrorf("url", "%q is not an http or https URL", a.URL))
		}
	}
	switch {
	case a.Command != nil && len(a.Command) == 0:
		errs = append(errs, argErrorf("command", "must not be empty"))
	case a.Command != nil && a.Command[0] == "":
		errs = append(errs, argErrorf("command", "the program (first element) must not be empty"))
	}
	for i, s := range a.Command {
		if strings.IndexByte(s, 0) >= 0 {
			errs = append(errs, argErrorf("command", "element %d contains a NUL byte", i))
		}
	}
	if _, err := a.interval(); err != nil {
		errs = append(errs, err)
	}
	if _, err := a.deadline(); err != nil {
		errs = append(errs, err)
	}
	if _, err := a.skipAtDeadline(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

func (a *WaitArgs) interval() (time.Duration, error) {
	return positiveDuration("interval", a.Interval, DefaultWaitInterval)
}

func (a *WaitArgs) deadline() (time.Duration, error) {
	return positiveDuration("deadline", a.Deadline, DefaultWaitDeadline)
}

func (a *WaitArgs) skipAtDeadline() (bool, error) {
	switch a.OnDeadline {
	case "", "fail":
		return false, nil
	case "skip":
		return true, nil
	}
	return false, argErrorf("on_deadline", "%q is neither \"fail\" nor \"skip\"", a.OnDeadline)
}

// positiveDuration parses s (def when empty), which must be more than zero.
func positiveDuration(arg, s string, def time.Duration) (time.Duration, error) {
	if s == "" {
		return def, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, argErrorf(arg, "%q is not a duration (like \"10s\" or \"1h\")", s)
	}
	if d <= 0 {
		return 0, argErrorf(arg, "%q is not more than zero", s)
	}
	return d, nil
}

// NotYetError says that a sensor's condition does not hold yet: the attempt
// goes on, and the engine polls again after Interval, unless Deadline (from
// the attempt's first poll) has passed; then the pipe fails, or skips itself
// when SkipAtDeadline. It is not a failed attempt.
type NotYetError struct {
	// What the sensor waits for, for the error at the deadline ("path /x to exist").
	What           string
	Interval       time.Duration
	Deadline       time.Duration
	SkipAtDeadline bool
}

func (e *NotYetError) Error() string { return "waiting for " + e.What }

// NotYet returns the error of a poll whose condition does not hold yet.
func NotYet(what string, interval, deadline time.Duration, skipAtDeadline bool) error {
	return &NotYetError{What: what, Interval: interval, Deadline: deadline, SkipAtDeadline: skipAtDeadline}
}

// AsNotYet returns the NotYetError in err's tree, if there is one.
func AsNotYet(err error) (*NotYetError, bool) {
	var ny *NotYetError
	ok := errors.As(err, &ny)
	return ny, ok
}

// waitPipe holds what the wait pipes of one registry share: an HTTP client.
type waitPipe struct{ client *http.Client }

func newWaitPipe() *waitPipe {
	return &waitPipe{client: &http.Client{Timeout: 30 * time.Second}}
}

// run polls once. Its output is {polled, status, exit_code}: what it waited
// for ("path", "url", "command" or "expr"), the url's HTTP status and the
// command's exit code (null for the others).
func (p *waitPipe) run(ctx context.Context, a *WaitArgs, rt Runtime) (cty.Value, error) {
	if err := checkWait(a); err != nil {
		return cty.NilVal, Permanent(err)
	}
	interval, _ := a.interval()
	deadline, _ := a.deadline()
	skip, _ := a.skipAtDeadline()
	notYet := func(what string) error { return NotYet(what, interval, deadline, skip) }
	out := func(kind string, extra map[string]cty.Value) cty.Value {
		m := map[string]cty.Value{"polled": cty.StringVal(kind),
			"status": cty.NullVal(cty.Number), "exit_code": cty.NullVal(cty.Number)}
		for k, v := range extra {
			m[k] = v
		}
		return cty.ObjectVal(m)
	}
	switch {
	case a.Path != "":
		path := a.Path
		if !filepath.IsAbs(path) && rt.Dir != "" {
			path = filepath.Join(rt.Dir, path)
		}
		if _, err := os.Stat(path); err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return out("path", nil), notYet(fmt.Sprintf("path %s to exist", a.Path))
			}
			return out("path", nil), fmt.Errorf("wait: %w", err)
		}
		return out("path", nil), nil
	case a.URL != "":
		what := fmt.Sprintf("%s to answer 2xx", logURL(mustParse(a.URL)))
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.URL, nil)
		if err != nil {
			return cty.NilVal, Permanent(fmt.Errorf("wait: %w", err))
		}
		resp, err := p.client.Do(req)
		if err != nil {
			if ctx.Err() != nil {
				return out("url", nil), fmt.Errorf("wait: %w", ctx.Err())
			}
			return out("url", nil), notYet(what) // not listening yet, for example
		}
		resp.Body.Close()
		o := out("url", map[string]cty.Value{"status": cty.NumberIntVal(int64(resp.StatusCode))})
		if resp.StatusCode < 200 || resp.StatusCode > 299 {
			return o, notYet(what)
		}
		return o, nil
	case a.Command != nil:
		err := runWaitCommand(ctx, a.Command, rt)
		var exitErr *exec.ExitError
		switch {
		case err == nil:
			return out("command", map[string]cty.Value{"exit_code": cty.NumberIntVal(0)}), nil
		case ctx.Err() != nil:
			return out("command", nil), fmt.Errorf("wait: %w", ctx.Err())
		case errors.As(err, &exitErr):
			return out("command", map[string]cty.Value{"exit_code": cty.NumberIntVal(int64(exitErr.ExitCode()))}),
				notYet(fmt.Sprintf("command %s to exit 0", a.Command[0]))
		}
		return out("command", nil), Permanent(fmt.Errorf("wait: %w", err)) // not found, not executable
	default:
		if *a.Expr {
			return out("expr", nil), nil
		}
		return out("expr", nil), notYet("expr to be true")
	}
}

// runWaitCommand runs a sensor's command in a process group of its own,
// as exec does: cancelling the poll kills the group, and what the command
// left of it is killed when it exits.
func runWaitCommand(ctx context.Context, argv []string, rt Runtime) error {
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = rt.Dir
	cmd.Stdout, cmd.Stderr = rt.LogWriter(), rt.LogWriter()
	cmd.SysProcAttr = ownProcessGroup()
	cmd.Cancel = func() error { return signalGroup(cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = ExecKillGrace
	if err := cmd.Start(); err != nil {
		return err
	}
	pgid := cmd.Process.Pid
	if rt.Track != nil {
		release := rt.Track(pgid)
		defer release()
	}
	defer func() { _ = signalGroup(pgid, syscall.SIGKILL) }()
	return cmd.Wait()
}

// mustParse parses a URL checkWait accepted.
func mustParse(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		return &url.URL{}
	}
	return u
}
