package hcl

import (
	"fmt"
	"path/filepath"
	"time"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// funcGroup is a documented group of functions.
type funcGroup struct {
	Name  string
	Funcs map[string]function.Function
}

// functionGroups returns the functions expressions may call, by theme. It is
// the one list of them: the evaluation contexts and the reference docs are
// both built from it.
//
// dir is the pipeline's directory (file() is relative to it), lookupEnv backs
// env(), now backs timestamp(), readFile backs file().
func functionGroups(dir string, lookupEnv func(string) (string, bool), now func() time.Time, readFile func(string) ([]byte, error)) []funcGroup {
	return []funcGroup{
		{"Numbers", map[string]function.Function{
			"abs":      stdlib.AbsoluteFunc,
			"ceil":     stdlib.CeilFunc,
			"floor":    stdlib.FloorFunc,
			"log":      stdlib.LogFunc,
			"max":      stdlib.MaxFunc,
			"min":      stdlib.MinFunc,
			"parseint": stdlib.ParseIntFunc,
			"pow":      stdlib.PowFunc,
			"signum":   stdlib.SignumFunc,
			"sum":      sumFunc,
		}},
		{"Strings", map[string]function.Function{
			"chomp":         stdlib.ChompFunc,
			"format":        limited(stdlib.FormatFunc, checkFormat),
			"formatlist":    limited(stdlib.FormatListFunc, checkFormat),
			"indent":        limited(stdlib.IndentFunc, checkIndent),
			"join":          stdlib.JoinFunc,
			"lower":         stdlib.LowerFunc,
			"regex":         stdlib.RegexFunc,
			"regexall":      stdlib.RegexAllFunc,
			"regex_replace": stdlib.RegexReplaceFunc,
			"replace":       stdlib.ReplaceFunc,
			"split":         stdlib.SplitFunc,
			"strrev":        stdlib.ReverseFunc,
			"substr":        stdlib.SubstrFunc,
			"title":         stdlib.TitleFunc,
			"trim":          stdlib.TrimFunc,
			"trimprefix":    stdlib.TrimPrefixFunc,
			"trimspace":     stdlib.TrimSpaceFunc,
			"trimsuffix": stdlib.TrimSuffixFunc.WithNewDescriptions(
				"Removes the given suffix from the end of the given string, if present.",
				[]string{"The string.", "The suffix to remove."}),
			"upper": stdlib.UpperFunc,
		}},
		{"Collections", map[string]function.Function{
			"alltrue":                alltrueFunc,
			"anytrue":                anytrueFunc,
			"chunklist":              stdlib.ChunklistFunc,
			"coalesce":               stdlib.CoalesceFunc,
			"coalescelist":           stdlib.CoalesceListFunc,
			"compact":                stdlib.CompactFunc,
			"concat":                 stdlib.ConcatFunc,
			"contains":               stdlib.ContainsFunc,
			"distinct":               stdlib.DistinctFunc,
			"element":                stdlib.ElementFunc,
			"flatten":                stdlib.FlattenFunc,
			"keys":                   stdlib.KeysFunc,
			"length":                 lengthFunc,
			"lookup":                 stdlib.LookupFunc,
			"merge":                  stdlib.MergeFunc,
			"range":                  stdlib.RangeFunc,
			"reverse":                stdlib.ReverseListFunc,
			"setintersection":        stdlib.SetIntersectionFunc,
			"setproduct":             limited(stdlib.SetProductFunc, checkSetProduct),
			"setsubtract":            stdlib.SetSubtractFunc,
			"setsymmetricdifference": stdlib.SetSymmetricDifferenceFunc,
			"setunion":               stdlib.SetUnionFunc,
			"slice":                  stdlib.SliceFunc,
			"sort":                   stdlib.SortFunc,
			"values":                 stdlib.ValuesFunc,
			"zipmap":                 stdlib.ZipmapFunc,
		}},
		{"Encoding", map[string]function.Function{
			"csvdecode":  stdlib.CSVDecodeFunc,
			"jsondecode": limited(stdlib.JSONDecodeFunc, checkJSONDepth),
			"jsonencode": stdlib.JSONEncodeFunc,
		}},
		{"Date and time", map[string]function.Function{
			"formatdate": stdlib.FormatDateFunc,
			"timeadd":    stdlib.TimeAddFunc,
			"timestamp":  timestampFunc(now),
		}},
		{"Type conversion", map[string]function.Function{
			"tobool":   stdlib.MakeToFunc(cty.Bool).WithNewDescriptions("Converts its argument to a bool.", []string{"The value to convert."}),
			"tolist":   stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)).WithNewDescriptions("Converts its argument to a list.", []string{"The value to convert."}),
			"tomap":    stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)).WithNewDescriptions("Converts its argument to a map.", []string{"The value to convert."}),
			"tonumber": stdlib.MakeToFunc(cty.Number).WithNewDescriptions("Converts its argument to a number.", []string{"The value to convert."}),
			"toset":    stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)).WithNewDescriptions("Converts its argument to a set.", []string{"The value to convert."}),
			"tostring": stdlib.MakeToFunc(cty.String).WithNewDescriptions("Converts its argument to a string.", []string{"The value to convert."}),
		}},
		{"Errors", map[string]function.Function{
			"can": tryfunc.CanFunc.WithNewDescriptions(
				"Evaluates its argument and returns true if that succeeds, false if it fails.",
				[]string{"The expression to try."}),
			"try": tryfunc.TryFunc.WithNewDescriptions(
				"Evaluates its arguments in turn and returns the value of the first that succeeds; an error if none does.",
				[]string{"The expressions to try, in order."}),
		}},
		{"The environment", map[string]function.Function{
			"env":  envFunc(lookupEnv),
			"file": fileFunc(dir, readFile),
		}},
	}
}

// functions returns every function of functionGroups by name.
func functions(dir string, lookupEnv func(string) (string, bool), now func() time.Time, readFile func(string) ([]byte, error)) map[string]function.Function {
	all := map[string]function.Function{}
	for _, g := range functionGroups(dir, lookupEnv, now, readFile) {
		for name, f := range g.Funcs {
			all[name] = f
		}
	}
	all[forFunc] = forBudgetFunc(nil) // counted in the contexts of evaluations (budgetContext)
	return all
}

// lengthFunc is the stdlib's length extended, as in Terraform, to strings (in
// characters) and objects (in attributes), so that length(jsondecode(...)) works.
var lengthFunc = function.New(&function.Spec{
	Description: "Returns the number of elements of a list, set, map or tuple, the number of attributes of an object, or the number of characters of a string.",
	Params: []function.Parameter{{
		Name:             "value",
		Type:             cty.DynamicPseudoType,
		AllowDynamicType: true,
		AllowUnknown:     true,
	}},
	Type: func(args []cty.Value) (cty.Type, error) {
		ty := args[0].Type()
		switch {
		case ty == cty.String, ty.IsObjectType(), ty.IsTupleType(), ty.IsListType(), ty.IsMapType(), ty.IsSetType(), ty == cty.DynamicPseudoType:
			return cty.Number, nil
		}
		return cty.NilType, fmt.Errorf("argument must be a string, a collection or an object")
	},
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v := args[0]
		switch {
		case !v.IsKnown():
			return cty.UnknownVal(cty.Number), nil
		case v.IsNull():
			return cty.NilVal, fmt.Errorf("argument must not be null")
		case v.Type() == cty.String:
			return stdlib.Strlen(v)
		case v.Type().IsObjectType():
			return cty.NumberIntVal(int64(len(v.Type().AttributeTypes()))), nil
		}
		return stdlib.Length(v)
	},
})

func envFunc(lookupEnv func(string) (string, bool)) function.Function {
	return function.New(&function.Spec{
		Description: `Returns the value of the environment variable name, or "" when it is not set.`,
		Params:      []function.Parameter{{Name: "name", Type: cty.String}},
		Type:        function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			v, _ := lookupEnv(args[0].AsString())
			return cty.StringVal(v), nil
		},
	})
}

func fileFunc(dir string, readFile func(string) ([]byte, error)) function.Function {
	return function.New(&function.Spec{
		Description: "Returns the contents of a file as a string. A relative path is resolved against the pipeline's directory. The file must be UTF-8 text.",
		Params:      []function.Parameter{{Name: "path", Type: cty.String}},
		Type:        function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			path := args[0].AsString()
			if !filepath.IsAbs(path) {
				path = filepath.Join(dir, path)
			}
			b, err := readFile(path)
			if err != nil {
				return cty.NilVal, err
			}
			if !utf8.Valid(b) {
				return cty.NilVal, fmt.Errorf("%s is not UTF-8 text", path)
			}
			return cty.StringVal(string(b)), nil
		},
	})
}

func timestampFunc(now func() time.Time) function.Function {
	return function.New(&function.Spec{
		Description: `Returns the current time in UTC as an RFC 3339 string, like "2024-05-01T12:00:00Z".`,
		Type:        function.StaticReturnType(cty.String),
		Impl: func(_ []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.StringVal(now().UTC().Format(time.RFC3339)), nil
		},
	})
}
