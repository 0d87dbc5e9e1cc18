package hcl

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// The hcl package may import dag, pipes and rules of this module, nothing
// else (STYLE: the direction of imports): in particular never the executor.
func TestImportArrows(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool")
	}
	out, err := exec.Command(goTool, "list", "-f", "{{join .Imports \" \"}}", ".").Output()
	if err != nil {
		t.Fatal(err)
	}
	const module = "github.com/dagrun/dagrun"
	allowed := []string{module + "/dag", module + "/pipes", module + "/rules"}
	for _, pkg := range strings.Fields(string(out)) {
		if (pkg == module || strings.HasPrefix(pkg, module+"/")) && !slices.Contains(allowed, pkg) {
			t.Errorf("hcl imports %s; it may only import dag, pipes and rules", pkg)
		}
	}
}
