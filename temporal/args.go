package temporal

import (
	"fmt"
	"reflect"
	"sort"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/gocty"

	"github.com/dagrun/dagrun/pipes"
)

var (
	ctyValueType   = reflect.TypeFor[cty.Value]()
	expressionType = reflect.TypeFor[hcl2.Expression]()
)

// encodeArgs turns a pipe's decoded arguments (a pointer to its type's struct)
// back into one value per argument, for an activity on another host. Zero
// values of optional arguments are left out: decoding leaves them zero.
// Arguments kept as hcl.Expression and nested blocks cannot travel.
func encodeArgs(t *pipes.Type, args any) (map[string]*Value, error) {
	rv := reflect.ValueOf(args)
	if rv.Kind() != reflect.Pointer || rv.Elem().Type() != t.Args {
		return nil, fmt.Errorf("pipe type %q: arguments of type %T, want *%s", t.Name, args, t.Args)
	}
	rv = rv.Elem()
	out := map[string]*Value{}
	for i := range t.Args.NumField() {
		sf := t.Args.Field(i)
		name, kind, ok := pipes.HCLTag(sf)
		if !ok {
			continue
		}
		fv := rv.Field(i)
		switch kind {
		case "attr", "optional":
		case "block":
			if !fv.IsZero() {
				return nil, fmt.Errorf("pipe type %q: block argument %s cannot be sent to a Temporal worker", t.Name, name)
			}
			continue
		default:
			continue
		}
		required := kind == "attr" && sf.Type.Kind() != reflect.Pointer
		if fv.IsZero() && !required {
			continue
		}
		var v cty.Value
		switch {
		case sf.Type == ctyValueType:
			v = fv.Interface().(cty.Value)
			if v == cty.NilVal {
				continue
			}
		case sf.Type == expressionType:
			return nil, fmt.Errorf("pipe type %q: argument %s is an hcl.Expression, which cannot be sent to a Temporal worker", t.Name, name)
		default:
			ty, err := gocty.ImpliedType(fv.Interface())
			if err != nil {
				return nil, fmt.Errorf("argument %s: %w", name, err)
			}
			if v, err = gocty.ToCtyValue(fv.Interface(), ty); err != nil {
				return nil, fmt.Errorf("argument %s: %w", name, err)
			}
		}
		ev, err := encodeValue(v)
		if err != nil {
			return nil, fmt.Errorf("argument %s: %w", name, err)
		}
		out[name] = ev
	}
	return out, nil
}

// decodeArgs decodes values made by encodeArgs into a new argument struct of
// t, the way the HCL layer decodes a pipe block (gohcl), so every conversion
// is the same.
func decodeArgs(t *pipes.Type, vals map[string]*Value) (any, error) {
	body := &hclsyntax.Body{Attributes: hclsyntax.Attributes{}}
	names := make([]string, 0, len(vals))
	for n := range vals {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		v, err := vals[n].decode()
		if err != nil {
			return nil, fmt.Errorf("argument %s: %w", n, err)
		}
		if v == cty.NilVal {
			continue
		}
		body.Attributes[n] = &hclsyntax.Attribute{Name: n, Expr: &hclsyntax.LiteralValueExpr{Val: v}}
	}
	args := t.NewArgs()
	if diags := gohcl.DecodeBody(body, nil, args); diags.HasErrors() {
		return nil, fmt.Errorf("arguments of pipe type %q: %s", t.Name, diags.Error())
	}
	return args, nil
}
