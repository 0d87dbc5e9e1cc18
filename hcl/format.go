package hcl

import (
	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// Format returns src in canonical HCL layout (what `dagrun fmt` writes). A
// source with syntax errors is not formatted: the diagnostics say why, and the
// returned bytes are nil.
func Format(filename string, src []byte) ([]byte, hcl2.Diagnostics) {
	if diags := CheckSource(filename, src); diags.HasErrors() {
		return nil, diags
	}
	if _, diags := hclsyntax.ParseConfig(src, filename, hcl2.InitialPos); diags.HasErrors() {
		return nil, diags
	}
	return hclwrite.Format(src), nil
}
