package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/state"
)

// upToDateFlags are apply's flags about up-to-date pipes (those with
// `sources` or `generates`).
type upToDateFlags struct {
	force   bool
	replace []string
}

func (u *upToDateFlags) add(c *cobra.Command) {
	c.Flags().BoolVar(&u.force, "force", false, "run every pipe, even those that are up to date (sources, generates)")
	c.Flags().StringArrayVar(&u.replace, "replace", nil, "run this pipe and everything downstream of it even if up to date, or, with --resume, even if it succeeded (repeatable): an id, a step's path or an instance (pipe[key])")
}

// upToDate sets the up-to-date checks of the run of p (at path, recorded
// in stateDir) on opts, and makes --replace win over --resume's reuse. The
// addresses of --replace are resolved by resolveAddresses before this.
func (u *upToDateFlags) upToDate(opts dagrun.RunOptions, p *dagrun.Pipeline, path, stateDir string, replace []string) (dagrun.RunOptions, error) {
	if p.HasUpToDateChecks() {
		opts.UpToDate = &dagrun.UpToDateOptions{Dir: state.Open(stateDir).UpToDateDir(p.Name(), path), Force: u.force, Replace: replace,
			Unmatched: unmatchedWarning(p)}
	}
	if len(replace) == 0 || opts.Reuse == nil {
		return opts, nil
	}
	replaced, err := p.Downstream(replace)
	if err != nil {
		return opts, err
	}
	reuse := opts.Reuse
	opts.Reuse = func(id string) (dagrun.PipeResult, bool) {
		if replaced(id) {
			return dagrun.PipeResult{}, false
		}
		return reuse(id)
	}
	return opts, nil
}

// planUpToDate marks the pipes of pl with sources or generates with
// whether apply would find them up to date now (their records are in the
// state directory st resolves for the pipeline at path).
func (e *env) planUpToDate(pl *plan, p *dagrun.Pipeline, path string, st *stateFlags) error {
	if !p.HasUpToDateChecks() {
		return nil
	}
	dir := st.resolve(func() string { return state.DefaultDir(path) })
	ids, err := p.UpToDatePipes(e.ctx, dagrun.UpToDateOptions{Dir: state.Open(dir).UpToDateDir(p.Name(), path)})
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	upToDate := map[string]bool{}
	for _, id := range ids {
		upToDate[id] = true
	}
	cfg := p.Config()
	for k := range pl.Pipes {
		pp := &pl.Pipes[k]
		cp, ok := cfg.Pipe(pp.ID)
		if !ok || (len(cp.Sources) == 0 && len(cp.Generates) == 0 && !cp.EachFiles) || pp.InstanceOf != "" {
			continue
		}
		yes := upToDate[pp.ID]
		if fe := pp.ForEach; fe != nil {
			yes = !fe.KnownAfterApply && len(fe.Keys) > 0
			for _, key := range fe.Keys {
				yes = yes && upToDate[pp.ID+"["+key+"]"]
			}
		}
		pp.UpToDate = &yes
	}
	return nil
}

// writeUpToDate is plan's line about whether pp is up to date, when it has
// up-to-date checks.
func writeUpToDate(w io.Writer, pp planPipe) {
	switch {
	case pp.UpToDate == nil:
	case *pp.UpToDate:
		fmt.Fprintf(w, "    up to date: yes (apply does not run it; --force or --replace %s does)\n", pp.ID)
	default:
		fmt.Fprintln(w, "    up to date: no")
	}
}

// unmatchedWarning says, for apply, that sources of a pipe it checks match
// no file: one line, where notices go (above the live view on a terminal).
func unmatchedWarning(p *dagrun.Pipeline) func(task string, patterns []string) {
	var mu sync.Mutex
	return func(task string, patterns []string) {
		quoted := make([]string, len(patterns))
		for k, pat := range patterns {
			quoted[k] = strconv.Quote(p.Redact(pat))
		}
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(noticeOutput(), "warning: pipe %s: no file matches its sources %s\n", displayName(p, task), strings.Join(quoted, ", "))
	}
}

// writeSourceWarnings writes the warnings of the sources that match no
// file (validate, plan) on stderr.
func (e *env) writeSourceWarnings(p *dagrun.Pipeline) {
	if w := p.SourceWarnings(); len(w) > 0 {
		e.writeRedacted(p.Config().Files(), w, p.Redact)
	}
}
