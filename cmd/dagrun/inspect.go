package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/spf13/cobra"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/dag"
	dhcl "github.com/dagrun/dagrun/hcl"
	"github.com/dagrun/dagrun/server"
)

func validateCmd(e *env) *cobra.Command {
	var vars varFlags
	c := &cobra.Command{
		Use:   "validate PATH",
		Short: "Check a pipeline and report every diagnostic; nothing runs",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			p, err := e.load(args[0], &vars)
			if err != nil {
				return err
			}
			if _, err := p.Graph(); err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			fmt.Fprintf(e.stdout, "The pipeline %q is valid: %d pipes.\n", p.Name(), len(p.PipeIDs()))
			return nil
		},
	}
	vars.add(c)
	return c
}

func graphCmd(e *env) *cobra.Command {
	var vars varFlags
	format := "dot"
	c := &cobra.Command{
		Use:   "graph PATH",
		Short: "Print the dependency graph as Graphviz DOT, Mermaid or SVG",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if format != "dot" && format != "mermaid" && format != "svg" {
				return usageError("--format %q: want dot, mermaid or svg", format)
			}
			p, err := e.load(args[0], &vars)
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
	Name            string `json:"name"`
	Value           string `json:"value"` // the expression's source text, or a placeholder
	KnownAfterApply bool   `json:"known_after_apply"`
	Sensitive       bool   `json:"sensitive"`
}

type plan struct {
	Pipeline    string     `json:"pipeline"`
	Parallelism int        `json:"parallelism"`
	OnFailure   string     `json:"on_failure"`
	Timeout     string     `json:"timeout,omitempty"`
	Levels      int        `json:"levels"`
	Pipes       []planPipe `json:"pipes"`
}

func planCmd(e *env) *cobra.Command {
	var vars varFlags
	output := "text"
	c := &cobra.Command{
		Use:   "plan PATH",
		Short: "Show the execution plan: order, levels, dependencies, policies; nothing runs",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if output != "text" && output != "json" {
				return usageError("--output %q: want text or json", output)
			}
			p, err := e.load(args[0], &vars)
			if err != nil {
				return err
			}
			pl, err := buildPlan(p)
			if err != nil {
				return &exitError{code: exitUsage, err: err}
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
	pl := &plan{Pipeline: lp.Pipeline, Parallelism: lp.Parallelism, OnFailure: "continue", Levels: lp.Levels}
	if lp.FailFast {
		pl.OnFailure = "fail_fast"
	}
	if lp.Timeout > 0 {
		pl.Timeout = lp.Timeout.String()
	}
	for _, pp := range lp.Pipes {
		pl.Pipes = append(pl.Pipes, planPipeOf(pp))
	}
	return pl, nil
}

func planPipeOf(pp dagrun.PlannedPipe) planPipe {
	out := planPipe{
		ID: pp.ID, Path: pp.Path, Type: pp.Type, Level: pp.Level, DependsOn: pp.DependsOn,
		Trigger: pp.Trigger.String(), Condition: pp.Condition, Retries: pp.Retry.Retries, RetryDelay: pp.Retry.Delay.String(),
		Backoff: pp.Retry.Backoff, MaxDelay: pp.Retry.MaxDelay.String(), Jitter: pp.Retry.Jitter,
		Pool: pp.Pool, Description: pp.Description, InstanceOf: pp.InstanceOf,
	}
	if pp.Timeout > 0 {
		out.Timeout = pp.Timeout.String()
	}
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
		switch {
		case a.Sensitive:
			pa.Value = "(sensitive)"
		case a.KnownAfterApply:
			pa.Value = "(known after apply)"
		default:
			pa.Value = shortExpr(a.Expression)
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
	w := e.stdout
	fmt.Fprintf(w, "Pipeline %q: %d pipes in %d levels, parallelism %d, on_failure %s", pl.Pipeline, len(pl.Pipes), pl.Levels, pl.Parallelism, pl.OnFailure)
	if pl.Timeout != "" {
		fmt.Fprintf(w, ", timeout %s", pl.Timeout)
	}
	fmt.Fprintln(w)
	for _, pp := range pl.Pipes {
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
			fmt.Fprintf(w, "    retries:    %d, delay %s, backoff %g, max delay %s, jitter %g\n", pp.Retries, pp.RetryDelay, pp.Backoff, pp.MaxDelay, pp.Jitter)
			if pp.Timeout != "" {
				fmt.Fprintf(w, "    timeout:    %s\n", pp.Timeout)
			}
		}
		if pp.Pool != "" {
			fmt.Fprintf(w, "    pool:       %s\n", pp.Pool)
		}
		for _, a := range pp.Args {
			fmt.Fprintf(w, "    %-11s %s\n", a.Name+":", a.Value)
		}
	}
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

func fmtCmd(e *env) *cobra.Command {
	check := false
	c := &cobra.Command{
		Use:   "fmt PATH",
		Short: "Rewrite pipeline files in canonical HCL style (--check: only report)",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			files, err := hclFiles(args[0])
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			changed := 0
			for _, name := range files {
				src, err := os.ReadFile(name)
				if err != nil {
					return &exitError{code: exitUsage, err: err}
				}
				if diags := dhcl.CheckSource(name, src); diags.HasErrors() {
					_ = writeDiagnostics(e.stderr, nil, diags, nil)
					return exitCode(exitUsage)
				}
				if _, diags := hclwrite.ParseConfig(src, name, hcl2.InitialPos); diags.HasErrors() {
					_ = writeDiagnostics(e.stderr, map[string]*hcl2.File{name: {Bytes: src}}, diags, nil)
					return exitCode(exitUsage)
				}
				out := hclwrite.Format(src)
				if bytes.Equal(src, out) {
					continue
				}
				changed++
				fmt.Fprintln(e.stdout, name)
				if check {
					continue
				}
				if err := os.WriteFile(name, out, 0o644); err != nil {
					return &exitError{code: exitFailed, err: err}
				}
			}
			if check && changed > 0 {
				return exitCode(exitFailed)
			}
			return nil
		},
	}
	c.Flags().BoolVar(&check, "check", false, "list files that are not formatted and exit 1; change nothing")
	return c
}

// hclFiles is path itself, or the .hcl files of the directory path, sorted.
func hclFiles(path string) ([]string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return []string{path}, nil
	}
	ents, err := os.ReadDir(path)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, ent := range ents {
		if !ent.IsDir() && strings.HasSuffix(ent.Name(), ".hcl") {
			out = append(out, filepath.Join(path, ent.Name()))
		}
	}
	sort.Strings(out)
	return out, nil
}
