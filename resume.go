package dagrun

import (
	"slices"
	"sort"
)

// PipeFingerprint says what a pipe is, so that a later run can tell whether a
// result of it recorded by an earlier run still applies (resume).
type PipeFingerprint struct {
	// Type is the pipe type's name, "composite" for a composite, "" for a pipe
	// built in Go.
	Type string `json:"type"`
	// Deps are the pipe's dependencies, sorted.
	Deps []string `json:"deps"`
	// Definition is a hash of what the pipe does, "" when it is not known (pipes
	// built in Go). For HCL pipes it covers the block's arguments as written
	// (nested pipe blocks excluded, comments and layout outside expressions
	// ignored), the source of the locals they read, and the values of the
	// non-sensitive variables they read, directly or through locals. It does not
	// cover upstream outputs (a changed upstream is a re-run upstream), the
	// contents of files read with file(), or sensitive variables (rotating a
	// secret does not make finished work stale).
	Definition string `json:"definition,omitempty"`
}

// Fingerprints returns the fingerprint of every pipe, by id (steps of a
// for_each composite included: their instances are what runs).
func (p *Pipeline) Fingerprints() map[string]PipeFingerprint {
	fps := make(map[string]PipeFingerprint, len(p.nodes))
	for _, n := range p.nodes {
		deps := slices.Clone(n.Deps)
		sort.Strings(deps)
		deps = slices.Compact(deps)
		if deps == nil {
			deps = []string{}
		}
		fps[n.ID] = PipeFingerprint{Deps: deps}
	}
	if p.config == nil {
		return fps
	}
	for _, cp := range p.config.Pipes {
		fp, ok := fps[cp.ID]
		if !ok { // a step of a for_each composite: no node, but instances
			fp.Deps = slices.Compact(slices.Sorted(slices.Values(cp.Deps)))
			if fp.Deps == nil {
				fp.Deps = []string{}
			}
		}
		switch {
		case cp.Composite:
			fp.Type = "composite"
		case cp.Type != nil:
			fp.Type = cp.Type.Name
		}
		fp.Definition = cp.Definition()
		fps[cp.ID] = fp
	}
	return fps
}
