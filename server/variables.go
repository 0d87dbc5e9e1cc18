package server

import (
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/dagrun/dagrun"
)

// variablesOf lists p's variables for the Run form. A sensitive variable's
// default is never shown.
func variablesOf(p *dagrun.Pipeline) []VariableInfo {
	out := []VariableInfo{}
	cfg := p.Config()
	if cfg == nil {
		return out
	}
	for _, v := range cfg.Variables {
		vi := VariableInfo{Name: v.Name, Type: "any", Description: v.Description, Sensitive: v.Sensitive, Required: v.Default == cty.NilVal}
		if v.Type != cty.NilType && v.Type != cty.DynamicPseudoType {
			vi.Type = typeexpr.TypeString(v.Type)
		}
		if v.Default != cty.NilVal && !v.Sensitive && v.Default.IsWhollyKnown() {
			d, _ := v.Default.UnmarkDeep()
			if b, err := (ctyjson.SimpleJSONValue{Value: d}).MarshalJSON(); err == nil {
				vi.Default = b
			}
		}
		out = append(out, vi)
	}
	return out
}
