package dagrun

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/dagrun/dagrun/executor"
)

// Address names a pipe of a pipeline the way `dagrun runs logs` and
// `--target` take it: a pipe id (build), a step's path inside a composite
// (release.upload), or one instance of a for_each pipe (compile[linux]).
// An instance of a for_each composite stands for all its steps: routing[a]
// and routing[a].checks.one both address the instance routing[a].
type Address struct {
	Pipe string // the id of the pipe (its fan-out for an instance)
	Key  string // the instance key, when Instance is true
	// Instance: the address names one instance of the fan-out Pipe, not all
	// of them.
	Instance bool
}

// String is the address in the form Pipeline.ResolveAddress and
// RunOptions.Targets read: pipe or pipe[key].
func (a Address) String() string {
	if a.Instance {
		return a.Pipe + "[" + a.Key + "]"
	}
	return a.Pipe
}

// ErrNoSuchPipe is wrapped by ResolveAddress's error for an address that
// names no pipe of the pipeline.
var ErrNoSuchPipe = errors.New("no such pipe")

// ResolveAddress reads s (see Address) against the pipeline: the pipe must
// exist, a step's path is turned into the step's id, and a key must be one
// of a static for_each's keys (a collection known only at run time is
// checked then: an instance it does not make runs nothing). Errors wrap
// ErrNoSuchPipe and say which names come close.
func (p *Pipeline) ResolveAddress(s string) (Address, error) {
	if s == "" {
		return Address{}, fmt.Errorf("%w: the address is empty", ErrNoSuchPipe)
	}
	if _, ok := p.index[s]; ok {
		return p.byPath(s)
	}
	name, key, instance := splitInstance(s)
	if !instance {
		return p.byPath(s)
	}
	a, err := p.byPath(name)
	if err != nil {
		return a, err
	}
	n := p.nodes[p.index[a.Pipe]]
	if n.Expand == nil {
		return Address{}, fmt.Errorf("%w: %s has no for_each, so it has no instance [%s]", ErrNoSuchPipe, name, key)
	}
	if p.config != nil {
		if cp, ok := p.config.Pipe(a.Pipe); ok && cp.ForEach != nil && !cp.ForEach.Dynamic && !slices.Contains(cp.ForEach.Keys, key) {
			return Address{}, fmt.Errorf("%w: %s has no instance [%s]; its keys are %s", ErrNoSuchPipe, name, key, keyList(cp.ForEach.Keys))
		}
	}
	return Address{Pipe: a.Pipe, Key: key, Instance: true}, nil
}

// byPath finds a pipe by id or, in an HCL pipeline, by its path.
func (p *Pipeline) byPath(s string) (Address, error) {
	if _, ok := p.index[s]; ok {
		if p.config != nil {
			if cp, ok := p.config.Pipe(s); ok && cp.FanOut != "" {
				return Address{Pipe: cp.FanOut}, nil // a step inside a for_each composite's instances
			}
		}
		return Address{Pipe: s}, nil
	}
	names := make([]string, 0, len(p.nodes))
	if p.config != nil {
		for _, id := range p.PipeIDs() {
			cp, ok := p.config.Pipe(id)
			if !ok {
				continue
			}
			if cp.Path == s {
				return p.byPath(id)
			}
			names = append(names, cp.Path)
		}
	} else {
		names = p.PipeIDs()
	}
	return Address{}, fmt.Errorf("%w: the pipeline has no pipe %s%s", ErrNoSuchPipe, s, didYouMean(s, names))
}

// splitInstance splits name[key] (and name[key].step.path, which stands
// for the instance) into name and key; a quoted key ("a b") is unquoted.
func splitInstance(s string) (name, key string, ok bool) {
	open := strings.IndexByte(s, '[')
	if open <= 0 {
		return "", "", false
	}
	rest := s[open+1:]
	end := strings.IndexByte(rest, ']')
	key = rest[:max(end, 0)]
	if q, err := strconv.QuotedPrefix(rest); err == nil && strings.HasPrefix(rest[len(q):], "]") {
		end = len(q)
		key, _ = strconv.Unquote(q)
	}
	if end < 0 {
		return "", "", false
	}
	if after := rest[end+1:]; after != "" && !strings.HasPrefix(after, ".") {
		return "", "", false
	}
	return s[:open], key, true
}

// selection is what a run's targets select: node ids for executor.Select,
// and for the fan-outs targeted only by instances, the keys to keep.
type selection struct {
	ids  []string
	keys map[string]map[string]bool // fan-out id → keys; absent: all
}

// selectTargets reads RunOptions.Targets: node ids, or addresses as
// ResolveAddress reads them.
func (p *Pipeline) selectTargets(targets []string) (selection, error) {
	var sel selection
	whole := map[string]bool{}
	for _, t := range targets {
		a, err := p.ResolveAddress(t)
		if err != nil {
			return selection{}, fmt.Errorf("target %q: %w", t, err)
		}
		if !slices.Contains(sel.ids, a.Pipe) {
			sel.ids = append(sel.ids, a.Pipe)
		}
		if !a.Instance {
			whole[a.Pipe] = true
			continue
		}
		if sel.keys == nil {
			sel.keys = map[string]map[string]bool{}
		}
		if sel.keys[a.Pipe] == nil {
			sel.keys[a.Pipe] = map[string]bool{}
		}
		sel.keys[a.Pipe][a.Key] = true
	}
	for id := range whole {
		delete(sel.keys, id)
	}
	sel.ids = p.expandTargets(sel.ids)
	return sel, nil
}

// restrict makes the fan-outs of sel.keys make only the selected instances.
func (sel selection) restrict(nodes []executor.Node) {
	if len(sel.keys) == 0 {
		return
	}
	for i := range nodes {
		keys, ok := sel.keys[nodes[i].ID]
		if !ok || nodes[i].Expand == nil {
			continue
		}
		expand := nodes[i].Expand
		nodes[i].Expand = func(ctx context.Context, in executor.Input) ([]executor.Instance, error) {
			insts, err := expand(ctx, in)
			if err != nil {
				return nil, err
			}
			kept := insts[:0:0]
			for _, inst := range insts {
				if keys[inst.Key] {
					kept = append(kept, inst)
				}
			}
			return kept, nil
		}
	}
}

func keyList(keys []string) string {
	const most = 10
	if len(keys) == 0 {
		return "none"
	}
	if len(keys) <= most {
		return strings.Join(keys, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(keys[:most], ", "), len(keys)-most)
}

// didYouMean suggests the closest of names to s, when one is close.
func didYouMean(s string, names []string) string {
	best, bestDist := "", 0
	for _, n := range names {
		d := editDistance(s, n)
		if d <= max(1, len(s)/3) && (best == "" || d < bestDist) {
			best, bestDist = n, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %s?)", best)
}

// editDistance is the optimal string alignment distance of a and b: the
// edits (insert, delete, replace, swap of neighbours) that turn one into
// the other, so that a typo like biuld is one edit from build.
func editDistance(a, b string) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
