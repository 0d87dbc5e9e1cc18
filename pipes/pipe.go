// Package pipes defines what a pipe type is (the contract between the engine and the
// code that does a pipe's work), a registry of types, and the built-in types of the
// specification: exec, http, sleep, value and wait.
//
// A pipe type is a name, a Go struct describing its arguments (fields tagged
// `hcl:"name"` or `hcl:"name,optional"`, the same tags gohcl understands, so the HCL
// layer derives the argument schema and decoding from the struct), a Run function,
// and optional retry defaults and error classification. Outputs are cty values, which
// serialize to JSON with their type, so a run can be journaled or shipped elsewhere.
package pipes

import (
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"sort"
	"sync"
	"time"

	"github.com/zclconf/go-cty/cty"
)

// Runtime is what the engine gives a pipe for one attempt besides its arguments.
type Runtime struct {
	// Pipe is the task name of the pipe (its id, or id[key] for a fan-out instance).
	Pipe string
	// Attempt is the 1-based attempt number.
	Attempt int
	// RunID is the id of the run (the one its records have); Pipeline is the
	// pipeline's name. Empty when the engine has none.
	RunID, Pipeline string
	// Dir is the directory relative paths are resolved against (the pipeline's
	// directory); empty means the process's working directory.
	Dir string
	// Log receives the pipe's own log output (for exec: stdout and stderr as they
	// are produced). Never nil when the engine calls Run; may be io.Discard.
	Log io.Writer
	// TempDir, when set, is a private directory (mode 0700) of the run where a
	// pipe may name scratch files without creating them first: nobody else can
	// plant a file or a link there. Empty: the system's temporary directory,
	// where files must be created (O_EXCL) before they are handed out.
	TempDir string
	// Track, when set, is told the process group id of every process group the
	// pipe starts; the returned func is called once that group is gone. A CLI
	// uses it to kill what is still running when it must exit at once.
	Track func(pgid int) (release func())
}

// LogWriter returns rt.Log, or io.Discard when it is nil.
func (rt Runtime) LogWriter() io.Writer {
	if rt.Log == nil {
		return io.Discard
	}
	return rt.Log
}

// RunFunc runs one attempt of a pipe. args is a pointer to the type's argument
// struct, already decoded. It is read-only: arguments known at load are decoded
// once and shared by every attempt and every run of the pipe. A failed attempt
// returns a non-nil error; it may still return an output (exec returns
// stdout/stderr/exit_code of a failed process).
type RunFunc func(ctx context.Context, args any, rt Runtime) (cty.Value, error)

// RetryDefaults are a pipe type's own retry settings. A nil field means "no
// opinion": the next level of precedence decides.
type RetryDefaults struct {
	Retries  *int
	Delay    *time.Duration
	Backoff  *float64
	MaxDelay *time.Duration
	Jitter   *float64
}

// Type is a registered pipe type.
type Type struct {
	// Name is what `use = "..."` names.
	Name string
	// Args is the argument struct type (a struct, not a pointer). Its fields carry
	// `hcl:"..."` tags; the HCL layer decodes a pipe body into a new value of it.
	Args reflect.Type
	// Run does one attempt.
	Run RunFunc
	// Retry holds the type's default retry settings.
	Retry RetryDefaults
	// Description is shown in generated docs.
	Description string
	// Check, when set, validates a pointer to the argument struct without running
	// anything. The HCL layer calls it (through Validate) at load time for a pipe
	// whose arguments are all known, so mistakes surface as diagnostics before a
	// run starts. It returns nil, an *ArgError, or several joined with errors.Join
	// (see ArgErrors), so each problem can point at its argument. A type's Run must
	// still validate on its own: arguments that depend on upstream outputs are only
	// known at run time.
	Check func(args any) error
	// OneOf lists groups of arguments of which a pipe sets exactly one
	// (WithOneOf).
	OneOf [][]string
}

// NewArgs returns a pointer to a new zero value of the argument struct.
func (t *Type) NewArgs() any { return reflect.New(t.Args).Interface() }

// Registry maps type names to types. The zero value is not usable; call
// NewRegistry. A Registry is safe for concurrent use.
type Registry struct {
	mu    sync.RWMutex
	types map[string]*Type
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{types: map[string]*Type{}} }

// Option customises a type at registration.
type Option func(*Type)

// WithRetries sets the type's default number of retries.
func WithRetries(n int) Option { return func(t *Type) { t.Retry.Retries = &n } }

// WithRetryDelay sets the type's default delay before the first retry.
func WithRetryDelay(d time.Duration) Option { return func(t *Type) { t.Retry.Delay = &d } }

// WithDescription sets the type's documentation line.
func WithDescription(s string) Option { return func(t *Type) { t.Description = s } }

// WithCheck sets the type's static argument check (see Type.Check). A is the
// argument struct the type was registered with; Validate rejects other types
// before check is called.
func WithCheck[A any](check func(args *A) error) Option {
	return func(t *Type) {
		t.Check = func(args any) error {
			a, ok := args.(*A)
			if !ok {
				return fmt.Errorf("pipe type %q: arguments of type %T, want %T", t.Name, args, new(A))
			}
			return check(a)
		}
	}
}

// Validate runs t's static argument check on args, a pointer to t's argument
// struct. It returns nil when t has no Check. The error is not marked Permanent:
// at load time there is nothing to retry.
func Validate(t *Type, args any) error {
	if t == nil || t.Args == nil {
		return errors.New("pipe type: nil, or without Args")
	}
	if args == nil || reflect.TypeOf(args) != reflect.PointerTo(t.Args) {
		return fmt.Errorf("pipe type %q: arguments of type %T, want *%s", t.Name, args, t.Args)
	}
	if t.Check == nil {
		return nil
	}
	return t.Check(args)
}

// ArgError is a problem with one argument of a pipe. Arg is the argument's HCL
// name, so a caller can point a diagnostic at that attribute.
type ArgError struct {
	Arg string
	Err error
}

func (e *ArgError) Error() string { return e.Arg + ": " + e.Err.Error() }
func (e *ArgError) Unwrap() error { return e.Err }

// argErrorf returns an *ArgError for argument arg.
func argErrorf(arg, format string, a ...any) *ArgError {
	return &ArgError{Arg: arg, Err: fmt.Errorf(format, a...)}
}

// ArgErrors returns every *ArgError in err's tree (errors.Join and %w wrapping
// included), in order. It returns nil when there is none.
func ArgErrors(err error) []*ArgError {
	var out []*ArgError
	var walk func(error)
	walk = func(err error) {
		switch e := err.(type) {
		case nil:
		case *ArgError:
			out = append(out, e)
		case interface{ Unwrap() []error }:
			for _, inner := range e.Unwrap() {
				walk(inner)
			}
		case interface{ Unwrap() error }:
			walk(e.Unwrap())
		}
	}
	walk(err)
	return out
}

// MetaArguments returns the argument names every pipe has, which no
// pipe type may use for its own arguments. The slice is new on every call.
func MetaArguments() []string {
	return []string{
		"use", "depends_on", "if", "allow_failure", "skip_if", "retry_if", "trigger", "for_each",
		"retries", "retry_delay", "retry_backoff", "retry_delays", "retry_max_delay", "retry_jitter",
		"timeout", "pool", "sequential", "description", "sources", "generates",
	}
}

// Register adds a pipe type whose arguments are the struct A. It returns an error
// when the name is taken or A is not a struct.
func Register[A any](r *Registry, name string, run func(ctx context.Context, args *A, rt Runtime) (cty.Value, error), opts ...Option) error {
	at := reflect.TypeFor[A]()
	if at.Kind() != reflect.Struct {
		return fmt.Errorf("pipe type %q: arguments must be a struct, got %s", name, at)
	}
	t := &Type{
		Name: name,
		Args: at,
		Run: func(ctx context.Context, args any, rt Runtime) (cty.Value, error) {
			a, ok := args.(*A)
			if !ok {
				return cty.NilVal, Permanent(fmt.Errorf("pipe type %q: arguments of type %T, want %T", name, args, new(A)))
			}
			return run(ctx, a, rt)
		},
	}
	for _, o := range opts {
		o(t)
	}
	return r.Add(t)
}

// Add registers a fully built type. It returns an error when the name is taken,
// when Args is not a struct, or when an argument name is malformed, repeated, or
// one of the MetaArguments.
func (r *Registry) Add(t *Type) error {
	if t == nil || t.Name == "" || t.Run == nil || t.Args == nil {
		return errors.New("pipe type: name, Args and Run are required")
	}
	if err := checkArgsStruct(t.Args); err != nil {
		return fmt.Errorf("pipe type %q: %w", t.Name, err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.types[t.Name]; dup {
		return fmt.Errorf("pipe type %q is already registered", t.Name)
	}
	r.types[t.Name] = t
	return nil
}

// Lookup returns the type called name.
func (r *Registry) Lookup(name string) (*Type, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	t, ok := r.types[name]
	return t, ok
}

// Names returns the registered type names, sorted.
func (r *Registry) Names() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	names := make([]string, 0, len(r.types))
	for n := range r.types {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// skipError ends an attempt as a skip: the pipe skipped itself.
type skipError struct{ why string }

func (e *skipError) Error() string { return e.why }

// Skip ends the pipe's attempt as skipped instead of succeeded or failed: the
// pipe skipped itself (reason "self"; its dependents see a skipped upstream),
// and it is not retried. why says why, for the views ("exit status 99").
// A Task returns it with its output.
func Skip(why string) error { return &skipError{why: why} }

// IsSkip reports whether err, or an error it wraps, is a Skip.
func IsSkip(err error) bool {
	var s *skipError
	return errors.As(err, &s)
}

// allowedError marks a failure the pipeline allows (allow_failure).
type allowedError struct{ err error }

func (e *allowedError) Error() string { return e.err.Error() }
func (e *allowedError) Unwrap() error { return e.err }

// AllowFailure marks err as an allowed failure: when the pipe fails with it
// for good (no retry left, or a permanent error), the pipe is failed with
// Allowed set, its dependents see a success, and the run's status ignores it.
// AllowFailure(nil) is nil.
func AllowFailure(err error) error {
	if err == nil {
		return nil
	}
	return &allowedError{err: err}
}

// IsAllowedFailure reports whether err, or an error it wraps, was marked by
// AllowFailure.
func IsAllowedFailure(err error) bool {
	var a *allowedError
	return errors.As(err, &a)
}

// permanentError marks an error that retrying cannot fix.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// Permanent marks err as permanent: the engine does not retry the attempt.
// Permanent(nil) is nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err: err}
}

// IsPermanent reports whether err, or an error it wraps, was marked Permanent.
func IsPermanent(err error) bool {
	var p *permanentError
	return errors.As(err, &p)
}
