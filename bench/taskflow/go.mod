module github.com/dagrun/dagrun/bench/taskflow

go 1.26.0

require (
	github.com/dagrun/dagrun v0.0.0
	github.com/noneback/go-taskflow v1.2.0
)

replace github.com/dagrun/dagrun => ../..
