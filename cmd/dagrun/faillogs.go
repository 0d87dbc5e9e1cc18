package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/executor"
)

// mostFailedLogs is how many failed pipes the end of the summary names a
// log command for; `runs show` lists the rest.
const mostFailedLogs = 10

// reportFailedLogs ends the summary of a recorded run with failed pipes
// with the command that prints each one's whole log: a failure's lines in
// the view are its last ones only. stateDir is --state-dir as given, which
// the command must repeat; the pipeline's path is repeated unless it is
// the current directory. A pipe is named as the views name it (a step by
// its path). Groups (composites, fan-outs) have no log of their own: their
// failed members are named.
func (s *runState) reportFailedLogs(w io.Writer, res *dagrun.Result) {
	if s.rec == nil || res == nil {
		return
	}
	var failed []string
	for _, r := range res.Pipes {
		if r.Status == executor.StatusFailed && r.Attempts > 0 && !r.Reused && !isGroup(s.p, r.ID) {
			failed = append(failed, displayName(s.p, r.ID))
		}
	}
	if len(failed) == 0 {
		return
	}
	command := func(id string) string {
		return "dagrun runs logs " + s.rec.ID() + " " + shellQuote(id) + s.runsArgs()
	}
	if len(failed) == 1 {
		fmt.Fprintf(w, "\nFull log of the failed pipe: %s\n", command(failed[0]))
		return
	}
	var b strings.Builder
	b.WriteString("\nFull logs of the failed pipes:\n")
	for i, id := range failed {
		if i == mostFailedLogs {
			fmt.Fprintf(&b, "  and %d more: dagrun runs show %s%s\n", len(failed)-i, s.rec.ID(), s.runsArgs())
			break
		}
		fmt.Fprintf(&b, "  %s\n", command(id))
	}
	io.WriteString(w, b.String())
}

// isGroup reports whether id is a composite, a fan-out, or an instance of
// a for_each composite: a pipe that does no work of its own.
func isGroup(p *dagrun.Pipeline, id string) bool {
	cfg := p.Config()
	if cfg == nil {
		return false
	}
	if cp, ok := cfg.Pipe(id); ok {
		return cp.Composite || cp.ForEach != nil
	}
	if base, _, ok := strings.Cut(id, "["); ok && strings.HasSuffix(id, "]") {
		if cp, ok := cfg.Pipe(base); ok {
			return cp.Composite
		}
	}
	return false
}
