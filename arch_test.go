package dagrun_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// moduleImports returns, for every package of the module (in the default
// build and with -tags temporal), the packages of the module it imports, as
// paths relative to the module ("." is the root package).
func moduleImports(t *testing.T) map[string][]string {
	t.Helper()
	const mod = "github.com/dagrun/dagrun"
	rel := func(path string) string {
		if path == mod {
			return "."
		}
		return strings.TrimPrefix(path, mod+"/")
	}
	imports := map[string][]string{}
	for _, tags := range []string{"", "temporal"} {
		out, err := exec.Command("go", "list", "-tags", tags, "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, "./...").Output()
		if err != nil {
			t.Fatalf("go list: %v", err)
		}
		for line := range strings.Lines(string(out)) {
			fields := strings.Fields(line)
			pkg := rel(fields[0])
			if _, ok := imports[pkg]; !ok {
				imports[pkg] = []string{}
			}
			for _, imp := range fields[1:] {
				if (imp == mod || strings.HasPrefix(imp, mod+"/")) && !slices.Contains(imports[pkg], rel(imp)) {
					imports[pkg] = append(imports[pkg], rel(imp))
				}
			}
		}
	}
	return imports
}

// TestImportDirection keeps the arrows of docs/design.md true, for every
// package of the module: each may import only the packages of ours listed
// here, and a new package must be given its arrows. rules, dag and pipes
// import nothing of ours; executor and hcl only those three (never each
// other); metrics sees only the executor's types; the root package is the
// glue; the command, the server, the run state and the Temporal engine build
// on it.
func TestImportDirection(t *testing.T) {
	vocabulary := []string{"dag", "pipes", "rules"}
	with := func(more ...string) []string { return append(slices.Clone(vocabulary), more...) }
	allowed := map[string][]string{
		"rules":                      {},
		"dag":                        {},
		"pipes":                      {},
		"schedule":                   {},
		"internal/fakeclock":         {},
		"internal/jaegertest":        {"tracing"}, // runs Jaeger, and the span tree, for the tests of traces
		"executor":                   vocabulary,
		"hcl":                        vocabulary,
		"metrics":                    with("executor"),
		"tracing":                    with("executor"),
		"internal/uptodate":          {}, // files and records only: the binding asks it
		"internal/bind":              with("hcl", "executor", "internal/uptodate"),
		".":                          with("hcl", "executor", "internal/bind", "internal/uptodate", "tracing"),
		"state":                      with(".", "hcl", "executor"),
		"server":                     with(".", "executor", "metrics", "schedule", "tracing"),
		"temporal":                   with(".", "hcl", "executor", "metrics", "internal/bind", "tracing"),
		"temporal/internal/gosample": {"."}, // a pipeline built in Go, for the tests of temporal
		"cmd/dagrun":                 with(".", "hcl", "executor", "metrics", "schedule", "server", "state", "temporal", "tracing"),

		"metrics/internal/dashgen":    {"metrics"},
		"internal/conformance":        {}, // tests only
		"internal/conformance/golden": {"hcl", "metrics"},
		"examples/embed":              {".", "metrics"},
		"examples/goworker":           {".", "temporal"},

		"examples/ticket_routing/server":    {"examples/ticket_routing/ticketapi"},
		"examples/ticket_routing/ticketapi": {},

		"bench/internal/measure": {},
		"bench/internal/scen":    {},
		"bench/cmd/floor":        {"bench/internal/scen"},
		"bench/cmd/benchrun":     {"bench/internal/measure", "bench/internal/scen"},
		"bench/cmd/libbench":     {".", "executor", "metrics", "state", "bench/internal/measure", "bench/internal/scen"},
	}
	for pkg, imports := range moduleImports(t) {
		ok, known := allowed[pkg]
		if !known {
			t.Errorf("package %s is not in TestImportDirection: give it the arrows it may have", pkg)
			continue
		}
		for _, imp := range imports {
			if !slices.Contains(ok, imp) {
				t.Errorf("%s imports %s", pkg, imp)
			}
		}
	}
}

// The root package is what an embedding program links: neither the
// Prometheus client nor the Temporal SDK comes with it. Metrics are an
// observer the caller attaches (package metrics), Temporal another engine
// (package temporal).
func TestRootPackageDependencies(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/dagrun/dagrun").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.HasPrefix(dep, "github.com/prometheus/") || strings.HasPrefix(dep, "go.temporal.io/") {
			t.Errorf("the root package depends on %s", dep)
		}
	}
}

// No library package touches the default Prometheus registry.
func TestNoDefaultRegistry(t *testing.T) {
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
// with -tags temporal): half the binary and 9 MB of memory at rest.
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
