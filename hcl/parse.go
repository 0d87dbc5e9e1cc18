package hcl

import (
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// chunkBytes is the size from which parseConfig cuts a file into pieces. The
// hclsyntax scanner turns the whole source into one slice of 96-byte tokens
// before parsing, grown by appending: for a generated file of 1000 pipes that
// was 13 MB allocated, half the peak heap of `apply`, and a third of its load
// time in copying and clearing. Pieces of a few kilobytes keep the
// token slices small and short-lived.
const chunkBytes = 4 << 10

// parseConfig parses one HCL file like hclsyntax.ParseConfig, with the same
// result: a file whose body is an *hclsyntax.Body, whose Nav finds the block
// at an offset, and the same diagnostics.
//
// A large file is parsed in pieces cut at the start of a line that starts
// with a letter or an underscore (a top-level block or attribute, as hclfmt
// writes them), each parsed from its true position so that ranges are those
// of the whole file, and then joined into one body. A cut is only trusted if
// the piece before it parses without any diagnostic: a piece that ends inside
// a block, a bracket, a string, a heredoc or a comment does not. Any
// diagnostic, or an attribute defined in two pieces, and the file is parsed
// again in one piece, so that a file with errors gets exactly the diagnostics
// of hclsyntax.ParseConfig.
//
// A file that is not text, or nests too deep, is not parsed (see CheckSource):
// the file returned for the latter has no body, only the bytes of excerpts.
func parseConfig(src []byte, filename string) (*hcl2.File, hcl2.Diagnostics) {
	if d := checkText(filename, src); d != nil {
		return nil, hcl2.Diagnostics{d} // no excerpt: it would be binary
	}
	if d := checkNesting(filename, src); d != nil {
		return &hcl2.File{Body: hcl2.EmptyBody(), Bytes: src}, hcl2.Diagnostics{d}
	}
	return parseConfigCut(src, filename, chunkBytes)
}

// parseConfigCut is parseConfig with pieces of at least size bytes (tests cut
// at every line they can).
func parseConfigCut(src []byte, filename string, size int) (*hcl2.File, hcl2.Diagnostics) {
	cuts := cutPoints(src, size)
	if len(cuts) == 0 {
		return hclsyntax.ParseConfig(src, filename, hcl2.InitialPos)
	}
	if f, ok := parsePieces(src, filename, cuts); ok {
		return f, nil
	}
	return hclsyntax.ParseConfig(src, filename, hcl2.InitialPos)
}

// cutPoints returns the positions at which parseConfig may cut src: starts of
// lines that begin with a letter or an underscore, at least size bytes apart.
func cutPoints(src []byte, size int) []hcl2.Pos {
	var cuts []hcl2.Pos
	last, line := 0, 1
	for i := 0; i < len(src); i++ {
		if src[i] != '\n' {
			continue
		}
		line++
		next := i + 1
		if next-last < size || next >= len(src) || !identStart(src[next]) {
			continue
		}
		cuts = append(cuts, hcl2.Pos{Line: line, Column: 1, Byte: next})
		last = next
	}
	return cuts
}

func identStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

// parsePieces parses src cut at cuts, the pieces in parallel (up to
// GOMAXPROCS at once), and joins them into the body of the first; ok is false
// if a piece has a diagnostic or the pieces define one attribute twice.
func parsePieces(src []byte, filename string, cuts []hcl2.Pos) (*hcl2.File, bool) {
	starts := append([]hcl2.Pos{hcl2.InitialPos}, cuts...)
	files := make([]*hcl2.File, len(starts))
	var next atomic.Int32
	var failed atomic.Bool
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(starts)) {
		wg.Go(func() {
			for !failed.Load() {
				k := int(next.Add(1)) - 1
				if k >= len(starts) {
					return
				}
				end := len(src)
				if k+1 < len(starts) {
					end = starts[k+1].Byte
				}
				f, diags := hclsyntax.ParseConfig(src[starts[k].Byte:end], filename, starts[k])
				if len(diags) > 0 {
					failed.Store(true)
					return
				}
				files[k] = f
			}
		})
	}
	wg.Wait()
	if failed.Load() {
		return nil, false
	}

	// The first piece's file carries the navigation (Nav points at its
	// body), so that body becomes the whole file's.
	file := files[0]
	body := file.Body.(*hclsyntax.Body)
	n := 0
	for _, f := range files {
		n += len(f.Body.(*hclsyntax.Body).Blocks)
	}
	body.Blocks = slices.Grow(body.Blocks, n-len(body.Blocks))
	for _, f := range files[1:] {
		b := f.Body.(*hclsyntax.Body)
		for name, a := range b.Attributes {
			if _, dup := body.Attributes[name]; dup {
				return nil, false
			}
			body.Attributes[name] = a
		}
		body.Blocks = append(body.Blocks, b.Blocks...)
	}
	last := files[len(files)-1].Body.(*hclsyntax.Body)
	body.SrcRange = hcl2.RangeBetween(body.SrcRange, last.SrcRange)
	body.EndRange = last.EndRange
	file.Bytes = src
	return file, true
}
