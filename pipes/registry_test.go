package pipes

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/zclconf/go-cty/cty"
)

type greetArgs struct {
	Name  string            `hcl:"name" doc:"who to greet"`
	Times *int              `hcl:"times,optional" default:"1" doc:"how often"`
	Tags  map[string]string `hcl:"tags,optional"`
	Extra cty.Value         `hcl:"extra,optional"`
	Note  string            // not an argument
}

func greet(_ context.Context, a *greetArgs, rt Runtime) (cty.Value, error) {
	n := 1
	if a.Times != nil {
		n = *a.Times
	}
	return cty.StringVal(strings.Repeat("hello "+a.Name+" from "+rt.Pipe+";", n)), nil
}

func TestRegisterCustomType(t *testing.T) {
	r := NewRegistry()
	if err := Register(r, "greet", greet, WithDescription("greets"), WithRetries(4), WithCheck(func(a *greetArgs) error {
		if a.Name == "" {
			return argErrorf("name", "must not be empty")
		}
		return nil
	})); err != nil {
		t.Fatal(err)
	}
	typ, ok := r.Lookup("greet")
	if !ok {
		t.Fatal("greet not found")
	}
	if typ.Description != "greets" || typ.Retry.Retries == nil || *typ.Retry.Retries != 4 {
		t.Errorf("options not applied: %+v", typ)
	}
	args := typ.NewArgs()
	ga, ok := args.(*greetArgs)
	if !ok {
		t.Fatalf("NewArgs() = %T, want *greetArgs", args)
	}
	if err := Validate(typ, ga); !reflect.DeepEqual(argNames(err), []string{"name"}) {
		t.Errorf("Validate(empty name) = %v, want an error on name", err)
	}
	ga.Name = "ann"
	two := 2
	ga.Times = &two
	if err := Validate(typ, ga); err != nil {
		t.Errorf("Validate: %v", err)
	}
	got, err := typ.Run(context.Background(), ga, Runtime{Pipe: "p"})
	if err != nil {
		t.Fatal(err)
	}
	if d := diffCty(cty.StringVal("hello ann from p;hello ann from p;"), got); d != "" {
		t.Errorf("output (-want +got):\n%s", d)
	}

	if _, err := typ.Run(context.Background(), &ExecArgs{}, Runtime{}); !IsPermanent(err) {
		t.Errorf("Run with the wrong argument type: err = %v, want a permanent error", err)
	}
	if err := Validate(typ, greetArgs{}); err == nil {
		t.Error("Validate with a struct instead of a pointer: no error")
	}
	if err := Validate(typ, nil); err == nil {
		t.Error("Validate(nil): no error")
	}
	if err := Validate(&Type{Name: "incomplete"}, ga); err == nil {
		t.Error("Validate of a type without Args: no error")
	}
	if err := Validate(nil, ga); err == nil {
		t.Error("Validate of a nil type: no error")
	}
}

func TestValidateWithoutCheck(t *testing.T) {
	r := NewRegistry()
	if err := Register(r, "greet", greet); err != nil {
		t.Fatal(err)
	}
	typ, _ := r.Lookup("greet")
	if err := Validate(typ, &greetArgs{}); err != nil {
		t.Errorf("Validate of a type without Check = %v, want nil", err)
	}
}

type reservedArgs struct {
	Timeout string `hcl:"timeout,optional"`
}

type dupArgs struct {
	A string `hcl:"name"`
	B string `hcl:"name,optional"`
}

type unexportedArgs struct {
	name string `hcl:"name"`
}

type badNameArgs struct {
	A string `hcl:"9lives"`
}

func TestRegisterRejects(t *testing.T) {
	noop := func(context.Context, any, Runtime) (cty.Value, error) { return cty.NilVal, nil }
	tests := []struct {
		name    string
		add     func(r *Registry) error
		wantErr string
	}{
		{"duplicate name", func(r *Registry) error { return Register(r, "exec", greet) }, `"exec" is already registered`},
		{"not a struct", func(r *Registry) error {
			return Register(r, "n", func(context.Context, *int, Runtime) (cty.Value, error) { return cty.NilVal, nil })
		}, "must be a struct"},
		{"meta-argument name", func(r *Registry) error {
			return Register(r, "x", func(context.Context, *reservedArgs, Runtime) (cty.Value, error) { return cty.NilVal, nil })
		}, `"timeout" is a meta-argument`},
		{"repeated argument name", func(r *Registry) error {
			return Register(r, "x", func(context.Context, *dupArgs, Runtime) (cty.Value, error) { return cty.NilVal, nil })
		}, `both called "name"`},
		{"unexported field", func(r *Registry) error {
			return Register(r, "x", func(context.Context, *unexportedArgs, Runtime) (cty.Value, error) { return cty.NilVal, nil })
		}, "not exported"},
		{"invalid argument name", func(r *Registry) error {
			return Register(r, "x", func(context.Context, *badNameArgs, Runtime) (cty.Value, error) { return cty.NilVal, nil })
		}, "not a valid argument name"},
		{"Add without Run", func(r *Registry) error { return r.Add(&Type{Name: "x", Args: reflect.TypeFor[greetArgs]()}) }, "required"},
		{"Add with pointer Args", func(r *Registry) error {
			return r.Add(&Type{Name: "x", Args: reflect.TypeFor[*greetArgs](), Run: noop})
		}, "must be a struct"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Builtins()
			before := r.Names()
			err := tt.add(r)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
			}
			if d := cmp.Diff(before, r.Names()); d != "" {
				t.Errorf("registry changed (-before +after):\n%s", d)
			}
		})
	}
}

func TestBuiltins(t *testing.T) {
	r := Builtins()
	if d := cmp.Diff([]string{"exec", "http", "sleep", "value", "wait"}, r.Names()); d != "" {
		t.Errorf("Names (-want +got):\n%s", d)
	}
	meta := MetaArguments()
	for _, name := range r.Names() {
		typ, _ := r.Lookup(name)
		if typ.Check == nil || typ.Description == "" {
			t.Errorf("%s: Check or Description missing", name)
		}
		for _, f := range Fields(typ) {
			if f.Doc == "" {
				t.Errorf("%s.%s has no doc", name, f.Name)
			}
			for _, m := range meta {
				if f.Name == m {
					t.Errorf("%s.%s is a meta-argument", name, f.Name)
				}
			}
		}
	}

	// Two registries share nothing: registering into one leaves the other alone.
	other := Builtins()
	if err := Register(other, "greet", greet); err != nil {
		t.Fatal(err)
	}
	if _, ok := r.Lookup("greet"); ok {
		t.Error("registries share types")
	}
}

func TestRegisterBuiltinsAllOrNothing(t *testing.T) {
	r := NewRegistry()
	if err := Register(r, "sleep", greet); err != nil {
		t.Fatal(err)
	}
	if err := RegisterBuiltins(r); err == nil {
		t.Fatal("RegisterBuiltins over an existing sleep type: no error")
	}
	if d := cmp.Diff([]string{"sleep"}, r.Names()); d != "" {
		t.Errorf("Names after a failed RegisterBuiltins (-want +got):\n%s", d)
	}
}

func TestFields(t *testing.T) {
	r := NewRegistry()
	if err := Register(r, "greet", greet); err != nil {
		t.Fatal(err)
	}
	greetType, _ := r.Lookup("greet")
	b := Builtins()
	lookup := func(name string) *Type {
		typ, _ := b.Lookup(name)
		return typ
	}
	tests := []struct {
		typ  *Type
		want []Field
	}{
		{greetType, []Field{
			{Name: "name", Required: true, Type: "string", GoType: "string", Doc: "who to greet"},
			{Name: "times", Type: "number", GoType: "*int", Default: "1", Doc: "how often"},
			{Name: "tags", Type: "map(string)", GoType: "map[string]string"},
			{Name: "extra", Type: "any", GoType: "cty.Value"},
		}},
		{lookup("exec"), []Field{
			{Name: "command", Type: "list(string)", GoType: "[]string"},
			{Name: "script", Type: "string", GoType: "string"},
			{Name: "shell", Type: "string", GoType: "string", Default: `"sh"`},
			{Name: "dir", Type: "string", GoType: "string", Default: "the pipeline's directory"},
			{Name: "env", Type: "map(string)", GoType: "map[string]string"},
			{Name: "stdin", Type: "string", GoType: "string"},
			{Name: "ok_exit_codes", Type: "list(number)", GoType: "[]int", Default: "[0]"},
			{Name: "retry_on_exit_codes", Type: "list(number)", GoType: "[]int"},
			{Name: "skip_exit_codes", Type: "list(number)", GoType: "[]int"},
			{Name: "error_lines", Type: "number", GoType: "*int", Default: "20"},
		}},
		{lookup("http"), []Field{
			{Name: "url", Required: true, Type: "string", GoType: "string"},
			{Name: "method", Type: "string", GoType: "string", Default: "GET"},
			{Name: "headers", Type: "map(string)", GoType: "map[string]string"},
			{Name: "body", Type: "string", GoType: "string"},
			{Name: "expect_status", Type: "list(number)", GoType: "[]int", Default: "200-299"},
		}},
		{lookup("sleep"), []Field{
			{Name: "duration", Required: true, Type: "string", GoType: "string"},
		}},
		{lookup("value"), []Field{
			{Name: "value", Required: true, Type: "any", GoType: "cty.Value"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.typ.Name, func(t *testing.T) {
			opts := cmp.Options{}
			if tt.typ.Name != "greet" {
				opts = append(opts, cmpopts.IgnoreFields(Field{}, "Doc"))
			}
			if d := cmp.Diff(tt.want, Fields(tt.typ), opts...); d != "" {
				t.Errorf("Fields (-want +got):\n%s", d)
			}
		})
	}
	if Fields(nil) != nil {
		t.Error("Fields(nil) != nil")
	}
}

func TestArgErrors(t *testing.T) {
	a, b := argErrorf("url", "bad"), argErrorf("method", "bad")
	err := Permanent(errors.Join(a, errors.New("other"), fmtWrap(b)))
	if d := cmp.Diff([]string{"url", "method"}, argNames(err)); d != "" {
		t.Errorf("ArgErrors (-want +got):\n%s", d)
	}
	if ArgErrors(nil) != nil || ArgErrors(errors.New("x")) != nil {
		t.Error("ArgErrors of an error without ArgError is not nil")
	}
	if got := a.Error(); got != "url: bad" {
		t.Errorf("Error() = %q", got)
	}
}

func fmtWrap(err error) error { return &wrapped{err} }

type wrapped struct{ err error }

func (w *wrapped) Error() string { return "wrapped: " + w.err.Error() }
func (w *wrapped) Unwrap() error { return w.err }
