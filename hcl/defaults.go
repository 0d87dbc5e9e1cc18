package hcl

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/dagrun/dagrun/pipes"
)

// execDefaults are the `defaults` block's env and dir, which every exec pipe
// of the pipeline starts from.
type execDefaults struct {
	env map[string]string
	dir string // as written; "" = not set
}

// execEnvReserved are the variables dagrun sets for an exec process.
var execEnvReserved = []string{"DAGRUN_PIPE", "DAGRUN_ATTEMPT", "DAGRUN_OUTPUT", "DAGRUN_RUN_ID", "DAGRUN_PIPELINE"}

// decodeExecDefaults reads env and dir of the `defaults` block.
func (l *loader) decodeExecDefaults(attrs hcl2.Attributes) {
	if a := attrs["dir"]; a != nil {
		if s, ok := l.loadString(a, "dir"); ok {
			switch {
			case s == "" || strings.IndexByte(s, 0) >= 0:
				l.diags = append(l.diags, errorDiag("Invalid dir", "dir must be a non-empty path without NUL bytes.", a.Expr.Range()))
			default:
				// Relative, it is resolved as a pipe's own dir is: against
				// the directory of the pipe's pipeline (bind.Call.Dir).
				l.p.execDefaults.dir = s
			}
		}
	}
	if a := attrs["env"]; a != nil {
		v, ok := l.loadTyped(a, cty.Map(cty.String), "env")
		if !ok || v.IsNull() {
			return
		}
		env := map[string]string{}
		for k, e := range v.AsValueMap() {
			if e.IsNull() {
				l.diags = append(l.diags, errorDiag("Invalid env", fmt.Sprintf("The value of %s is null.", k), a.Expr.Range()))
				continue
			}
			env[k] = e.AsString()
		}
		for _, k := range slices.Sorted(maps.Keys(env)) {
			switch {
			case k == "" || strings.ContainsAny(k, "=\x00"):
				l.diags = append(l.diags, errorDiag("Invalid env", fmt.Sprintf("%q is not a valid variable name.", k), a.Expr.Range()))
			case slices.Contains(execEnvReserved, k):
				l.diags = append(l.diags, errorDiag("Invalid env", fmt.Sprintf("%s is set by dagrun.", k), a.Expr.Range()))
			case strings.IndexByte(env[k], 0) >= 0:
				l.diags = append(l.diags, errorDiag("Invalid env", fmt.Sprintf("The value of %s contains a NUL byte.", k), a.Expr.Range()))
			}
		}
		l.p.execDefaults.env = env
	}
}

// withDefaults returns args of a pipe of type t with the pipeline's exec
// defaults under them: a pipe's own env entries win over the defaults', and
// its own dir over the default dir. args is not modified (static arguments
// are shared); another type's are returned as they are.
func (p *Pipeline) withDefaults(t *pipes.Type, args any) any {
	a, ok := args.(*pipes.ExecArgs)
	if !ok || t == nil || t.Name != "exec" || (p.execDefaults.dir == "" && len(p.execDefaults.env) == 0) {
		return args
	}
	c := *a
	if c.Dir == "" {
		c.Dir = p.execDefaults.dir
	}
	if len(p.execDefaults.env) > 0 {
		env := maps.Clone(p.execDefaults.env)
		maps.Copy(env, a.Env)
		c.Env = env
	}
	return &c
}
