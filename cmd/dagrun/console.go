package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"
	"github.com/zclconf/go-cty/cty"
	"golang.org/x/term"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/state"
)

type consoleFlags struct {
	vars  varFlags
	state stateFlags
	run   string
}

func consoleCmd(e *env) *cobra.Command {
	f := &consoleFlags{}
	c := &cobra.Command{
		Use:   "console [PATH]",
		Short: "Evaluate expressions against a pipeline's variables and locals (and a run's outputs)",
		Long: `Evaluate HCL expressions against a pipeline, one per line: its variables,
locals and functions, and with --run RUN, pipe.<id> as that recorded run left
it (output, status, error, attempts, duration). Without --run, what reads a
pipe is (known after apply). Nothing runs.

Expressions are read from standard input, or from a terminal with a line
editor and history (up and down arrows; exit, Ctrl-D or an empty input ends
it). Each value is printed as JSON on its own line; sensitive values are
(sensitive). An expression that fails prints its diagnostic on standard error;
reading from a pipe or a file, the exit status is then 2.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error { return e.console(pathArg(args), f) },
	}
	f.vars.add(c)
	f.state.add(c.Flags(), state.DirName+" beside the pipeline")
	c.Flags().StringVar(&f.run, "run", "", "evaluate pipe.<id> as recorded run `RUN` left it (an id from 'dagrun runs list', or last)")
	return c
}

func (e *env) console(path string, f *consoleFlags) error {
	p, err := e.load(path, &f.vars)
	if err != nil {
		return err
	}
	var results []dagrun.PipeResult
	if f.run != "" {
		dir := f.state.resolve(func() string { return state.DefaultDir(path) })
		_, results, err = state.Open(dir).Results(f.run)
		if err != nil {
			return usageError("--run %s: %v", f.run, err)
		}
		if results == nil {
			results = []dagrun.PipeResult{}
		}
	}
	eval := func(n int, line string) bool {
		name := fmt.Sprintf("<line %d>", n)
		v, diags := p.Eval(name, line, results)
		if diags.HasErrors() {
			files := map[string]*hcl2.File{name: {Bytes: []byte(line)}}
			e.writeRedacted(files, diags, p.Redact)
			return false
		}
		fmt.Fprintln(e.stdout, consoleValue(p, v))
		return true
	}
	if in, ok := e.stdin.(*os.File); ok && term.IsTerminal(int(in.Fd())) {
		return e.consoleTerminal(in, eval)
	}
	failed := false
	sc := bufio.NewScanner(e.stdin)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !eval(n, line) {
			failed = true
		}
	}
	if err := sc.Err(); err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	if failed {
		return exitCode(exitUsage)
	}
	return nil
}

// consoleTerminal reads expressions from a terminal, with a line editor
// and history, until exit or end of input.
func (e *env) consoleTerminal(in *os.File, eval func(int, string) bool) error {
	old, err := term.MakeRaw(int(in.Fd()))
	if err != nil {
		return &exitError{code: exitFailed, err: err}
	}
	defer term.Restore(int(in.Fd()), old)
	t := term.NewTerminal(struct {
		io.Reader
		io.Writer
	}{in, e.stdout}, "> ")
	out := e.stdout
	e.stdout = t // values and diagnostics go through the terminal's line ending
	e.stderr = t
	defer func() { e.stdout = out }()
	for n := 1; ; n++ {
		line, err := t.ReadLine()
		if err != nil { // io.EOF: Ctrl-D
			return nil
		}
		line = strings.TrimSpace(line)
		switch line {
		case "":
			continue
		case "exit", "quit":
			return nil
		}
		eval(n, line)
	}
}

// consoleValue shows a value as JSON text, (known after apply) when it
// reads what only a run can tell, with sensitive values hidden.
func consoleValue(p *dagrun.Pipeline, v cty.Value) string {
	if !v.IsWhollyKnown() {
		return "(known after apply)"
	}
	return p.Redact(valueText(v))
}
