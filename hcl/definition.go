package hcl

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"io"
	"maps"
	"slices"
	"sort"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// hashDefinitions sets every pipe's definition hash (Pipe.Definition) from the
// parsed files. It runs at the end of a load without errors, while the syntax
// trees are there: finish drops them afterwards.
func (l *loader) hashDefinitions() {
	h := newDefinitionHasher(l.p)
	for _, pp := range l.p.Pipes {
		if pp.sub == nil { // a sub-pipeline's pipe keeps the hash its own load took
			pp.definition = h.pipe(pp)
		}
	}
}

// definitionHasher hashes pipe blocks from the parsed source of a pipeline.
type definitionHasher struct {
	// sum, seen and names are reused from pipe to pipe: hashing runs at the
	// load's peak heap.
	sum    hash.Hash
	seen   map[string]bool
	names  []string
	files  map[string]*hcl2.File
	blocks map[string]*hclsyntax.Block     // pipe id → its block
	locals map[string]*hclsyntax.Attribute // local name → its definition
	vars   map[string]*Variable
}

func newDefinitionHasher(p *Pipeline) *definitionHasher {
	h := &definitionHasher{sum: sha256.New(), seen: map[string]bool{}, files: p.files.byName, blocks: map[string]*hclsyntax.Block{}, locals: map[string]*hclsyntax.Attribute{}, vars: map[string]*Variable{}}
	for _, v := range p.Variables {
		h.vars[v.Name] = v
	}
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
	for _, name := range slices.Sorted(maps.Keys(h.files)) {
		body, ok := h.files[name].Body.(*hclsyntax.Body)
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
func (h *definitionHasher) pipe(pp *Pipe) string {
	b, ok := h.blocks[pp.ID]
	if !ok {
		return ""
	}
	sum, seen := h.sum, h.seen
	sum.Reset()
	clear(seen)
	io.WriteString(sum, "pipe\x00"+pp.ID+"\x00")
	names := h.names[:0]
	for n := range b.Body.Attributes {
		names = append(names, n)
	}
	sort.Strings(names)
	h.names = names
	for _, n := range names {
		a := b.Body.Attributes[n]
		io.WriteString(sum, "attr\x00"+n+"\x00")
		sum.Write(h.text(a.Expr.Range()))
		sum.Write([]byte{0})
		h.inputs(sum, variables(a.Expr), seen)
	}
	for _, nb := range b.Body.Blocks {
		if nb.Type == "pipe" {
			continue // a step is a pipe of its own
		}
		io.WriteString(sum, "block\x00")
		sum.Write(h.text(nb.Range()))
		sum.Write([]byte{0})
		// Expressions of nested blocks may read variables and locals too.
		h.blockInputs(sum, nb.Body, seen)
	}
	var d [sha256.Size]byte
	return hex.EncodeToString(sum.Sum(d[:0]))
}

// blockInputs adds the inputs of a nested block: of its attributes in name
// order (a map's order would change the hash from load to load), then of its
// blocks in source order.
func (h *definitionHasher) blockInputs(w io.Writer, body *hclsyntax.Body, seen map[string]bool) {
	for _, n := range slices.Sorted(maps.Keys(body.Attributes)) {
		h.inputs(w, variables(body.Attributes[n].Expr), seen)
	}
	for _, b := range body.Blocks {
		h.blockInputs(w, b.Body, seen)
	}
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
			h.inputs(w, variables(a.Expr), seen)
		}
	}
}

// text returns the source bytes of rng (nil when it is not in the files).
func (h *definitionHasher) text(rng hcl2.Range) []byte {
	b, _ := rangeBytes(h.files, rng)
	return b
}
