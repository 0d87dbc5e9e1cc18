package dagrun_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dagrun/dagrun"
)

const fingerprintSrc = `
variable "v" {
  default = "one"
}
locals {
  l  = "${var.v}-local"
  l2 = local.l
}
pipe "a" {
  use   = "value"
  value = local.l2
}
pipe "b" {
  use        = "exec"
  command    = ["echo", pipe.a.output]
  depends_on = [pipe.c]
}
pipe "c" {
  use   = "value"
  value = 1
}
pipe "group" {
  sequential = true
  pipe "step" {
    use   = "value"
    value = "step"
  }
}
`

func fingerprints(t *testing.T, src string, vars map[string]string) map[string]dagrun.PipeFingerprint {
	t.Helper()
	p, err := dagrun.LoadSource("p.hcl", []byte(src), dagrun.LoadOptions{Vars: vars, LookupEnv: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	return p.Fingerprints()
}

func TestFingerprints(t *testing.T) {
	base := fingerprints(t, fingerprintSrc, nil)
	for id, fp := range base {
		if len(fp.Definition) != 64 {
			t.Errorf("%s: definition %q", id, fp.Definition)
		}
	}
	if diff := cmp.Diff([]string{"a", "c"}, base["b"].Deps); diff != "" {
		t.Errorf("b's deps (-want +got):\n%s", diff)
	}
	if base["b"].Type != "exec" || base["group"].Type != "composite" || base["step"].Type != "value" {
		t.Errorf("types: %+v", base)
	}
	if diff := cmp.Diff(base, fingerprints(t, fingerprintSrc, nil)); diff != "" {
		t.Errorf("not deterministic (-first +second):\n%s", diff)
	}

	changed := func(src string, vars map[string]string) []string {
		var ids []string
		fps := fingerprints(t, src, vars)
		for _, id := range []string{"a", "b", "c", "group", "step"} {
			if fps[id].Definition != base[id].Definition {
				ids = append(ids, id)
			}
		}
		return ids
	}
	for _, tc := range []struct {
		name string
		src  string
		vars map[string]string
		want []string
	}{
		{"comments and blank lines", strings.ReplaceAll(fingerprintSrc, "\n", "\n\n# note\n"), nil, nil},
		{"a step's definition is not its composite's", strings.Replace(fingerprintSrc, `value = "step"`, `value = "STEP"`, 1), nil, []string{"step"}},
		{"a variable read through two locals", fingerprintSrc, map[string]string{"v": "two"}, []string{"a"}},
		{"a local", strings.Replace(fingerprintSrc, `"${var.v}-local"`, `"${var.v}-LOCAL"`, 1), nil, []string{"a"}},
		{"an argument's expression", strings.Replace(fingerprintSrc, `["echo", pipe.a.output]`, `["echo", "x", pipe.a.output]`, 1), nil, []string{"b"}},
		{"a meta-argument", strings.Replace(fingerprintSrc, "sequential = true", "sequential = false", 1), nil, []string{"group"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, changed(tc.src, tc.vars)); diff != "" {
				t.Errorf("changed definitions (-want +got):\n%s", diff)
			}
		})
	}

	// Go pipelines: dependencies only.
	gp := dagrun.New("go").Add("x", nil).Add("y", nil, dagrun.DependsOn("x", "x"))
	want := map[string]dagrun.PipeFingerprint{"x": {Deps: []string{}}, "y": {Deps: []string{"x"}}}
	if diff := cmp.Diff(want, gp.Fingerprints()); diff != "" {
		t.Errorf("Go pipeline (-want +got):\n%s", diff)
	}
}
