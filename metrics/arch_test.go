package metrics_test

import (
	"go/build"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The package is an adapter (STYLE.md, principles 7 and 8): of dagrun it sees
// only the executor's event types, and it never touches a global registry.
func TestImportsAndNoGlobalRegistry(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, imp := range pkg.Imports {
		if strings.HasPrefix(imp, "github.com/dagrun/dagrun") && imp != "github.com/dagrun/dagrun/executor" {
			t.Errorf("metrics imports %s; it may only import the executor's types", imp)
		}
	}
	forbidden := []string{"DefaultRegisterer", "DefaultGatherer", "promauto", "MustRegister(", "prometheus.Register(", "func init()"}
	for _, f := range pkg.GoFiles {
		b, err := os.ReadFile(filepath.Join(pkg.Dir, f))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range forbidden {
			if strings.Contains(string(b), s) {
				t.Errorf("%s uses %s: library code registers only on the registry it is given", f, s)
			}
		}
	}
}
