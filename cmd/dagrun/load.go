package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"

	"github.com/dagrun/dagrun"
)

// varFlags are the variable inputs shared by apply and plan.
type varFlags struct {
	vars     []string
	varFiles []string
}

func (v *varFlags) add(c *cobra.Command) {
	c.Flags().StringArrayVar(&v.vars, "var", nil, "set a variable: name=value (repeatable)")
	c.Flags().StringArrayVar(&v.varFiles, "var-file", nil, "read variables from an HCL file of name = value lines (repeatable)")
}

func (v *varFlags) options() (dagrun.LoadOptions, error) {
	opts := dagrun.LoadOptions{Vars: map[string]string{}, VarFiles: v.varFiles, Types: pipeTypes()}
	for _, kv := range v.vars {
		name, value, ok := strings.Cut(kv, "=")
		if !ok || name == "" {
			return opts, usageError("--var %q: want name=value", kv)
		}
		opts.Vars[name] = value
	}
	return opts, nil
}

// loadGC lowers GOGC while loads run. The load is the peak of the heap of
// apply: its live set grows to the whole syntax tree (6 MB for 1000 pipes),
// and the pacer lets the heap reach twice the live set. At 50 it reaches 1.5
// times: 1.7 MB less peak RSS for 1000 pipes, for 8 ms more collection.
// An explicit GOGC is left alone. Loads may overlap (commands run
// in goroutines in the tests): the setting comes back when the last ends.
var loadGC gcLowering

type gcLowering struct {
	mu    sync.Mutex
	loads int
	prev  int
}

// lower sets GOGC 50 until the returned function is called.
func (g *gcLowering) lower() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.loads == 0 {
		g.prev = debug.SetGCPercent(50)
	}
	g.loads++
	return func() {
		g.mu.Lock()
		defer g.mu.Unlock()
		if g.loads--; g.loads == 0 {
			debug.SetGCPercent(g.prev)
		}
	}
}

// load reads the pipeline at path; diagnostics are written to stderr and turn
// into exit code 2.
func (e *env) load(path string, v *varFlags) (*dagrun.Pipeline, error) {
	opts, err := v.options()
	if err != nil {
		return nil, err
	}
	restore := loadGC.lower()
	p, err := dagrun.Load(path, opts)
	restore()
	if err == nil {
		// Collect once the load is over. Its last collection saw its whole
		// live set, syntax trees included, and set the next one from it:
		// what came after the load (apply's run, plan's plan) then took the
		// heap there, the command's peak RSS. The load has dropped the trees
		// (hcl.Pipeline.Files): what stays live is a fraction of that (2 MB
		// for 1000 pipes; for 10,000, 26 MB of the 69 MB marked last), and
		// the next collection comes at twice that instead.
		runtime.GC()
	}
	if err != nil {
		var de *dagrun.DiagnosticsError
		switch {
		case errors.As(err, &de) && e.jsonDiagnostics:
			return nil, e.diagnosticsJSON(de.Diagnostics, de.Redact)
		case errors.As(err, &de):
			e.writeRedacted(de.Files, de.Diagnostics, de.Redact)
			return nil, exitCode(exitUsage)
		case e.jsonDiagnostics:
			return nil, e.diagnosticsJSON(errorDiagnostic("Cannot load the pipeline", err), nil)
		}
		return nil, &exitError{code: exitUsage, err: err}
	}
	if w := p.Warnings(); len(w) > 0 {
		e.writeRedacted(p.Config().Files(), w, p.Redact)
	}
	return p, nil
}

// diagnosticsJSON prints diags as the JSON document of an invalid
// pipeline on stdout, and is the exit code 2 of one.
func (e *env) diagnosticsJSON(diags hcl2.Diagnostics, redact func(string) string) error {
	if err := writeJSONLine(e.stdout, newJSONDiagnostics(diags, redact)); err != nil {
		return err
	}
	return exitCode(exitUsage)
}

// writeRedacted renders diagnostics on stderr with sensitive values hidden: HCL
// shows the values an expression used ("with var.token as ...").
func (e *env) writeRedacted(files map[string]*hcl2.File, diags hcl2.Diagnostics, redact func(string) string) {
	var buf bytes.Buffer
	if err := writeDiagnostics(&buf, files, diags, redact); err != nil {
		buf.Reset()
		fmt.Fprintln(&buf, escapeText(redact(diags.Error())))
	}
	io.WriteString(e.stderr, buf.String())
}

// displayName is how a pipe is shown: its path for nested steps; an
// instance's key is escaped (see escapeText).
func displayName(p *dagrun.Pipeline, id string) string {
	if cfg := p.Config(); cfg != nil {
		if cp, ok := cfg.Pipe(id); ok {
			return cp.Path
		}
	}
	return escapeText(id)
}
