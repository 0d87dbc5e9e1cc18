package hcl

import (
	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// chunkBytes is the size from which parseConfig cuts a file into pieces. The
// hclsyntax scanner turns the whole source into one slice of 96-byte tokens
// before parsing, grown by appending: for a generated file of 1000 pipes that
// was 13 MB allocated, half the peak heap of `apply`, and a third of its load
// time in copying and clearing (issue 8). Pieces of a few kilobytes keep the
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
// the piece before it parses without an error: a piece that ends inside a
// block, a bracket, a string, a heredoc or a comment does not. Any error, or
// an attribute defined in two pieces, and the file is parsed again in one
// piece, so that a file with errors gets exactly the diagnostics of
// hclsyntax.ParseConfig.
func parseConfig(src []byte, filename string) (*hcl2.File, hcl2.Diagnostics) {
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

// parsePieces parses src cut at cuts and joins the pieces into the body of
// the first; ok is false if a piece has an error or the pieces define one
// attribute twice.
func parsePieces(src []byte, filename string, cuts []hcl2.Pos) (*hcl2.File, bool) {
	var file *hcl2.File
	var body, last *hclsyntax.Body
	start := hcl2.InitialPos
	for k := 0; k <= len(cuts); k++ {
		end := len(src)
		if k < len(cuts) {
			end = cuts[k].Byte
		}
		f, diags := hclsyntax.ParseConfig(src[start.Byte:end], filename, start)
		if len(diags) > 0 {
			return nil, false
		}
		b := f.Body.(*hclsyntax.Body)
		if file == nil {
			// The first piece's file carries the navigation (Nav points at
			// its body), so that body becomes the whole file's.
			file, body = f, b
		} else {
			for name, a := range b.Attributes {
				if _, dup := body.Attributes[name]; dup {
					return nil, false
				}
				body.Attributes[name] = a
			}
			body.Blocks = append(body.Blocks, b.Blocks...)
			body.EndRange = b.EndRange
		}
		last = b
		if k < len(cuts) {
			start = cuts[k]
		}
	}
	body.SrcRange = hcl2.RangeBetween(body.SrcRange, last.SrcRange)
	file.Bytes = src
	return file, true
}
