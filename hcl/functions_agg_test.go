package hcl

import (
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"
)

func TestAggregateFunctions(t *testing.T) {
	for _, tc := range []struct {
		expr string
		want cty.Value
		err  string
	}{
		{`sum([1, 2, 3])`, cty.NumberIntVal(6), ""},
		{`sum(toset([1.5, 2]))`, cty.NumberFloatVal(3.5), ""},
		{`sum([1, "2"])`, cty.NumberIntVal(3), ""},
		{`sum([])`, cty.NilVal, "empty"},
		{`sum(["a"])`, cty.NilVal, "must be a number"},
		{`sum(3)`, cty.NilVal, "list, set or tuple"},
		{`alltrue([true, "true"])`, cty.True, ""},
		{`alltrue([true, false])`, cty.False, ""},
		{`alltrue([])`, cty.True, ""},
		{`anytrue([false, true])`, cty.True, ""},
		{`anytrue([])`, cty.False, ""},
		{`anytrue([false])`, cty.False, ""},
		{`anytrue(["x"])`, cty.NilVal, "bool"},
	} {
		t.Run(tc.expr, func(t *testing.T) {
			src := "output \"v\" {\n  value = " + tc.expr + "\n}\n"
			p, diags := LoadSource("p.hcl", []byte(src), LoadOptions{})
			if tc.err != "" {
				if !diags.HasErrors() || !strings.Contains(diags.Error(), tc.err) {
					t.Fatalf("diags = %v; want an error with %q", diags, tc.err)
				}
				if s := diags[0].Subject; s == nil || s.Start.Line != 2 {
					t.Errorf("subject %v; want line 2", s)
				}
				return
			}
			mustNoErrors(t, diags)
			vals, diags := p.EvalOutputs(nil)
			mustNoErrors(t, diags)
			if !vals[0].Value.Equals(tc.want).True() {
				t.Errorf("%s = %#v; want %#v", tc.expr, vals[0].Value, tc.want)
			}
		})
	}
}
