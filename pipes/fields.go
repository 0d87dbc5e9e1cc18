package pipes

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/zclconf/go-cty/cty"
)

// Field describes one argument of a pipe type, for generated reference docs and
// editor tooling. It is derived from the argument struct's tags: `hcl:"name"` or
// `hcl:"name,optional"` (as gohcl reads them), `doc:"..."` and `default:"..."`.
type Field struct {
	// Name is the argument's name in HCL.
	Name string
	// Required reports whether gohcl requires the argument: an `hcl:"name"` or
	// `hcl:"name,attr"` field that is not a pointer, or a required block.
	Required bool
	// Type is the HCL type the argument takes: string, number, bool,
	// list(string), map(string), any, ...; "block" for a nested block.
	Type string
	// GoType is the Go type of the struct field, e.g. "[]string".
	GoType string
	// Default is the field's `default` tag: how the type behaves when the
	// argument is omitted, in words or as an HCL literal. Empty when none.
	Default string
	// Doc is the field's `doc` tag.
	Doc string
}

// Fields returns the arguments of t in struct field order. Fields that gohcl
// does not decode from an attribute or block (no hcl tag, labels, remain, ranges)
// are left out.
func Fields(t *Type) []Field {
	if t == nil || t.Args == nil || t.Args.Kind() != reflect.Struct {
		return nil
	}
	var out []Field
	for i := range t.Args.NumField() {
		sf := t.Args.Field(i)
		name, kind, ok := HCLTag(sf)
		if !ok {
			continue
		}
		f := Field{
			Name:    name,
			GoType:  sf.Type.String(),
			Default: sf.Tag.Get("default"),
			Doc:     sf.Tag.Get("doc"),
		}
		switch kind {
		case "attr", "optional":
			f.Type = hclTypeName(sf.Type)
			f.Required = kind == "attr" && sf.Type.Kind() != reflect.Pointer && !isExpression(sf.Type)
		case "block":
			f.Type = "block"
			f.Required = sf.Type.Kind() == reflect.Struct
		default:
			continue
		}
		out = append(out, f)
	}
	return out
}

// HCLTag parses a field's hcl tag the way gohcl does: the argument name and its
// kind (attr, optional, block, ...). ok is false for fields without one.
func HCLTag(sf reflect.StructField) (name, kind string, ok bool) {
	tag, ok := sf.Tag.Lookup("hcl")
	if !ok {
		return "", "", false
	}
	name, kind, _ = strings.Cut(tag, ",")
	if kind == "" {
		kind = "attr"
	}
	return name, kind, true
}

// checkArgsStruct reports problems with an argument struct that would otherwise
// surface as a gohcl panic or as a confusing diagnostic at load time.
func checkArgsStruct(at reflect.Type) error {
	if at.Kind() != reflect.Struct {
		return fmt.Errorf("arguments must be a struct, got %s", at)
	}
	reserved := MetaArguments()
	seen := map[string]string{}
	var errs []error
	// gohcl reads only the struct's own fields (no promotion from embedded ones).
	for i := range at.NumField() {
		sf := at.Field(i)
		name, kind, ok := HCLTag(sf)
		if !ok || (kind != "attr" && kind != "optional" && kind != "block") {
			continue
		}
		switch {
		case !sf.IsExported():
			errs = append(errs, fmt.Errorf("field %s has an hcl tag but is not exported", sf.Name))
		case !validIdentifier(name):
			errs = append(errs, fmt.Errorf("field %s: %q is not a valid argument name", sf.Name, name))
		case slices.Contains(reserved, name):
			errs = append(errs, fmt.Errorf("field %s: %q is a meta-argument every pipe has; pick another name", sf.Name, name))
		case seen[name] != "":
			errs = append(errs, fmt.Errorf("fields %s and %s are both called %q", seen[name], sf.Name, name))
		}
		seen[name] = sf.Name
	}
	return errors.Join(errs...)
}

// validIdentifier reports whether s is an HCL identifier (ASCII subset: a letter
// or underscore, then letters, digits, underscores and dashes).
func validIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z':
		case i > 0 && (r == '-' || '0' <= r && r <= '9'):
		default:
			return false
		}
	}
	return true
}

var ctyValueType = reflect.TypeFor[cty.Value]()

// isExpression reports whether t is hcl.Expression, without importing hcl: pipes
// stays usable without the HCL layer.
func isExpression(t reflect.Type) bool {
	return t.Kind() == reflect.Interface && t.Name() == "Expression" &&
		strings.HasPrefix(t.PkgPath(), "github.com/hashicorp/hcl/")
}

// hclTypeName describes the HCL type gohcl converts a value to for a field of
// Go type t.
func hclTypeName(t reflect.Type) string {
	switch {
	case t == ctyValueType || isExpression(t):
		return "any"
	}
	switch t.Kind() {
	case reflect.Pointer:
		return hclTypeName(t.Elem())
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "bool"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice:
		return "list(" + hclTypeName(t.Elem()) + ")"
	case reflect.Map:
		if t.Key().Kind() == reflect.String {
			return "map(" + hclTypeName(t.Elem()) + ")"
		}
	}
	if t.PkgPath() == "math/big" && (t.Name() == "Float" || t.Name() == "Int") {
		return "number"
	}
	return t.String()
}
