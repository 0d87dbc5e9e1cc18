package server

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"slices"

	"github.com/dagrun/dagrun"
)

// Graph is a pipeline's DAG laid out for drawing: one column per level of
// the engine's own graph (a pipe's level is one more than its deepest
// dependency's), nodes in graph order down each column. The run page and
// `dagrun graph --format svg` both draw this.
type Graph struct {
	Pipeline string       `json:"pipeline"`
	Width    int          `json:"width"`
	Height   int          `json:"height"`
	Nodes    []GraphNode  `json:"nodes"`
	Edges    []GraphEdge  `json:"edges"`
	Groups   []GraphGroup `json:"groups"`
}

// GraphNode is one pipe: a composite's gate, a typed pipe, or a fan-out
// drawn once for all its instances.
type GraphNode struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Level int    `json:"level"`
	// Group is the composite the pipe is a step of, "" at the top level.
	Group     string `json:"group,omitempty"`
	Composite bool   `json:"composite,omitempty"`
	FanOut    bool   `json:"fan_out,omitempty"`
	X         int    `json:"x"`
	Y         int    `json:"y"`
	W         int    `json:"w"`
	H         int    `json:"h"`
}

// GraphEdge is a dependency: From must finish before To starts. Indexes
// are into Nodes.
type GraphEdge struct {
	From int `json:"from"`
	To   int `json:"to"`
	// D is the edge's SVG path.
	D string `json:"d"`
}

// GraphGroup is the box around a composite's steps.
type GraphGroup struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	X     int    `json:"x"`
	Y     int    `json:"y"`
	W     int    `json:"w"`
	H     int    `json:"h"`
}

// Layout sizes, in pixels.
const (
	nodeW  = 180
	nodeH  = 40
	colGap = 70
	rowGap = 18
	margin = 20
	// top leaves room above the first row for a composite's title.
	top     = 44
	groupIn = 8
)

// PipeLabel is how the graph names a pipe: its display path, and a for_each
// pipe as name[*] with its number of instances when they are known at load.
func PipeLabel(p *dagrun.Pipeline, id string) string {
	cfg := p.Config()
	if cfg == nil {
		return id
	}
	cp, ok := cfg.Pipe(id)
	if !ok {
		return id
	}
	if cp.ForEach == nil {
		return cp.Path
	}
	if cp.ForEach.Dynamic {
		return cp.Path + "[*]"
	}
	n := len(cp.ForEach.Keys)
	if n == 1 {
		return cp.Path + "[*] (1 instance)"
	}
	return fmt.Sprintf("%s[*] (%d instances)", cp.Path, n)
}

// LayoutGraph lays out p's graph. label names each node (nil: PipeLabel).
func LayoutGraph(p *dagrun.Pipeline, label func(id string) string) (*Graph, error) {
	g, err := p.Graph()
	if err != nil {
		return nil, err
	}
	if label == nil {
		label = func(id string) string { return PipeLabel(p, id) }
	}
	c := g.Compiled()
	cfg := p.Config()
	out := &Graph{Pipeline: p.Name(), Nodes: make([]GraphNode, c.Len()), Edges: []GraphEdge{}, Groups: []GraphGroup{}}
	levels := c.Levels()
	// Within a level, the steps of composites come first, composite by
	// composite, so that each composite's box holds rows of its own.
	rootOf := func(id string) string { return "" }
	if cfg != nil {
		rootOf = func(id string) string {
			root := ""
			for range 1000 { // nesting depth; the bound only guards against a loop
				cp, ok := cfg.Pipe(id)
				if !ok {
					break
				}
				if cp.Composite {
					root = cp.ID
				}
				if cp.Parent == "" {
					break
				}
				id = cp.Parent
			}
			return root
		}
	}
	firstSeen := map[string]int{}
	for i := range c.Len() {
		if r := rootOf(c.IDs[i]); r != "" {
			if _, ok := firstSeen[r]; !ok {
				firstSeen[r] = len(firstSeen)
			}
		}
	}
	rank := func(i int32) int {
		if r := rootOf(c.IDs[i]); r != "" {
			return firstSeen[r]
		}
		return len(firstSeen)
	}
	sorted := make([][]int32, len(levels))
	for lv, nodes := range levels {
		sorted[lv] = slices.Clone(nodes)
		slices.SortStableFunc(sorted[lv], func(a, b int32) int { return rank(a) - rank(b) })
	}
	levels = sorted
	maxRows := 0
	for lv, nodes := range levels {
		maxRows = max(maxRows, len(nodes))
		for row, i := range nodes {
			id := c.IDs[i]
			n := GraphNode{ID: id, Label: label(id), Level: lv, W: nodeW, H: nodeH,
				X: margin + lv*(nodeW+colGap), Y: top + row*(nodeH+rowGap)}
			if cfg != nil {
				if cp, ok := cfg.Pipe(id); ok {
					n.Group, n.Composite, n.FanOut = cp.Parent, cp.Composite, cp.ForEach != nil
				}
			}
			out.Nodes[i] = n
		}
	}
	for i := range c.Len() {
		for _, j := range c.Successors(i) {
			out.Edges = append(out.Edges, GraphEdge{From: i, To: int(j)})
		}
	}
	for k := range out.Edges {
		out.Edges[k].D = out.edgePath(out.Edges[k])
	}
	// A composite's box holds its steps (at any depth) and its gate.
	if cfg != nil {
		parentOf := func(id string) string {
			if cp, ok := cfg.Pipe(id); ok {
				return cp.Parent
			}
			return ""
		}
		for _, cp := range cfg.Pipes {
			if !cp.Composite {
				continue
			}
			gi, ok := c.Index(cp.ID)
			if !ok {
				continue
			}
			x0, y0, x1, y1 := box(out.Nodes[gi])
			for k := range out.Nodes {
				if within(parentOf, out.Nodes[k].ID, cp.ID) {
					a, b, cc, d := box(out.Nodes[k])
					x0, y0, x1, y1 = min(x0, a), min(y0, b), max(x1, cc), max(y1, d)
				}
			}
			out.Groups = append(out.Groups, GraphGroup{ID: cp.ID, Label: cp.Path,
				X: x0 - groupIn, Y: y0 - groupIn - 14, W: x1 - x0 + 2*groupIn, H: y1 - y0 + 2*groupIn + 14})
		}
	}
	out.Width = 2*margin + len(levels)*(nodeW+colGap) - colGap
	out.Height = top + margin + maxRows*(nodeH+rowGap) - rowGap
	if len(levels) == 0 {
		out.Width, out.Height = 2*margin, top+margin
	}
	return out, nil
}

func box(n GraphNode) (x0, y0, x1, y1 int) { return n.X, n.Y, n.X + n.W, n.Y + n.H }

// within reports whether pipe id is a step of composite parent, at any depth.
func within(parentOf func(string) string, id, parent string) bool {
	for range 1000 { // nesting depth; the bound only guards against a loop
		id = parentOf(id)
		switch id {
		case "":
			return false
		case parent:
			return true
		}
	}
	return false
}

// WriteSVG draws the graph as a standalone SVG picture: groups, edges, then
// nodes, every text escaped.
func (g *Graph) WriteSVG(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n", g.Width, g.Height, g.Width, g.Height)
	fmt.Fprintf(bw, "<title>%s</title>\n", html.EscapeString(g.Pipeline))
	bw.WriteString(`<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#667"/></marker></defs>` + "\n")
	for _, gr := range g.Groups {
		fmt.Fprintf(bw, `<g class="group"><rect x="%d" y="%d" width="%d" height="%d" rx="6" fill="#f4f6fa" stroke="#9aa4b8" stroke-dasharray="4 3"/><text x="%d" y="%d" fill="#445">%s</text></g>`+"\n",
			gr.X, gr.Y, gr.W, gr.H, gr.X+6, gr.Y+12, html.EscapeString(gr.Label))
	}
	for _, e := range g.Edges {
		fmt.Fprintf(bw, `<path class="edge" d="%s" fill="none" stroke="#667" marker-end="url(#arrow)"/>`+"\n", e.D)
	}
	for _, n := range g.Nodes {
		fill, stroke := "#fff", "#556"
		if n.Composite {
			fill = "#eef1f7"
		}
		if n.FanOut {
			// A stack: the instances behind the node.
			fmt.Fprintf(bw, `<rect x="%d" y="%d" width="%d" height="%d" rx="5" fill="%s" stroke="%s"/>`, n.X+6, n.Y-6, n.W, n.H, fill, stroke)
			fmt.Fprintf(bw, `<rect x="%d" y="%d" width="%d" height="%d" rx="5" fill="%s" stroke="%s"/>`, n.X+3, n.Y-3, n.W, n.H, fill, stroke)
		}
		fmt.Fprintf(bw, `<g class="node"><rect x="%d" y="%d" width="%d" height="%d" rx="5" fill="%s" stroke="%s"/><text x="%d" y="%d" text-anchor="middle" dominant-baseline="middle" fill="#112">%s</text></g>`+"\n",
			n.X, n.Y, n.W, n.H, fill, stroke, n.X+n.W/2, n.Y+n.H/2, html.EscapeString(ellipsis(n.Label, 26)))
	}
	bw.WriteString("</svg>\n")
	return bw.Flush()
}

// edgePath is the SVG path of an edge: a curve from the right side of its
// tail to the left side of its head.
func (g *Graph) edgePath(e GraphEdge) string {
	a, b := g.Nodes[e.From], g.Nodes[e.To]
	x0, y0 := a.X+a.W, a.Y+a.H/2
	x1, y1 := b.X, b.Y+b.H/2
	mid := (x0 + x1) / 2
	return fmt.Sprintf("M %d %d C %d %d, %d %d, %d %d", x0, y0, mid, y0, mid, y1, x1, y1)
}

// ellipsis cuts s to n runes, marking the cut.
func ellipsis(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
