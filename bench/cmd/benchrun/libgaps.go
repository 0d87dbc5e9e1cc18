package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// cpuKinds name where a function's CPU time goes, in the order they are
// reported; the first whose test holds takes the function.
var cpuKinds = []struct {
	name string
	is   func(fn string) bool
}{
	{"the metrics collector", func(fn string) bool {
		return strings.HasPrefix(fn, "github.com/dagrun/dagrun/metrics.") || strings.HasPrefix(fn, "sync/atomic.")
	}},
	{"the scheduling core and its local driver (executor, dag)", func(fn string) bool {
		return strings.HasPrefix(fn, "github.com/dagrun/dagrun/executor.") || strings.HasPrefix(fn, "github.com/dagrun/dagrun/dag.")
	}},
	{"clock reads", func(fn string) bool {
		return strings.HasPrefix(fn, "runtime.nanotime") || strings.HasPrefix(fn, "time.")
	}},
	{"the run's lock and goroutines", func(fn string) bool {
		for _, p := range []string{"internal/sync.", "sync.", "runtime.futex", "runtime.lock", "runtime.unlock", "runtime.schedule",
			"runtime.park", "runtime.findRunnable", "runtime.runq", "runtime.usleep", "runtime.procyield", "runtime.osyield",
			"runtime.sema", "runtime.ready", "runtime.goready", "runtime.mcall", "runtime.gopark", "runtime.casgstatus",
			"runtime.newproc", "runtime.goexit", "golang.org/x/sync/"} {
			if strings.HasPrefix(fn, p) {
				return true
			}
		}
		return false
	}},
	{"garbage collection and allocation", func(fn string) bool {
		return strings.HasPrefix(fn, "runtime.") || strings.HasPrefix(fn, "gcWriteBarrier")
	}},
}

// asyncPreempt is where a goroutine stopped by an asynchronous preemption
// resumes. Its samples belong to the code it interrupted: with
// GODEBUG=asyncpreemptoff=1 they move there, at the same CPU time. It is
// left out of the kinds.
const asyncPreempt = "runtime.asyncPreempt"

// cpuShares sums the flat shares of a CPU profile's top functions by kind,
// in cpuKinds' order (what no kind takes is left out, and asyncPreempt).
func cpuShares(es []topEntry) []float64 {
	shares := make([]float64, len(cpuKinds))
	for _, e := range es {
		if e.Name == asyncPreempt {
			continue
		}
		for k, kind := range cpuKinds {
			if kind.is(e.Name) {
				shares[k] += e.Flat
				break
			}
		}
	}
	return shares
}

// profileTop returns the parsed top of the suite's profile called name
// ("lib-chain-100k-metrics cpu"), and its file; nil when the run wrote none.
func (b *bench) profileTop(name string) ([]topEntry, string) {
	for _, pr := range b.res.Profiles {
		if pr.Name == name {
			return parseTop(pr.Top), relPath(b.root, pr.File)
		}
	}
	return nil, ""
}

// cpuSummary is one sentence on a CPU profile: its shares by kind and its
// top entries; "" without the profile.
func (b *bench) cpuSummary(name string) string {
	es, file := b.profileTop(name)
	if len(es) == 0 {
		return ""
	}
	shares := cpuShares(es)
	var parts []string
	for k, kind := range cpuKinds {
		if shares[k] >= 0.5 {
			parts = append(parts, fmt.Sprintf("%s %.0f%%", kind.name, shares[k]))
		}
	}
	note := ""
	for _, e := range es {
		if e.Name == asyncPreempt {
			note = fmt.Sprintf(" (`%s`, %.1f%%, is time of the code it interrupted, left out)", asyncPreempt, e.Flat)
		}
	}
	return fmt.Sprintf("CPU profile `%s` (flat time of its top functions): %s%s; top entries %s.", file, strings.Join(parts, ", "), note, topList(es, 6))
}

// topList is the first n entries of a profile's top: function, flat share.
func topList(es []topEntry, n int) string {
	var parts []string
	for _, e := range es[:min(n, len(es))] {
		parts = append(parts, fmt.Sprintf("`%s` %.1f%%", strings.TrimPrefix(e.Name, "github.com/dagrun/dagrun/"), e.Flat))
	}
	return strings.Join(parts, ", ")
}

// heapSummary is one sentence on an in-use heap profile: its top entries
// with their sizes; "" without the profile.
func (b *bench) heapSummary(name string) string {
	es, file := b.profileTop(name)
	if len(es) == 0 {
		return ""
	}
	var parts []string
	for _, e := range es[:min(6, len(es))] {
		parts = append(parts, fmt.Sprintf("`%s` %s", strings.TrimPrefix(e.Name, "github.com/dagrun/dagrun/"), inMB(e.Value)))
	}
	return fmt.Sprintf("heap in use after the run (`%s`): %s.", file, strings.Join(parts, ", "))
}

// inMB writes a size as pprof prints it (25051.14kB, 24.48MB) in MB; as
// given when it is not one.
func inMB(size string) string {
	for _, u := range []struct {
		suffix string
		scale  float64
	}{{"kB", 1.0 / 1024}, {"MB", 1}, {"GB", 1024}, {"B", 1.0 / (1024 * 1024)}} {
		if v, err := strconv.ParseFloat(strings.TrimSuffix(size, u.suffix), 64); strings.HasSuffix(size, u.suffix) && err == nil {
			return fmt.Sprintf("%.1f MB", v*u.scale)
		}
	}
	return size
}

// libGapsMarkdown writes, for the library targets the run did not meet,
// what stands in the way (the measurement and, with -profile, the
// profiles' top entries) and what would remove it.
func (b *bench) libGapsMarkdown(p func(string, ...any)) {
	var perNodeGaps []string
	for _, k := range []struct {
		kind         string
		with, withou float64
		taskflowLim  float64
	}{{"chain", 150, 100, 6}, {"wide", 200, 120, 4}} {
		r := b.lib(k.kind)
		if r == nil || len(r.Variants[libMetrics]) == 0 || len(r.Variants[libDagrun]) == 0 {
			continue
		}
		v, w := r.nsPerNode(libMetrics), r.nsPerNode(libDagrun)
		tf := r.nsPerNode(libTaskflow)
		ratioMet := math.IsNaN(tf) || r.ratio(libTaskflow, libMetrics) >= k.taskflowLim
		if v <= k.with && w <= k.withou && ratioMet {
			continue
		}
		s := fmt.Sprintf("- **%s 100k**: %s per node with metrics (limit %.0f ns), %s without (limit %.0f ns); a run allocates %.0f bytes per node.",
			k.kind, fns(v), k.with, fns(w), k.withou, r.bytesPerNode(libDagrun))
		if !math.IsNaN(tf) {
			s += fmt.Sprintf(" go-taskflow takes %s per node in the same rounds: its ≥ %.0f× target asks for dagrun+metrics at ≤ %s per node.", fns(tf), k.taskflowLim, fns(tf/k.taskflowLim))
		}
		if c := b.cpuSummary("lib-" + k.kind + "-100k-metrics cpu"); c != "" {
			s += " With metrics, " + c
		}
		if c := b.cpuSummary("lib-" + k.kind + "-100k cpu"); c != "" {
			s += " Without, " + c
		}
		perNodeGaps = append(perNodeGaps, s)
	}
	rssOf := map[string]int64{}
	for _, s := range b.res.LibRSS {
		if s.Err == "" && s.RSSKB > 0 {
			rssOf[s.Name] = s.RSSKB
		}
	}
	rssGap := ""
	if with, ok := rssOf[libMetrics]; ok && (float64(with)/1024 > 60 || float64(rssOf[libDagrun])/1024 > 30) {
		rssGap = fmt.Sprintf("- **peak RSS of a 100k chain**: %s with metrics (limit 60 MB), %s without (limit 30 MB).", fmb(with), fmb(rssOf[libDagrun]))
		if without, ok := rssOf[libDagrun]; ok && with > without {
			rssGap += fmt.Sprintf(" The collector adds %s: with it the 60 MB limit asks for a run at %s without it.", fmb(with-without), fmb(max(0, 60*1024-(with-without))))
		}
		if floor, ok := rssOf[libFloor]; ok {
			rssGap += fmt.Sprintf(" The same process with a graph of one node takes %s: under the 30 MB limit, the 100k nodes have %s for all they need.", fmb(floor), fmb(max(0, 30*1024-floor)))
		}
		if h := b.heapSummary("lib-chain-100k-once heap"); h != "" {
			rssGap += " Without metrics, " + h
		}
		if h := b.heapSummary("lib-chain-100k-once-metrics heap"); h != "" {
			rssGap += " With metrics, " + h
		}
	}
	if len(perNodeGaps) == 0 && rssGap == "" {
		return
	}
	p("### What stands in the way of the library targets")
	p("")
	if len(b.res.Profiles) == 0 {
		p("This run wrote no profiles: `make bench PROFILE=1` adds their top entries here.")
		p("")
	}
	for _, s := range perNodeGaps {
		p("%s", s)
	}
	if rssGap != "" {
		p("%s", rssGap)
	}
	p("")
	if len(perNodeGaps) > 0 {
		p("Time per node. Every run allocates its results, a 192-byte `executor.Result` per node (four strings, a cty.Value, an error, two time.Time), and the nodes' 64-byte state, all of it with pointers. That allocation sets how often the garbage collector runs, and each cycle marks the graph's nodes and the results again, with write barriers on the pointers the run writes meanwhile; the first touch of a node's result is a cache miss of its own on a graph this size (`Step.Input` reads its attempt count). Clock reads are one per attempt's end, kept for the durations. The collector's share is three events per node (attempt started, attempt finished, pipe finished), each a 208-byte `executor.Event` filled and copied through the Observer interface, then some eight atomic adds into the pipe's 192-byte block of series, whose first touch per pipe is a cache miss. On wide, eight workers on two CPUs also take the run's mutex once per node.")
		p("")
		p("Proposal: the scheduling core keeps one compact record per node (status, reason and attempts as small integers, start and end as offsets from the run's start; about 32 bytes without pointers, which the GC does not scan), with outputs and errors in a side table for the nodes that have them. `Report.Results` becomes a method that builds the `[]Result` on demand (its callers change mechanically), and `Input.Upstream` builds the one result it returns. A run then allocates about 96 bytes per node instead of 256, and its results leave the GC's scan. For the collector: events by pointer (`Observer.Event(*Event)`, one event filled once for every observer), and one update for a node that ends at its first attempt (attempt and pipe counted together).")
		p("")
	}
	if rssGap != "" {
		p("Peak RSS. The caller's own `[]executor.Node` (`main.nodes` in libbench: 240 bytes a node, plus its id and its dependencies) is about 25 MB of a 100k chain, more than what the 30 MB leave the nodes once the process itself is counted; the graph keeps it as given. The run's results take 192 bytes a node (19 MB), the nodes' state 64 (6 MB), the compiled graph about 10 MB, and the collector's series 192 bytes a pipe (its histograms in place) plus the index of pipe names. The peak is above what is live by the garbage of the build and the GC's headroom (GOGC=100).")
		p("")
		p("Proposal: the compact per-node records above (19 MB of results become about 3 MB); a way to give the graph its nodes without a slice of full `Node`s (a count and a function that returns node i, or one shared Node with per-node ids and dependencies), which takes the caller's 25 MB to a few for a graph of uniform nodes. The collector's 192 bytes a pipe stay (every pipe of the run has its series).")
		p("")
	}
}
