package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/cog/plugins"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
)

// committed is the dashboard shipped in the repository, relative to this package.
var committed = filepath.Join("..", "..", "..", "examples", "grafana", "dashboards", "dagrun.json")

func TestCommittedDashboardIsGenerated(t *testing.T) {
	want, err := Render()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(committed)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is not the generator's output; run `go generate ./metrics` and commit the result", committed)
	}
}

func TestDashboardDecodesStrictly(t *testing.T) {
	// The SDK decodes panel options and queries through a plugin registry; the
	// registration is process-wide, which is fine in a test binary.
	plugins.RegisterDefaultPlugins()
	b, err := os.ReadFile(committed)
	if err != nil {
		t.Fatal(err)
	}
	var d dashboard.Dashboard
	if err := noBuildErrors(d.UnmarshalJSONStrict(b)); err != nil {
		t.Fatalf("UnmarshalJSONStrict: %v", err)
	}
	if err := noBuildErrors(d.Validate()); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if d.Uid == nil || *d.Uid != UID {
		t.Errorf("uid = %v, want %q", d.Uid, UID)
	}
	vars := map[string]dashboard.VariableModel{}
	for _, v := range d.Templating.List {
		vars[v.Name] = v
	}
	for _, name := range []string{"datasource", "pipeline", "pipe"} {
		if _, ok := vars[name]; !ok {
			t.Errorf("dashboard lacks the template variable %q", name)
		}
	}
	for _, name := range []string{"pipeline", "pipe"} {
		v := vars[name]
		if v.Multi == nil || !*v.Multi || v.IncludeAll == nil || !*v.IncludeAll {
			t.Errorf("variable %q: multi %v includeAll %v, want both true", name, v.Multi, v.IncludeAll)
		}
	}
}

// noBuildErrors returns err, or nil when err is an empty cog.BuildErrors (what
// v0.0.22 returns from some validators on success).
func noBuildErrors(err error) error {
	var be cog.BuildErrors
	if errors.As(err, &be) && len(be) == 0 {
		return nil
	}
	return err
}
