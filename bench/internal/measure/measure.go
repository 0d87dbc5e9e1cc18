// Package measure times in-process benchmark loops the same way for dagrun and
// its peers (a warm-up, then iterations until a minimum time; the median
// iteration; allocations per iteration) and prints the result as one JSON line,
// which the runner reads.
package measure

import (
	"encoding/json"
	"io"
	"runtime"
	"slices"
	"time"
)

// Sample is the result of one benchmark loop.
type Sample struct {
	Name          string             `json:"name"`
	Nodes         int                `json:"nodes"`
	Edges         int                `json:"edges"`
	Iters         int                `json:"iters"`
	NsPerOp       float64            `json:"ns_per_op"` // median iteration
	MinNsPerOp    float64            `json:"min_ns_per_op"`
	NsPerNode     float64            `json:"ns_per_node"`
	NsPerEdge     float64            `json:"ns_per_edge,omitempty"`
	AllocsPerOp   float64            `json:"allocs_per_op"`
	BytesPerOp    float64            `json:"bytes_per_op"`
	AllocsPerNode float64            `json:"allocs_per_node"`
	BytesPerNode  float64            `json:"bytes_per_node"`
	Extra         map[string]float64 `json:"extra,omitempty"`
}

// Options bound a loop.
type Options struct {
	MinTime  time.Duration // keep iterating until this much time is spent
	MinIters int           // and at least this many iterations (default 3)
	MaxIters int           // but never more (0: no limit)
	// AfterWarmup, when set, is called between the warm-up and the measured
	// iterations (to start a profiler on the steady state only).
	AfterWarmup func()
}

// Loop runs f once to warm up, then repeatedly; nodes and edges scale the
// per-node and per-edge figures.
func Loop(name string, nodes, edges int, o Options, f func()) Sample {
	if o.MinIters <= 0 {
		o.MinIters = 3
	}
	f()
	if o.AfterWarmup != nil {
		o.AfterWarmup()
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	var durs []float64
	start := time.Now()
	for len(durs) < o.MinIters || time.Since(start) < o.MinTime {
		if o.MaxIters > 0 && len(durs) >= o.MaxIters {
			break
		}
		t := time.Now()
		f()
		durs = append(durs, float64(time.Since(t).Nanoseconds()))
	}
	runtime.ReadMemStats(&after)
	n := float64(len(durs))
	s := Sample{
		Name: name, Nodes: nodes, Edges: edges, Iters: len(durs),
		NsPerOp:     Median(durs),
		MinNsPerOp:  slices.Min(durs),
		AllocsPerOp: float64(after.Mallocs-before.Mallocs) / n,
		BytesPerOp:  float64(after.TotalAlloc-before.TotalAlloc) / n,
	}
	if nodes > 0 {
		s.NsPerNode = s.NsPerOp / float64(nodes)
		s.AllocsPerNode = s.AllocsPerOp / float64(nodes)
		s.BytesPerNode = s.BytesPerOp / float64(nodes)
	}
	if edges > 0 {
		s.NsPerEdge = s.NsPerOp / float64(edges)
	}
	return s
}

// Write prints s as one JSON line.
func (s Sample) Write(w io.Writer) error {
	return json.NewEncoder(w).Encode(s)
}

// Median of xs (0 when empty); xs is not modified.
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}
