package pipes

import (
	"context"
	"testing"
)

// TestExecHidesEnv: a variable BuiltinOptions.ExecHideEnv names is not
// inherited by the process (other variables are), unless the pipe's env sets
// it on purpose; Builtins hides nothing.
func TestExecHidesEnv(t *testing.T) {
	t.Setenv("DAGRUN_TEST_HIDDEN", "tok3n")
	t.Setenv("DAGRUN_TEST_INHERITED", "yes")
	script := `printf '%s/%s' "${DAGRUN_TEST_HIDDEN-unset}" "$DAGRUN_TEST_INHERITED"`
	hiding := BuiltinsWith(BuiltinOptions{ExecHideEnv: []string{"DAGRUN_TEST_HIDDEN"}})
	tests := []struct {
		name  string
		types *Registry
		env   map[string]string
		want  string
	}{
		{"hidden", hiding, nil, "unset/yes"},
		{"set on purpose by env", hiding, map[string]string{"DAGRUN_TEST_HIDDEN": "given"}, "given/yes"},
		{"Builtins hides nothing", Builtins(), nil, "tok3n/yes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := runBuiltin(context.Background(), t, tt.types, "exec", &ExecArgs{Script: script, Env: tt.env}, Runtime{Dir: t.TempDir()})
			if err != nil {
				t.Fatal(err)
			}
			if s := got.GetAttr("stdout").AsString(); s != tt.want {
				t.Errorf("stdout %q; want %q", s, tt.want)
			}
		})
	}
}
