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
	seen   map[inputName]bool
	names  []string
	json   map[string][]byte // variable name → its value as JSON, nil when it is not hashed
	buf    []byte
	files  map[string]*hcl2.File
	blocks map[string]*hclsyntax.Block     // pipe id → its block
	locals map[string]*hclsyntax.Attribute // local name → its definition
	vars   map[string]*Variable
}

func newDefinitionHasher(p *Pipeline) *definitionHasher {
	h := &definitionHasher{sum: sha256.New(), seen: map[inputName]bool{}, json: map[string][]byte{}, files: p.files.byName, blocks: map[string]*hclsyntax.Block{}, locals: map[string]*hclsyntax.Attribute{}, vars: map[string]*Variable{}}
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
	h.field(sum, "pipe", pp.ID)
	names := h.names[:0]
	for n := range b.Body.Attributes {
		names = append(names, n)
	}
	sort.Strings(names)
	h.names = names
	for _, n := range names {
		a := b.Body.Attributes[n]
		h.field(sum, "attr", n)
		sum.Write(h.text(a.Expr.Range()))
		h.end(sum)
		h.inputs(sum, variables(a.Expr), seen)
	}
	for _, nb := range b.Body.Blocks {
		if nb.Type == "pipe" {
			continue // a step is a pipe of its own
		}
		io.WriteString(sum, "block\x00")
		sum.Write(h.text(nb.Range()))
		h.end(sum)
		// Expressions of nested blocks may read variables and locals too.
		h.blockInputs(sum, nb.Body, seen)
	}
	var d [sha256.Size]byte
	return hex.EncodeToString(sum.Sum(d[:0]))
}

// blockInputs adds the inputs of a nested block: of its attributes in name
// order (a map's order would change the hash from load to load), then of its
// blocks in source order.
func (h *definitionHasher) blockInputs(w io.Writer, body *hclsyntax.Body, seen map[inputName]bool) {
	for _, n := range slices.Sorted(maps.Keys(body.Attributes)) {
		h.inputs(w, variables(body.Attributes[n].Expr), seen)
	}
	for _, b := range body.Blocks {
		h.blockInputs(w, b.Body, seen)
	}
}

// inputName is a variable or local a definition reads: var.x, local.y.
type inputName struct{ root, name string }

// field writes kind NUL name NUL to w, in one write from a reused buffer.
func (h *definitionHasher) field(w io.Writer, kind, name string) {
	h.buf = append(append(append(append(h.buf[:0], kind...), 0), name...), 0)
	w.Write(h.buf)
}

// end writes the NUL that ends a field's value.
func (h *definitionHasher) end(w io.Writer) {
	h.buf = append(h.buf[:0], 0)
	w.Write(h.buf)
}

// inputs adds the variables and locals that refs read (locals transitively).
func (h *definitionHasher) inputs(w io.Writer, refs []hcl2.Traversal, seen map[inputName]bool) {
	for _, t := range refs {
		if len(t) < 2 {
			continue
		}
		attr, ok := t[1].(hcl2.TraverseAttr)
		if !ok {
			continue
		}
		key := inputName{t.RootName(), attr.Name}
		if seen[key] {
			continue
		}
		seen[key] = true
		switch t.RootName() {
		case "var":
			b := h.varJSON(attr.Name)
			if b == nil {
				continue
			}
			h.field(w, "var", attr.Name)
			w.Write(b)
			h.end(w)
		case "local":
			a, ok := h.locals[attr.Name]
			if !ok {
				continue
			}
			h.field(w, "local", attr.Name)
			w.Write(h.text(a.Expr.Range()))
			h.end(w)
			h.inputs(w, variables(a.Expr), seen)
		}
	}
}

// varJSON is the value of variable name as JSON, marshalled once per load;
// nil when it is not part of definitions (unknown, sensitive, null, not
// wholly known).
func (h *definitionHasher) varJSON(name string) []byte {
	if b, ok := h.json[name]; ok {
		return b
	}
	var b []byte
	if v, ok := h.vars[name]; ok && !v.Sensitive && !v.Value.IsNull() && v.Value.IsWhollyKnown() {
		if j, err := ctyjson.Marshal(v.Value, v.Value.Type()); err == nil {
			b = j
		}
	}
	h.json[name] = b
	return b
}

// text returns the source bytes of rng (nil when it is not in the files).
func (h *definitionHasher) text(rng hcl2.Range) []byte {
	b, _ := rangeBytes(h.files, rng)
	return b
}
