package dag

import (
	"bufio"
	"encoding/json"
	"io"
	"strconv"
	"strings"
)

// DrawOptions shape the DOT and Mermaid output.
type DrawOptions struct {
	// Name names the graph (DOT graph id, Mermaid title); "" for none.
	Name string
	// Label gives the text shown for node i; nil shows the id.
	Label func(i int) string
	// Group puts node i in a named cluster (DOT) or subgraph (Mermaid); ""
	// or a nil Group leaves it at the top level.
	Group func(i int) string
}

// groups assigns each node a group number (-1 for none) and returns the group
// names in order of their first node.
func (c *Compiled) groups(opts DrawOptions) (of []int, names []string) {
	of = make([]int, len(c.IDs))
	if opts.Group == nil {
		for i := range of {
			of[i] = -1
		}
		return of, nil
	}
	num := map[string]int{}
	for i := range of {
		name := opts.Group(i)
		if name == "" {
			of[i] = -1
			continue
		}
		k, ok := num[name]
		if !ok {
			k = len(names)
			num[name] = k
			names = append(names, name)
		}
		of[i] = k
	}
	return of, names
}

// WriteDOT writes the graph in Graphviz DOT: ungrouped nodes, then one
// "cluster_N" subgraph per group in order of first appearance, then the edges,
// everything in index order. Every id is a quoted string, so ids may hold any
// character.
func (c *Compiled) WriteDOT(w io.Writer, opts DrawOptions) error {
	// Written by hand rather than with dominikbraun/graph's draw.DOT: that
	// walks Go maps (its output changes from run to run, which rules out
	// golden files and diffs), puts ids and attribute values between quotes
	// without escaping them (an id with a '"' gives invalid DOT), and has no
	// clusters.
	bw := bufio.NewWriter(w)
	group, names := c.groups(opts)
	bw.WriteString("digraph ")
	if opts.Name != "" {
		bw.WriteString(dotQuote(opts.Name))
		bw.WriteByte(' ')
	}
	bw.WriteString("{\n")
	node := func(indent string, i int) {
		bw.WriteString(indent)
		bw.WriteString(dotQuote(c.IDs[i]))
		if opts.Label != nil {
			if label := opts.Label(i); label != c.IDs[i] {
				bw.WriteString(" [label=")
				bw.WriteString(dotQuote(label))
				bw.WriteByte(']')
			}
		}
		bw.WriteString(";\n")
	}
	for i := range c.IDs {
		if group[i] < 0 {
			node("\t", i)
		}
	}
	for k, name := range names {
		bw.WriteString("\tsubgraph \"cluster_" + strconv.Itoa(k) + "\" {\n")
		bw.WriteString("\t\tlabel=" + dotQuote(name) + ";\n")
		for i := range c.IDs {
			if group[i] == k {
				node("\t\t", i)
			}
		}
		bw.WriteString("\t}\n")
	}
	for i := range c.IDs {
		from := dotQuote(c.IDs[i])
		for _, s := range c.Successors(i) {
			bw.WriteString("\t" + from + " -> " + dotQuote(c.IDs[s]) + ";\n")
		}
	}
	bw.WriteString("}\n")
	return bw.Flush()
}

// dotQuote makes a DOT double-quoted string. DOT itself only gives '"' a
// meaning after a backslash, but a trailing backslash would swallow the
// closing quote and labels interpret escapes like \N and \l, so backslashes
// are doubled too; newlines become \n.
var dotQuoter = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`)

func dotQuote(s string) string { return `"` + dotQuoter.Replace(s) + `"` }

// WriteMermaid writes the graph as a Mermaid flowchart (top to bottom). Nodes
// get generated ids (n0, n1, ... by index) and show their id, or label, as
// quoted text; groups become subgraphs g0, g1, ... in order of first
// appearance. The name, if any, is the diagram's title.
func (c *Compiled) WriteMermaid(w io.Writer, opts DrawOptions) error {
	bw := bufio.NewWriter(w)
	group, names := c.groups(opts)
	if opts.Name != "" {
		// A JSON string is a YAML double-quoted scalar.
		title, _ := json.Marshal(opts.Name)
		bw.WriteString("---\ntitle: ")
		bw.Write(title)
		bw.WriteString("\n---\n")
	}
	bw.WriteString("flowchart TD\n")
	node := func(indent string, i int) {
		label := c.IDs[i]
		if opts.Label != nil {
			label = opts.Label(i)
		}
		bw.WriteString(indent + "n" + strconv.Itoa(i) + "[" + mermaidQuote(label) + "]\n")
	}
	for i := range c.IDs {
		if group[i] < 0 {
			node("    ", i)
		}
	}
	for k, name := range names {
		bw.WriteString("    subgraph g" + strconv.Itoa(k) + "[" + mermaidQuote(name) + "]\n")
		for i := range c.IDs {
			if group[i] == k {
				node("        ", i)
			}
		}
		bw.WriteString("    end\n")
	}
	for i := range c.IDs {
		from := "n" + strconv.Itoa(i)
		for _, s := range c.Successors(i) {
			bw.WriteString("    " + from + " --> n" + strconv.Itoa(int(s)) + "\n")
		}
	}
	return bw.Flush()
}

// mermaidQuote makes Mermaid quoted text. Mermaid has no backslash escapes;
// characters that would end the string or be read as markup (HTML, Markdown
// strings, entity codes) are written as its decimal entity codes (#34; for
// '"'), and a line break as <br>.
var mermaidQuoter = strings.NewReplacer(
	`"`, "#34;",
	"#", "#35;",
	"&", "#38;",
	"<", "#60;",
	">", "#62;",
	"`", "#96;",
	"\n", "<br>",
	"\r", "",
)

func mermaidQuote(s string) string { return `"` + mermaidQuoter.Replace(s) + `"` }
