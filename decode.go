package dagrun

import (
	"encoding/json"
	"fmt"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// decodeValue decodes v into target through JSON, as encoding/json decodes:
// a struct's fields by name or `json` tag, numbers into any numeric type.
// cty.NilVal and null decode as JSON null.
func decodeValue(v cty.Value, target any) error {
	if v == cty.NilVal || v.IsNull() {
		return json.Unmarshal([]byte("null"), target)
	}
	if !v.IsWhollyKnown() {
		return fmt.Errorf("the value is not known")
	}
	b, err := ctyjson.SimpleJSONValue{Value: v}.MarshalJSON()
	if err != nil {
		return err
	}
	return json.Unmarshal(b, target)
}

// Output returns the output of pipe (or instance) id in the run: false
// when the run has no such pipe; cty.NilVal when it made no output.
func (r *Result) Output(id string) (cty.Value, bool) {
	pr, ok := r.Pipe(id)
	if !ok {
		return cty.NilVal, false
	}
	return pr.Output, true
}

// Decode decodes the output of pipe (or instance) id into target, a
// pointer, the way Inputs.Decode does for a running pipe:
//
//	var words []string
//	err := res.Decode("fetch", &words)
//
// A pipe that made no output decodes as JSON null (target is left as it
// is, or set to nil).
func (r *Result) Decode(id string, target any) error {
	v, ok := r.Output(id)
	if !ok {
		return fmt.Errorf("the run has no pipe %q", id)
	}
	if err := decodeValue(v, target); err != nil {
		return fmt.Errorf("output of %q: %w", id, err)
	}
	return nil
}

// DecodeOutput decodes the HCL `output` block name into target, a pointer.
func (r *Result) DecodeOutput(name string, target any) error {
	for _, o := range r.Outputs {
		if o.Name == name {
			if err := decodeValue(o.Value, target); err != nil {
				return fmt.Errorf("output %q: %w", name, err)
			}
			return nil
		}
	}
	return fmt.Errorf("the pipeline has no output %q", name)
}
