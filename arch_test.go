package dagrun_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImportDirection keeps the arrows of STYLE.md true: dag imports nothing of
// ours; executor only dag and pipes; hcl only dag and pipes; metrics only
// executor (and what executor imports); pipes nothing of ours.
func TestImportDirection(t *testing.T) {
	const mod = "github.com/dagrun/dagrun"
	allowed := map[string][]string{
		"dag":      {},
		"pipes":    {},
		"rules":    {},
		"executor": {"dag", "pipes", "rules"},
		"hcl":      {"dag", "pipes", "rules"},
		"metrics":  {"executor", "dag", "pipes", "rules"},
		"schedule": {},
	}
	for pkg, ok := range allowed {
		out, err := exec.Command("go", "list", "-deps", mod+"/"+pkg).Output()
		if err != nil {
			t.Fatalf("go list %s: %v", pkg, err)
		}
		for _, dep := range strings.Fields(string(out)) {
			if !strings.HasPrefix(dep, mod) || dep == mod+"/"+pkg {
				continue
			}
			rel := strings.TrimPrefix(strings.TrimPrefix(dep, mod), "/")
			if strings.HasPrefix(rel, pkg+"/internal") {
				continue
			}
			good := false
			for _, a := range ok {
				if rel == a || strings.HasPrefix(rel, a+"/") {
					good = true
				}
			}
			if !good {
				t.Errorf("%s imports %s", pkg, rel)
			}
		}
	}
	// No library package touches the default Prometheus registry.
	out, err := exec.Command("grep", "-rlE", "DefaultRegisterer|DefaultGatherer|promauto\\.", "--include=*.go", "--exclude=*_test.go", ".").Output()
	if err == nil && len(strings.TrimSpace(string(out))) > 0 {
		for _, f := range strings.Fields(string(out)) {
			if !strings.HasPrefix(f, "./cmd/") {
				t.Errorf("%s uses a default Prometheus registry", f)
			}
		}
	}
}

// The default build of the command leaves the Temporal SDK out (it is built in
// with -tags temporal): half the binary and 9 MB of memory at rest (issue 8).
func TestCommandWithoutTemporalSDK(t *testing.T) {
	for _, tags := range []string{"", "temporal"} {
		out, err := exec.Command("go", "list", "-deps", "-tags", tags, "github.com/dagrun/dagrun/cmd/dagrun").Output()
		if err != nil {
			t.Fatalf("go list: %v", err)
		}
		has := strings.Contains(string(out), "go.temporal.io/sdk/")
		if has != (tags == "temporal") {
			t.Errorf("tags %q: the Temporal SDK linked in = %v", tags, has)
		}
	}
}
