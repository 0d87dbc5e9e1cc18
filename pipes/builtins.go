package pipes

import (
	"context"
	"fmt"

	"github.com/zclconf/go-cty/cty"
)

// Builtins returns a new registry holding the built-in types: exec, http, sleep,
// value and wait.
func Builtins() *Registry {
	r := NewRegistry()
	if err := RegisterBuiltins(r); err != nil {
		// A new registry has no names to collide with.
		panic(err)
	}
	return r
}

// RegisterBuiltins adds the built-in types (exec, http, sleep, value, wait) to r. It
// registers none of them when one of their names is already taken. The http type
// gets its own http.Client, shared by the http pipes of r only.
func RegisterBuiltins(r *Registry) error {
	return registerBuiltins(r, defaultExecConfig())
}

// BuiltinOptions configure the built-in types of BuiltinsWith.
type BuiltinOptions struct {
	// ExecHideEnv names variables of this process's environment that exec
	// processes do not inherit: the program's own credentials (a pipe's env
	// argument may still set them, on purpose).
	ExecHideEnv []string
}

// BuiltinsWith is Builtins configured by o.
func BuiltinsWith(o BuiltinOptions) *Registry {
	r := NewRegistry()
	cfg := defaultExecConfig()
	cfg.hideEnv = o.ExecHideEnv
	if err := registerBuiltins(r, cfg); err != nil {
		panic(err) // a new registry has no names to collide with
	}
	return r
}

func registerBuiltins(r *Registry, execCfg execConfig) error {
	names := []string{"exec", "http", "sleep", "value", "wait"}
	for _, n := range names {
		if _, taken := r.Lookup(n); taken {
			return fmt.Errorf("pipe type %q is already registered", n)
		}
	}
	httpPipe := newHTTPPipe()
	regs := []error{
		Register(r, "exec",
			func(ctx context.Context, a *ExecArgs, rt Runtime) (cty.Value, error) {
				return runExec(ctx, a, rt, execCfg)
			},
			WithDescription("Runs a program (command) or a shell script (script); output {stdout, stderr, exit_code, values}."),
			WithCheck(checkExec)),
		Register(r, "http", httpPipe.run,
			WithDescription("Sends an HTTP request; output {status, headers, body, json}."),
			WithCheck(checkHTTP)),
		Register(r, "sleep", runSleep,
			WithDescription("Waits for a duration; output {slept}."),
			WithCheck(checkSleep)),
		Register(r, "value", runValue,
			WithDescription("Evaluates an expression; the output is its value."),
			WithCheck(checkValue)),
		Register(r, "wait", newWaitPipe().run,
			WithDescription("A sensor: polls until a path exists, a URL answers 2xx, a command exits 0 or an expression is true; output {polled, status, exit_code}."),
			WithCheck(checkWait), WithOneOf(waitConditions...)),
	}
	for _, err := range regs {
		if err != nil {
			return err
		}
	}
	return nil
}
