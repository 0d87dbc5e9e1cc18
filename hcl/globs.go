package hcl

import (
	"path/filepath"

	"github.com/bmatcuk/doublestar/v4"
)

// validGlob reports whether pattern is a glob `sources` and `generates`
// accept (doublestar's syntax).
func validGlob(pattern string) bool {
	return doublestar.ValidatePattern(filepath.ToSlash(pattern))
}
