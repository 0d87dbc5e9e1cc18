package dagrun

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"slices"
	"sort"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	dhcl "github.com/dagrun/dagrun/hcl"
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
	h := newDefinitionHasher(p.config)
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
		fp.Definition = h.pipe(cp)
		fps[cp.ID] = fp
	}
	return fps
}

// definitionHasher hashes pipe blocks from the parsed source of a pipeline.
type definitionHasher struct {
	cfg    *dhcl.Pipeline
	blocks map[string]*hclsyntax.Block     // pipe id → its block
	locals map[string]*hclsyntax.Attribute // local name → its definition
	vars   map[string]*dhcl.Variable
}

func newDefinitionHasher(cfg *dhcl.Pipeline) *definitionHasher {
	h := &definitionHasher{cfg: cfg, blocks: map[string]*hclsyntax.Block{}, locals: map[string]*hclsyntax.Attribute{}, vars: map[string]*dhcl.Variable{}}
	for _, v := range cfg.Variables {
		h.vars[v.Name] = v
	}
	files := cfg.Files()
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	var walk func(blocks hclsyntax.Blocks)
	walk = func(blocks hclsyntax.Blocks) {
		for _, b := range blocks {
			if b.Type == "pipe" && len(b.Labels) == 1 {
				if _, dup := h.blocks[b.Labels[0]]; !dup {
					h.blocks[b.Labels[0]] = b
				}
				walk(b.Body.Blocks)
			}
		}
	}
	for _, name := range names {
		body, ok := files[name].Body.(*hclsyntax.Body)
		if !ok {
			continue
		}
		walk(body.Blocks)
		for _, b := range body.Blocks {
			if b.Type != "locals" {
				continue
			}
			for n, a := range b.Body.Attributes {
				h.locals[n] = a
			}
		}
	}
	return h
}

// pipe hashes one pipe's definition; "" when its block is not found.
func (h *definitionHasher) pipe(cp *dhcl.Pipe) string {
	b, ok := h.blocks[cp.ID]
	if !ok {
		return ""
	}
	sum := sha256.New()
	io.WriteString(sum, "pipe\x00"+cp.ID+"\x00")
	seen := map[string]bool{}
	names := make([]string, 0, len(b.Body.Attributes))
	for n := range b.Body.Attributes {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		a := b.Body.Attributes[n]
		io.WriteString(sum, "attr\x00"+n+"\x00")
		sum.Write(h.text(a.Expr.Range()))
		sum.Write([]byte{0})
		h.inputs(sum, a.Expr.Variables(), seen)
	}
	for _, nb := range b.Body.Blocks {
		if nb.Type == "pipe" {
			continue // a step is a pipe of its own
		}
		io.WriteString(sum, "block\x00")
		sum.Write(h.text(nb.Range()))
		sum.Write([]byte{0})
		// Expressions of nested blocks may read variables and locals too.
		hclsyntax.VisitAll(nb.Body, func(n hclsyntax.Node) hcl2.Diagnostics {
			if e, ok := n.(hclsyntax.Expression); ok {
				h.inputs(sum, e.Variables(), seen)
			}
			return nil
		})
	}
	return hex.EncodeToString(sum.Sum(nil))
}

// inputs adds the variables and locals that refs read (locals transitively).
func (h *definitionHasher) inputs(w io.Writer, refs []hcl2.Traversal, seen map[string]bool) {
	for _, t := range refs {
		if len(t) < 2 {
			continue
		}
		attr, ok := t[1].(hcl2.TraverseAttr)
		if !ok {
			continue
		}
		key := t.RootName() + "." + attr.Name
		if seen[key] {
			continue
		}
		seen[key] = true
		switch t.RootName() {
		case "var":
			v, ok := h.vars[attr.Name]
			if !ok || v.Sensitive || v.Value.IsNull() || !v.Value.IsWhollyKnown() {
				continue
			}
			b, err := ctyjson.Marshal(v.Value, v.Value.Type())
			if err != nil {
				continue
			}
			io.WriteString(w, "var\x00"+attr.Name+"\x00")
			w.Write(b)
			w.Write([]byte{0})
		case "local":
			a, ok := h.locals[attr.Name]
			if !ok {
				continue
			}
			io.WriteString(w, "local\x00"+attr.Name+"\x00")
			w.Write(h.text(a.Expr.Range()))
			w.Write([]byte{0})
			h.inputs(w, a.Expr.Variables(), seen)
		}
	}
}

// text returns the source bytes of rng.
func (h *definitionHasher) text(rng hcl2.Range) []byte {
	f, ok := h.cfg.Files()[rng.Filename]
	if !ok || rng.Start.Byte < 0 || rng.End.Byte > len(f.Bytes) || rng.Start.Byte > rng.End.Byte {
		return nil
	}
	return f.Bytes[rng.Start.Byte:rng.End.Byte]
}
