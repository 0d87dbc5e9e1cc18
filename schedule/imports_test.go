package schedule_test

import (
	"os/exec"
	"strings"
	"testing"
)

// The scheduler knows nothing of HCL, pipelines or metrics: it imports no
// package of this module, and no HCL.
func TestImportsNothingOfOurs(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool")
	}
	out, err := exec.Command(goTool, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if (strings.HasPrefix(dep, "github.com/dagrun/dagrun") && dep != "github.com/dagrun/dagrun/schedule") ||
			strings.Contains(dep, "hashicorp/hcl") {
			t.Errorf("schedule depends on %s", dep)
		}
	}
}
