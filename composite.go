package dagrun

// expandTargets is what the targets mean (see hcl.Pipeline.ExpandTargets).
func (p *Pipeline) expandTargets(targets []string) []string {
	if p.config == nil {
		return targets
	}
	return p.config.ExpandTargets(targets)
}

// workIDs are the pipes that do work (composite gates left out): the series
// metrics start at zero.
func (p *Pipeline) workIDs() []string {
	ids := make([]string, 0, len(p.nodes))
	for i := range p.nodes {
		if p.nodes[i].Task != nil || p.nodes[i].Expand != nil {
			ids = append(ids, p.nodes[i].ID)
		}
	}
	return ids
}
