package executor

// InputView is what a detached Input reads instead of a running scheduler:
// the results of a step's upstreams as they were when the step was let
// start, carried to where its function runs (another engine's worker).
type InputView interface {
	// Upstream is Input.Upstream.
	Upstream(id string) (*Result, bool)
	// Upstreams is Input.Upstreams.
	Upstreams() []*Result
	// Instances is Input.Instances.
	Instances(id string) []*Result
	// Run is Input.Run.
	Run() RunView
}

// DetachedInput returns the Input of a step whose function runs away from
// the scheduler of its run: node, key and attempt as Input has them, and
// what it reads of the run from view.
func DetachedInput(node, key string, attempt int, view InputView) Input {
	return Input{Node: node, Key: key, Attempt: attempt, view: view}
}
