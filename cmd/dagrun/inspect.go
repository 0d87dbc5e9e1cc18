package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/rogpeppe/go-internal/diff"
	"github.com/spf13/cobra"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/dag"
	dhcl "github.com/dagrun/dagrun/hcl"
	"github.com/dagrun/dagrun/server"
	"github.com/dagrun/dagrun/state"
)

func validateCmd(e *env) *cobra.Command {
	var vars varFlags
	output := "text"
	c := &cobra.Command{
		Use:   "validate [PATH]",
		Short: "Check a pipeline and report every diagnostic; nothing runs",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if output != "text" && output != "json" {
				return usageError("--output %q: want text or json", output)
			}
			e.jsonDiagnostics = output == "json"
			p, err := e.load(pathArg(args), &vars)
			if err != nil {
				return err
			}
			if _, err := p.Graph(); err != nil {
				if e.jsonDiagnostics {
					return e.diagnosticsJSON(errorDiagnostic("Invalid graph", err), p.Redact)
				}
				return &exitError{code: exitUsage, err: err}
			}
			if e.jsonDiagnostics {
				return writeJSONLine(e.stdout, newJSONDiagnostics(slices.Concat(p.Warnings(), p.SourceWarnings()), p.Redact))
			}
			e.writeSourceWarnings(p)
			fmt.Fprintf(e.stdout, "The pipeline %q is valid: %d pipes.\n", p.Name(), len(p.PipeIDs()))
			return nil
		},
	}
	vars.add(c)
	c.Flags().StringVar(&output, "output", output, "text or json (every diagnostic as JSON on stdout)")
	return c
}

func graphCmd(e *env) *cobra.Command {
	var vars varFlags
	format := "dot"
	c := &cobra.Command{
		Use:   "graph [PATH]",
		Short: "Print the dependency graph as Graphviz DOT, Mermaid or SVG",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if format != "dot" && format != "mermaid" && format != "svg" {
				return usageError("--format %q: want dot, mermaid or svg", format)
			}
			p, err := e.load(pathArg(args), &vars)
			if err != nil {
				return err
			}
			g, err := p.Graph()
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			if format == "svg" {
				// The picture of serve's run page, without statuses.
				layout, err := server.LayoutGraph(p, func(id string) string { return graphLabel(p, id) })
				if err != nil {
					return &exitError{code: exitUsage, err: err}
				}
				return layout.WriteSVG(e.stdout)
			}
			cfg := p.Config()
			c2 := g.Compiled()
			opts := dag.DrawOptions{
				Name:  p.Name(),
				Label: func(i int) string { return graphLabel(p, c2.IDs[i]) },
				Group: func(i int) string {
					if cp, ok := cfg.Pipe(c2.IDs[i]); ok {
						return cp.Parent
					}
					return ""
				},
			}
			if format == "mermaid" {
				return c2.WriteMermaid(e.stdout, opts)
			}
			return c2.WriteDOT(e.stdout, opts)
		},
	}
	vars.add(c)
	c.Flags().StringVar(&format, "format", format, "dot, mermaid or svg (laid out as serve's run page draws it)")
	return c
}

// graphLabel is how graph draws a pipe: a for_each pipe is one node for all
// its instances, classify[*], with their number when it is known already.
func graphLabel(p *dagrun.Pipeline, id string) string {
	name := displayName(p, id)
	cp, ok := p.Config().Pipe(id)
	if !ok || cp.ForEach == nil {
		return name
	}
	if cp.ForEach.Dynamic {
		return name + "[*]"
	}
	return fmt.Sprintf("%s[*] (%s)", name, instanceCount(len(cp.ForEach.Keys)))
}

func instanceCount(n int) string {
	if n == 1 {
		return "1 instance"
	}
	return fmt.Sprintf("%d instances", n)
}

// planPipe is one pipe of a plan.
type planPipe struct {
	ID          string       `json:"id"`
	Path        string       `json:"path"`
	Type        string       `json:"type"`
	Level       int          `json:"level"`
	DependsOn   []string     `json:"depends_on"`
	Trigger     string       `json:"trigger"`
	Condition   bool         `json:"condition"`
	Retries     int          `json:"retries"`
	RetryDelay  string       `json:"retry_delay"`
	Backoff     float64      `json:"retry_backoff"`
	MaxDelay    string       `json:"retry_max_delay"`
	Jitter      float64      `json:"retry_jitter"`
	Timeout     string       `json:"timeout,omitempty"`
	Pool        string       `json:"pool,omitempty"`
	Description string       `json:"description,omitempty"`
	Args        []planArg    `json:"args,omitempty"`
	ForEach     *planForEach `json:"for_each,omitempty"`
	InstanceOf  string       `json:"instance_of,omitempty"` // the for_each composite whose instances run this step
	// UpToDate, on a pipe with sources or generates: whether apply would
	// find it up to date now (every instance, for a for_each pipe).
	UpToDate *bool  `json:"up_to_date,omitempty"`
	Deadline string `json:"deadline,omitempty"`
	Handler  string `json:"handler,omitempty"` // a handler of the run: its kind
}

// planForEach is the fan-out of a for_each pipe: its keys when the
// collection is static, else known after apply.
type planForEach struct {
	Expression      string   `json:"expression"`
	KnownAfterApply bool     `json:"known_after_apply"`
	Instances       *int     `json:"instances,omitempty"`
	Keys            []string `json:"keys,omitempty"`
}

type planArg struct {
	Name string `json:"name"`
	// Value is the value as JSON text when it is known before the run, else
	// a placeholder, "(known after apply)" or "(sensitive)", or, for a value
	// per for_each instance, the expression.
	Value           string `json:"value"`
	Expression      string `json:"expression,omitempty"` // as written (never for a sensitive value)
	Known           bool   `json:"known"`                // Value is the value
	KnownAfterApply bool   `json:"known_after_apply"`
	Sensitive       bool   `json:"sensitive"`
}

type plan struct {
	Version     int        `json:"version"`
	Pipeline    string     `json:"pipeline"`
	Parallelism int        `json:"parallelism"`
	OnFailure   string     `json:"on_failure"`
	Timeout     string     `json:"timeout,omitempty"`
	Deadline    string     `json:"deadline,omitempty"`
	Levels      int        `json:"levels"`
	Pipes       []planPipe `json:"pipes"`
}

func planCmd(e *env) *cobra.Command {
	var vars varFlags
	var st stateFlags
	output := "text"
	c := &cobra.Command{
		Use:   "plan [PATH]",
		Short: "Show the execution plan: order, levels, dependencies, policies; nothing runs",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if output != "text" && output != "json" {
				return usageError("--output %q: want text or json", output)
			}
			e.jsonDiagnostics = output == "json"
			p, err := e.load(pathArg(args), &vars)
			if err != nil {
				return err
			}
			pl, err := buildPlan(p)
			if err != nil {
				if e.jsonDiagnostics {
					return e.diagnosticsJSON(errorDiagnostic("Invalid graph", err), p.Redact)
				}
				return &exitError{code: exitUsage, err: err}
			}
			e.writeSourceWarnings(p)
			if err := e.planUpToDate(pl, p, pathArg(args), &st); err != nil {
				return err
			}
			if output == "json" {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(pl)
			}
			writePlan(e, pl)
			return nil
		},
	}
	vars.add(c)
	st.add(c.Flags(), state.DirName+" beside the pipeline")
	c.Flags().StringVar(&output, "output", output, "text or json")
	return c
}

// buildPlan is the library's plan of p in the shape plan prints (its JSON
// fields, durations as text, long expressions shortened).
func buildPlan(p *dagrun.Pipeline) (*plan, error) {
	lp, err := p.Plan()
	if err != nil {
		return nil, err
	}
	pl := &plan{Version: jsonPlanVersion, Pipeline: lp.Pipeline, Parallelism: lp.Parallelism, OnFailure: "continue", Levels: lp.Levels}
	if lp.FailFast {
		pl.OnFailure = "fail_fast"
	}
	if lp.Timeout > 0 {
		pl.Timeout = lp.Timeout.String()
	}
	if lp.Deadline > 0 {
		pl.Deadline = lp.Deadline.String()
	}
	if len(lp.Pipes) > 0 { // else nil: JSON's "pipes": null, as it was
		pl.Pipes = make([]planPipe, 0, len(lp.Pipes))
	}
	for _, pp := range lp.Pipes {
		pl.Pipes = append(pl.Pipes, planPipeOf(pp, p.Redact))
	}
	return pl, nil
}

func planPipeOf(pp dagrun.PlannedPipe, redact func(string) string) planPipe {
	out := planPipe{
		ID: pp.ID, Path: pp.Path, Type: pp.Type, Level: pp.Level, DependsOn: pp.DependsOn,
		Trigger: pp.Trigger.String(), Condition: pp.Condition, Retries: pp.Retry.Retries, RetryDelay: pp.Retry.Delay.String(),
		Backoff: pp.Retry.Backoff, MaxDelay: pp.Retry.MaxDelay.String(), Jitter: pp.Retry.Jitter,
		Pool: pp.Pool, Description: pp.Description, InstanceOf: pp.InstanceOf,
	}
	if pp.Timeout > 0 {
		out.Timeout = pp.Timeout.String()
	}
	if pp.Deadline > 0 {
		out.Deadline = pp.Deadline.String()
	}
	out.Handler = pp.Handler
	if fe := pp.ForEach; fe != nil {
		pf := &planForEach{Expression: shortExpr(fe.Expression), KnownAfterApply: fe.KnownAfterApply}
		if !fe.KnownAfterApply {
			n := len(fe.Keys)
			pf.Instances, pf.Keys = &n, fe.Keys
		}
		out.ForEach = pf
	}
	for _, a := range pp.Args {
		pa := planArg{Name: a.Name, KnownAfterApply: a.KnownAfterApply, Sensitive: a.Sensitive}
		if !a.Sensitive {
			pa.Expression = redact(shortExpr(a.Expression))
		}
		switch {
		case a.Sensitive:
			pa.Value = "(sensitive)"
		case a.KnownAfterApply:
			pa.Value = "(known after apply)"
		case a.Value != cty.NilVal:
			pa.Value, pa.Known = redact(shortExpr(valueText(a.Value))), true
		default:
			pa.Value = pa.Expression
		}
		out.Args = append(out.Args, pa)
	}
	return out
}

// shortExpr shows an expression's text on one line of at most 80 bytes
// ("?" when its text is unknown).
func shortExpr(s string) string {
	if s == "" {
		return "?"
	}
	if strings.Contains(s, "\n") {
		s = strings.Join(strings.Fields(s), " ")
	}
	if len(s) > 80 {
		s = strings.ToValidUTF8(s[:77], "") + "..." // never half a character
	}
	return s
}

func writePlan(e *env, pl *plan) {
	// Buffered: a line is several writes, and a plan of 10,000 pipes made
	// 70,000 write calls, a tenth of the command's time.
	w := bufio.NewWriter(e.stdout)
	defer w.Flush()
	fmt.Fprintf(w, "Pipeline %q: %d pipes in %d levels, parallelism %d, on_failure %s", pl.Pipeline, len(pl.Pipes), pl.Levels, pl.Parallelism, pl.OnFailure)
	if pl.Timeout != "" {
		fmt.Fprintf(w, ", timeout %s", pl.Timeout)
	}
	if pl.Deadline != "" {
		fmt.Fprintf(w, ", deadline %s", pl.Deadline)
	}
	fmt.Fprintln(w)
	for _, pp := range pl.Pipes {
		if pp.Handler != "" {
			writePlannedHandler(w, pp)
			continue
		}
		if pp.InstanceOf != "" {
			fmt.Fprintf(w, "\n+ pipe %q (%s), in each instance of %s\n", pp.Path, pp.Type, pp.InstanceOf)
		} else {
			fmt.Fprintf(w, "\n+ pipe %q (%s), level %d\n", pp.Path, pp.Type, pp.Level)
		}
		if fe := pp.ForEach; fe != nil {
			if fe.KnownAfterApply {
				fmt.Fprintf(w, "    for_each:   %s (expands after apply)\n", fe.Expression)
			} else {
				fmt.Fprintf(w, "    for_each:   %s%s\n", instanceCount(*fe.Instances), keysText(fe.Keys))
			}
		}
		deps := "-"
		if len(pp.DependsOn) > 0 {
			deps = strings.Join(pp.DependsOn, ", ")
		}
		fmt.Fprintf(w, "    depends on: %s\n", deps)
		cond := ""
		if pp.Condition {
			cond = ", if: (known after apply)"
		}
		fmt.Fprintf(w, "    trigger:    %s%s\n", pp.Trigger, cond)
		if pp.Type != "composite" {
			// Only the policies that apply: a delay means nothing without
			// retries.
			if pp.Retries > 0 {
				fmt.Fprintf(w, "    retries:    %s\n", retryText(pp))
			}
			if pp.Timeout != "" {
				fmt.Fprintf(w, "    timeout:    %s\n", pp.Timeout)
			}
		}
		if pp.Deadline != "" {
			fmt.Fprintf(w, "    deadline:   %s\n", pp.Deadline)
		}
		if pp.Pool != "" {
			fmt.Fprintf(w, "    pool:       %s\n", pp.Pool)
		}
		for _, a := range pp.Args {
			fmt.Fprintf(w, "    %-11s %s\n", a.Name+":", a.Value)
		}
		writeUpToDate(w, pp)
	}
}

// retryText shows a retry policy with only the settings that change
// anything: a backoff of 1 is a constant delay, no jitter is left out.
func retryText(pp planPipe) string {
	s := fmt.Sprintf("%d, delay %s", pp.Retries, pp.RetryDelay)
	if pp.Backoff != 1 && pp.Backoff != 0 {
		s += fmt.Sprintf(", backoff %g", pp.Backoff)
		if pp.MaxDelay != "0s" {
			s += ", max delay " + pp.MaxDelay
		}
	}
	if pp.Jitter > 0 {
		s += fmt.Sprintf(", jitter %g", pp.Jitter)
	}
	return s
}

// valueText shows a value known before the run as JSON text.
func valueText(v cty.Value) string {
	if v.IsNull() {
		return "null"
	}
	b, err := ctyjson.SimpleJSONValue{Value: v}.MarshalJSON()
	if err != nil {
		return "?"
	}
	return string(b)
}

// keysText lists the first keys of a static for_each: ": a, b, c".
func keysText(keys []string) string {
	const most = 10
	if len(keys) == 0 {
		return ""
	}
	s := ": " + strings.Join(keys[:min(len(keys), most)], ", ")
	if len(keys) > most {
		s += fmt.Sprintf(", ... (%d more)", len(keys)-most)
	}
	return s
}

type fmtFlags struct {
	check     bool
	diff      bool
	recursive bool
}

func fmtCmd(e *env) *cobra.Command {
	f := &fmtFlags{}
	c := &cobra.Command{
		Use:   "fmt [PATH...]",
		Short: "Rewrite pipeline files in canonical HCL style (--check: only report)",
		Long: `Rewrite pipeline files in canonical HCL style and name each file changed.

PATH is a .hcl file or a directory of them (default: the current directory;
--recursive: and its subdirectories, except hidden ones). - reads standard
input and writes the formatted text to standard output.

Exit status: 0 when every file is formatted (or was rewritten), 1 with --check
when a file is not, 2 when a file does not parse or cannot be read.`,
		Args: cobra.ArbitraryArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				args = []string{"."}
			}
			unformatted := false
			for _, path := range args {
				if path == "-" {
					changed, err := e.fmtStdin(f)
					if err != nil {
						return err
					}
					unformatted = unformatted || changed
					continue
				}
				files, err := hclFiles(path, f.recursive)
				if err != nil {
					return &exitError{code: exitUsage, err: err}
				}
				for _, name := range files {
					changed, err := e.fmtFile(name, f)
					if err != nil {
						return err
					}
					unformatted = unformatted || changed
				}
			}
			if f.check && unformatted {
				return exitCode(exitFailed)
			}
			return nil
		},
	}
	c.Flags().BoolVar(&f.check, "check", false, "list files that are not formatted and exit 1; change nothing")
	c.Flags().BoolVar(&f.diff, "diff", false, "print the changes as a unified diff (with --check: change nothing)")
	c.Flags().BoolVarP(&f.recursive, "recursive", "r", false, "also format the .hcl files of subdirectories")
	return c
}

// formatSource formats src, or reports why it cannot (exit 2).
func (e *env) formatSource(name string, src []byte) ([]byte, error) {
	if diags := dhcl.CheckSource(name, src); diags.HasErrors() {
		_ = writeDiagnostics(e.stderr, nil, diags, nil)
		return nil, exitCode(exitUsage)
	}
	if _, diags := hclwrite.ParseConfig(src, name, hcl2.InitialPos); diags.HasErrors() {
		_ = writeDiagnostics(e.stderr, map[string]*hcl2.File{name: {Bytes: src}}, diags, nil)
		return nil, exitCode(exitUsage)
	}
	return hclwrite.Format(src), nil
}

// fmtFile formats one file; changed says whether it was not formatted.
func (e *env) fmtFile(name string, f *fmtFlags) (changed bool, err error) {
	src, err := os.ReadFile(name)
	if err != nil {
		return false, &exitError{code: exitUsage, err: err}
	}
	out, err := e.formatSource(name, src)
	if err != nil {
		return false, err
	}
	if bytes.Equal(src, out) {
		return false, nil
	}
	if f.diff {
		e.stdout.Write(diff.Diff(name, src, name, out))
	} else {
		fmt.Fprintln(e.stdout, name)
	}
	if f.check {
		return true, nil
	}
	if err := os.WriteFile(name, out, 0o644); err != nil {
		return true, &exitError{code: exitFailed, err: err}
	}
	return true, nil
}

// fmtStdin formats standard input to standard output (with --check, only
// says whether it is formatted; with --diff, prints the diff instead).
func (e *env) fmtStdin(f *fmtFlags) (changed bool, err error) {
	const name = "<stdin>"
	src, err := io.ReadAll(e.stdin)
	if err != nil {
		return false, &exitError{code: exitUsage, err: err}
	}
	out, err := e.formatSource(name, src)
	if err != nil {
		return false, err
	}
	changed = !bytes.Equal(src, out)
	switch {
	case f.diff:
		if changed {
			e.stdout.Write(diff.Diff(name, src, name, out))
		}
	case f.check:
		if changed {
			fmt.Fprintln(e.stdout, name)
		}
	default:
		e.stdout.Write(out)
	}
	return changed, nil
}

// hclFiles is path itself, or the .hcl files of the directory path, sorted
// (with recursive, those of its subdirectories too, but for hidden ones
// such as .dagrun and .git).
func hclFiles(path string, recursive bool) ([]string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return []string{path}, nil
	}
	var out []string
	err = filepath.WalkDir(path, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name != path && (!recursive || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(d.Name(), ".hcl") {
			out = append(out, name)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// writePlannedHandler writes a handler of the run: when it runs, and its
// policies and arguments.
func writePlannedHandler(w io.Writer, pp planPipe) {
	when := "after every pipe, if the run " + map[string]string{"success": "succeeded", "failure": "failed or a pipe failed", "cancel": "was cancelled"}[pp.Handler]
	switch pp.Handler {
	case "exit":
		when = "after every pipe and the other handlers"
	case "deadline":
		when = "when a deadline is missed"
	}
	fmt.Fprintf(w, "\n+ handler %q (%s), runs %s\n", pp.Handler, pp.Type, when)
	if pp.Retries > 0 {
		fmt.Fprintf(w, "    retries:    %s\n", retryText(pp))
	}
	if pp.Timeout != "" {
		fmt.Fprintf(w, "    timeout:    %s\n", pp.Timeout)
	}
	for _, a := range pp.Args {
		fmt.Fprintf(w, "    %-11s %s\n", a.Name+":", a.Value)
	}
}
