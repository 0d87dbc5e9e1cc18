package hcl

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
)

// sumFunc, alltrueFunc and anytrueFunc are Terraform's: they take a list,
// set or tuple.

var sumFunc = function.New(&function.Spec{
	Description: "Returns the sum of a non-empty list, set or tuple of numbers.",
	Params:      []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}},
	Type:        function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v := args[0]
		ty := v.Type()
		if !ty.IsListType() && !ty.IsSetType() && !ty.IsTupleType() {
			return cty.NilVal, function.NewArgErrorf(0, "cannot sum %s: a list, set or tuple of numbers is required", ty.FriendlyName())
		}
		if !v.IsWhollyKnown() {
			return cty.UnknownVal(cty.Number), nil
		}
		if v.LengthInt() == 0 {
			return cty.NilVal, function.NewArgErrorf(0, "cannot sum an empty collection")
		}
		total := new(big.Float)
		i := 0
		for it := v.ElementIterator(); it.Next(); i++ {
			_, e := it.Element()
			if e.IsNull() {
				return cty.NilVal, function.NewArgErrorf(0, "element %d is null: every element must be a number", i)
			}
			n, err := convert.Convert(e, cty.Number)
			if err != nil {
				return cty.NilVal, function.NewArgErrorf(0, "element %d is %s: every element must be a number", i, e.Type().FriendlyName())
			}
			total.Add(total, n.AsBigFloat())
		}
		return cty.NumberVal(total), nil
	},
})

var alltrueFunc = boolsFunc("Returns true if every element of a list, set or tuple is true (or \"true\"); true for an empty one.", true)

var anytrueFunc = boolsFunc("Returns true if any element of a list, set or tuple is true (or \"true\"); false for an empty one.", false)

// boolsFunc is alltrue (all) or anytrue (!all).
func boolsFunc(doc string, all bool) function.Function {
	return function.New(&function.Spec{
		Description: doc,
		Params:      []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}},
		Type:        function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			v := args[0]
			ty := v.Type()
			if !ty.IsListType() && !ty.IsSetType() && !ty.IsTupleType() {
				return cty.NilVal, function.NewArgErrorf(0, "a list, set or tuple of bools is required; got %s", ty.FriendlyName())
			}
			if !v.IsWhollyKnown() {
				return cty.UnknownVal(cty.Bool), nil
			}
			i := 0
			for it := v.ElementIterator(); it.Next(); i++ {
				_, e := it.Element()
				if e.IsNull() {
					if all {
						return cty.False, nil
					}
					continue
				}
				b, err := convert.Convert(e, cty.Bool)
				if err != nil {
					return cty.NilVal, function.NewArgError(0, fmt.Errorf("element %d: %w", i, errors.New("a bool is required")))
				}
				if b.True() != all {
					return cty.BoolVal(!all), nil
				}
			}
			return cty.BoolVal(all), nil
		},
	})
}
