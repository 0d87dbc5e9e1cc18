package hcl

import (
	"context"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/dagrun/dagrun/pipes"
)

type confBlock struct {
	A string `hcl:"a"`
	B string `hcl:"b"`
}

type blockArgs struct {
	Conf confBlock `hcl:"conf,block"`
}

// The definition of a pipe whose nested block reads several variables and
// locals is the same on every load: the nested block's attributes are hashed
// in name order, not in the order of a map.
func TestDefinitionOfNestedBlockIsStable(t *testing.T) {
	reg := pipes.Builtins()
	if err := pipes.Register(reg, "conf", func(context.Context, *blockArgs, pipes.Runtime) (cty.Value, error) {
		return cty.NilVal, nil
	}); err != nil {
		t.Fatal(err)
	}
	src := `
variable "x" {
  default = "one"
}
locals {
  y = "two"
  z = "three"
}
pipe "p" {
  use = "conf"
  conf {
    a = var.x
    b = "${local.y}-${local.z}"
  }
}
`
	first := ""
	for i := range 30 {
		p := loadSrc(t, src, LoadOptions{Types: reg})
		pp, _ := p.Pipe("p")
		if pp.Definition() == "" {
			t.Fatal("no definition")
		}
		if i == 0 {
			first = pp.Definition()
		} else if pp.Definition() != first {
			t.Fatalf("load %d: definition %s, the first load had %s", i, pp.Definition(), first)
		}
	}
}
