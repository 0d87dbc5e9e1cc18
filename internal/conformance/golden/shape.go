package golden

import (
	"fmt"
	"slices"
	"strings"

	dhcl "github.com/dagrun/dagrun/hcl"
)

// Shape tells, from the pipeline's model, what each row of a golden stands
// for: a pipe that works, or a group (a composite, a fan-out, an instance of
// a for_each composite) that sums up its members.
type Shape struct {
	cfg *dhcl.Pipeline
	g   *Golden
}

// NewShape is the shape of g's rows in the pipeline cfg; every row must name
// a pipe of it.
func NewShape(cfg *dhcl.Pipeline, g *Golden) (Shape, error) {
	s := Shape{cfg: cfg, g: g}
	for _, p := range g.Pipes {
		if _, _, err := s.pipe(p.ID); err != nil {
			return s, err
		}
	}
	return s, nil
}

// pipe returns the pipe of the pipeline row id is a result of, and whether
// the row is an instance of it (id[key], id[key].step).
func (s Shape) pipe(id string) (*dhcl.Pipe, bool, error) {
	open := strings.IndexByte(id, '[')
	if open < 0 {
		cp, ok := s.cfg.Pipe(id)
		if !ok {
			return nil, false, fmt.Errorf("row %q: no such pipe in the pipeline", id)
		}
		return cp, false, nil
	}
	name := id[:open]
	if end := strings.LastIndexByte(id, ']'); end >= 0 {
		if suffix := id[end+1:]; suffix != "" {
			name = suffix[strings.LastIndexByte(suffix, '.')+1:]
		}
	}
	cp, ok := s.cfg.Pipe(name)
	if !ok {
		return nil, false, fmt.Errorf("row %q: no pipe %q in the pipeline", id, name)
	}
	return cp, true, nil
}

// Group reports whether row id is a group, whose result sums up its members.
func (s Shape) Group(id string) (bool, error) {
	cp, instance, err := s.pipe(id)
	if err != nil {
		return false, err
	}
	return cp.Composite || (cp.ForEach != nil && !instance), nil
}

// Series is the name of the metrics series of a working row: the pipe's id,
// which for_each instances share.
func (s Shape) Series(id string) (string, error) {
	cp, _, err := s.pipe(id)
	if err != nil {
		return "", err
	}
	return cp.ID, nil
}

// Members returns the rows a group sums up: a composite's direct steps, a
// fan-out's instances id[key], a for_each composite instance's steps.
func (s Shape) Members(id string) ([]string, error) {
	cp, instance, err := s.pipe(id)
	if err != nil {
		return nil, err
	}
	var out []string
	switch {
	case cp.ForEach != nil && !instance:
		for _, p := range s.g.Pipes {
			if rest, ok := strings.CutPrefix(p.ID, id+"["); ok && strings.IndexByte(rest, ']') == len(rest)-1 {
				out = append(out, p.ID)
			}
		}
	case cp.Composite && instance:
		for _, step := range cp.Steps {
			sp, ok := s.cfg.Pipe(step)
			if !ok {
				return nil, fmt.Errorf("composite %s: no step %q", cp.ID, step)
			}
			out = append(out, id+strings.TrimPrefix(sp.Path, cp.Path))
		}
	case cp.Composite:
		out = cp.Steps
	}
	return out, nil
}

// Reused reports whether a resumed run takes row id over from the run it
// resumes: a working row if it succeeded, a group if it has members and
// every one of them is reused.
func (s Shape) Reused(id string) (bool, error) {
	k := slices.IndexFunc(s.g.Pipes, func(p Pipe) bool { return p.ID == id })
	if k < 0 || s.g.Pipes[k].Status != "succeeded" {
		return false, nil
	}
	if cp, _, err := s.pipe(id); err == nil && cp.Handler != "" {
		return false, nil // a handler runs again in every run
	}
	grp, err := s.Group(id)
	switch {
	case err != nil:
		return false, err
	case !grp:
		return true, nil
	}
	ms, err := s.Members(id)
	if err != nil || len(ms) == 0 {
		return false, err
	}
	for _, m := range ms {
		if ok, err := s.Reused(m); err != nil || !ok {
			return false, err
		}
	}
	return true, nil
}
