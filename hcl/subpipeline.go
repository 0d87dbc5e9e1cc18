package hcl

// subPipe ties a pipe of a sub-pipeline, as the calling pipeline has it
// (its id prefixed with the calling pipe's: sub.child), to the pipe of the
// loaded sub-pipeline that it is: expressions are evaluated by owner, with
// owner's variables, locals and pipes.
type subPipe struct {
	owner  *Pipeline
	local  string // the pipe's id in owner
	prefix string // the calling pipe's id and a dot: owner's pipe x is prefix+x here
}
