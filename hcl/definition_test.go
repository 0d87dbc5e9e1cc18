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

// A definition hash is what resume compares with the one recorded by an
// earlier run, possibly of an earlier dagrun: the way it is computed must not
// change. These are the hashes that versions before this test gave.
func TestDefinitionHashIsUnchanged(t *testing.T) {
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
variable "n" {
  default = 3
}
locals {
  y = "two-${var.x}"
  z = "three"
}
pipe "a" {
  use     = "exec"
  command = ["echo", local.y, var.x, "${var.n}"]
  retries = 2
}
pipe "b" {
  use        = "conf"
  depends_on = [pipe.a]
  conf {
    a = var.x
    b = "${local.y}-${local.z}"
  }
}
`
	p := loadSrc(t, src, LoadOptions{Types: reg})
	for id, want := range map[string]string{
		"a": "df00c5b5ea628bdeff8dba408478ec37f6ea5e7452fa0ded0e5ff6e5e06625d5",
		"b": "2e165d8b12b0b9a5304f9cefdbafb5787ce85ddb2550dd8d4857bc940125fa08",
	} {
		pp, _ := p.Pipe(id)
		if pp.Definition() != want {
			t.Errorf("pipe %s: definition %s, want %s as before", id, pp.Definition(), want)
		}
	}
}
