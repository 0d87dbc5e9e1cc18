package executor

import (
	"fmt"

	"github.com/dagrun/dagrun/dag"
)

// Select returns the nodes that targets need: the targets and everything they
// depend on, in the order of nodes (all of them when targets is empty). A
// composite kept as an upstream of a target keeps only its kept steps.
// Targets are ids of nodes. Both engines select with it.
func Select(nodes []Node, targets []string) ([]Node, error) {
	if len(targets) == 0 {
		return nodes, nil
	}
	index := make(map[string]int, len(nodes))
	for i := range nodes {
		index[nodes[i].ID] = i
	}
	for _, t := range targets {
		if _, ok := index[t]; !ok {
			return nil, fmt.Errorf("unknown target %q", t)
		}
	}
	keep := dag.Reach(targets, func(id string) []string {
		if i, ok := index[id]; ok {
			return nodes[i].Deps
		}
		return nil
	})
	var out []Node
	for _, nd := range nodes {
		if !keep[nd.ID] && nd.Handler == NotHandler { // handlers run with any selection
			continue
		}
		if len(nd.Steps) > 0 {
			var steps []string
			for _, m := range nd.Steps {
				if keep[m] {
					steps = append(steps, m)
				}
			}
			nd.Steps = steps
		}
		out = append(out, nd)
	}
	return out, nil
}
