package metrics

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/dagrun/dagrun/executor"
)

// Default histogram buckets, in seconds. A pipe may be a 50 ms HTTP call or a
// six-hour batch job, so the buckets grow roughly ×2–×3 from 100 ms to 6 h: an
// even spread on a log scale keeps p50/p95 estimates within about a factor of two
// at every scale while costing 16 series per histogram. Queue waits are usually
// much shorter (a slot frees up when another pipe ends) but can reach the length
// of a pipe when a pool is saturated, so their buckets start at 10 ms.
func defaultDurationBuckets() []float64 {
	return []float64{0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 21600}
}

func defaultQueueBuckets() []float64 {
	return []float64{0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600}
}

// Options tune a Collector.
type Options struct {
	// Version is the dagrun version reported by dagrun_build_info ("" = "unknown").
	Version string
	// DurationBuckets overrides the buckets of the pipe, attempt and pipeline
	// duration histograms; nil means the defaults (100 ms to 6 h).
	DurationBuckets []float64
	// QueueBuckets overrides the buckets of dagrun_pipe_queue_seconds.
	QueueBuckets []float64
	// Now is the clock used for events that carry no time; nil means time.Now.
	Now func() time.Time
}

// Collector turns the events of one pipeline's runs into dagrun's metrics (the
// names of names.go).
// It is an executor.Observer (pass it as Options.Observer of every run of the
// pipeline) and a prometheus.Collector.
//
// Every series carries the pipeline as a constant label, so the Collectors of
// different pipelines register side by side on one registry (what `dagrun serve`
// does): the registry sees descriptors with the same names and label names but
// different constant label values, which it accepts. Registering two Collectors
// of the same pipeline on one registry fails with prometheus.AlreadyRegisteredError.
//
// The per-pipe series are not client_golang vectors: a pipe's counters, gauges
// and histogram buckets are plain atomics in one pipeStats, found from an event
// through the event's dense node index, and turned into constant metrics only
// when scraped. An event then costs a few atomic adds, and a pipe a few hundred
// bytes, where the vectors cost a label-hash lookup per metric and several
// kilobytes per pipe (1.0 µs per pipe run and 1 GB for 100k pipes).
//
// A Collector is safe for concurrent use; runs may overlap.
type Collector struct {
	pipeline  string
	version   string
	goVersion string
	now       func() time.Time
	durations []float64 // upper bounds of the duration histograms
	queue     []float64 // upper bounds of the queue histogram
	// The same bounds as the longest durations each bucket holds: an
	// observation finds its bucket with integer compares.
	durationsNs, queueNs []time.Duration

	mu     sync.Mutex
	byName map[string]*pipeStats // pipe name → stats; guarded by mu
	all    []*pipeStats          // in creation order; guarded by mu
	slots  atomic.Pointer[[]*slotChunk]

	pipeRuns, pipeAttempts, pipeRetries, pipeDuration, pipeAttemptDuration,
	pipeQueue, pipeRunning, pipeLastSuccess *prometheus.Desc

	runs        *prometheus.CounterVec
	runDuration prometheus.Histogram
	running     prometheus.Gauge
	lastRun     *prometheus.GaugeVec
	deadlines   deadlineMetrics
}

var (
	_ executor.Observer    = (*Collector)(nil)
	_ prometheus.Collector = (*Collector)(nil)
)

// New returns a Collector for the pipeline called pipeline (the pipeline
// block's label, or the file's base name without .hcl). The pipeline-level series
// (runs per status, running) exist, at zero, from the start.
func New(pipeline string, opts Options) *Collector {
	durations := opts.DurationBuckets
	if durations == nil {
		durations = defaultDurationBuckets()
	}
	queue := opts.QueueBuckets
	if queue == nil {
		queue = defaultQueueBuckets()
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	version := opts.Version
	if version == "" {
		version = "unknown"
	}
	cl := prometheus.Labels{LabelPipeline: pipeline}
	pipeLabels := []string{LabelPipe}

	c := &Collector{
		pipeline:  pipeline,
		version:   version,
		goVersion: runtime.Version(),
		now:       now,
		durations: bounds(durations),
		queue:     bounds(queue),
		byName:    map[string]*pipeStats{},

		pipeRuns: prometheus.NewDesc(PipeRunsTotal,
			"Pipes that finished, by final status (succeeded, failed, skipped, cancelled, up_to_date). for_each instances count one each.",
			[]string{LabelPipe, LabelStatus}, cl),
		pipeAttempts: prometheus.NewDesc(PipeAttemptsTotal,
			"Pipe attempts that finished, by result (ok, error, timeout).",
			[]string{LabelPipe, LabelResult}, cl),
		pipeRetries: prometheus.NewDesc(PipeRetriesTotal,
			"Retries scheduled after a failed pipe attempt.", pipeLabels, cl),
		pipeDuration: prometheus.NewDesc(PipeDurationSeconds,
			"Duration of a whole pipe, from its first attempt's start to its end, retries and back-off included. Pipes that never started are not observed.",
			[]string{LabelPipe, LabelStatus}, cl),
		pipeAttemptDuration: prometheus.NewDesc(PipeAttemptDurationSeconds,
			"Duration of one pipe attempt.", pipeLabels, cl),
		pipeQueue: prometheus.NewDesc(PipeQueueSeconds,
			"Time a pipe attempt waited for a parallelism or pool slot, from ready to started.", pipeLabels, cl),
		pipeRunning: prometheus.NewDesc(PipeRunning,
			"Pipe attempts running now.", pipeLabels, cl),
		pipeLastSuccess: prometheus.NewDesc(PipeLastSuccessTimestampSeconds,
			"Unix time at which the pipe last succeeded.", pipeLabels, cl),

		runs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name:        PipelineRunsTotal,
			Help:        "Pipeline runs that finished, by status (succeeded, failed, cancelled).",
			ConstLabels: cl,
		}, []string{LabelStatus}),
		runDuration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:        PipelineDurationSeconds,
			Help:        "Duration of a pipeline run.",
			ConstLabels: cl,
			Buckets:     durations,
		}),
		running: prometheus.NewGauge(prometheus.GaugeOpts{
			Name:        PipelineRunning,
			Help:        "Runs of the pipeline in progress.",
			ConstLabels: cl,
		}),
		lastRun: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name:        PipelineLastRunTimestampSeconds,
			Help:        "Unix time at which a run of the pipeline last finished with the status.",
			ConstLabels: cl,
		}, []string{LabelStatus}),
	}
	c.durationsNs, c.queueNs = boundsNs(c.durations), boundsNs(c.queue)
	for _, s := range pipelineStatuses {
		c.runs.WithLabelValues(s)
	}
	c.deadlines = newDeadlineMetrics(cl)
	return c
}

// bounds returns the sorted bucket bounds without +Inf, as client_golang's
// histograms use them (they add +Inf themselves).
func bounds(b []float64) []float64 {
	b = slices.Clone(b)
	slices.Sort(b)
	b = slices.Compact(b)
	if n := len(b); n > 0 && math.IsInf(b[n-1], +1) {
		b = b[:n-1]
	}
	return b
}

// boundsNs returns, for each bound, the longest duration whose seconds are
// at most the bound: d falls above bound b exactly when d > boundsNs(b), as
// d.Seconds() > b would say.
func boundsNs(b []float64) []time.Duration {
	out := make([]time.Duration, len(b))
	for i, v := range b {
		switch {
		case v >= float64(math.MaxInt64)/1e9:
			out[i] = math.MaxInt64
			continue
		case v <= float64(math.MinInt64)/1e9:
			out[i] = math.MinInt64
			continue
		}
		d := time.Duration(math.Floor(v * 1e9))
		for d < math.MaxInt64 && (d+1).Seconds() <= v {
			d++
		}
		for d > math.MinInt64 && d.Seconds() > v {
			d--
		}
		out[i] = d
	}
	return out
}

// Pipeline returns the pipeline name the Collector labels its series with.
func (c *Collector) Pipeline() string { return c.pipeline }

// Register registers c on reg, and dagrun_build_info unless a Collector with the
// same version already did. It is the only way the package touches a registry.
func (c *Collector) Register(reg prometheus.Registerer) error {
	if err := reg.Register(c); err != nil {
		return err
	}
	info := prometheus.NewGauge(prometheus.GaugeOpts{
		Name:        BuildInfo,
		Help:        "A metric with a constant '1' value labelled by the dagrun version and the Go version it was built with.",
		ConstLabels: prometheus.Labels{LabelVersion: c.version, LabelGoVersion: c.goVersion},
	})
	info.Set(1)
	if err := reg.Register(info); err != nil {
		var already prometheus.AlreadyRegisteredError
		if !errors.As(err, &already) {
			reg.Unregister(c)
			return err
		}
	}
	return nil
}

// ForPipeline returns the Collector of the pipeline called pipeline on reg,
// made and registered the first time and the same one after (runs of a
// pipeline share its series on a registry), with the series of pipes at zero
// (see Init). pipes are the pipes that do work, composites left out: a
// composite has no series of its own (dagrun.Pipeline.WorkIDs lists them).
// version is what dagrun_build_info reports when the Collector is made.
//
// Every caller that puts a pipeline's metrics on a registry goes through it,
// so a pipeline has the same series however it is run.
func ForPipeline(reg prometheus.Registerer, pipeline string, pipes []string, version string) (*Collector, error) {
	c := New(pipeline, Options{Version: version})
	if err := c.Register(reg); err != nil {
		var are prometheus.AlreadyRegisteredError
		if !errors.As(err, &are) {
			return nil, fmt.Errorf("metrics of pipeline %q: %w", pipeline, err)
		}
		existing, ok := are.ExistingCollector.(*Collector)
		if !ok {
			return nil, fmt.Errorf("metrics of pipeline %q: %w", pipeline, err)
		}
		c = existing
	}
	c.Init(pipes)
	return c, nil
}

func (c *Collector) pipelineCollectors() []prometheus.Collector {
	return append([]prometheus.Collector{c.runs, c.runDuration, c.running, c.lastRun}, c.deadlines.collectors()...)
}

// Describe implements prometheus.Collector.
func (c *Collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.pipeRuns, c.pipeAttempts, c.pipeRetries, c.pipeDuration,
		c.pipeAttemptDuration, c.pipeQueue, c.pipeRunning, c.pipeLastSuccess} {
		ch <- d
	}
	for _, m := range c.pipelineCollectors() {
		m.Describe(ch)
	}
}

// Collect implements prometheus.Collector. The per-pipe series are read from
// their atomics: each value is exact, though a scrape during a run may see one
// series a moment later than another (as with any set of client_golang metrics).
func (c *Collector) Collect(ch chan<- prometheus.Metric) {
	c.mu.Lock()
	all := slices.Clone(c.all)
	c.mu.Unlock()
	for _, ps := range all {
		c.collectPipe(ch, ps)
	}
	for _, m := range c.pipelineCollectors() {
		m.Collect(ch)
	}
}

func (c *Collector) collectPipe(ch chan<- prometheus.Metric, ps *pipeStats) {
	has := ps.present.Load()
	if has&bitRunning != 0 {
		ch <- prometheus.MustNewConstMetric(c.pipeRunning, prometheus.GaugeValue, float64(ps.runningNow()), ps.name)
	}
	if has&bitLastSuccess != 0 {
		ch <- prometheus.MustNewConstMetric(c.pipeLastSuccess, prometheus.GaugeValue, float64(ps.lastSuccess.Load())/1e9, ps.name)
	}
	if has&bitRetries != 0 {
		ch <- prometheus.MustNewConstMetric(c.pipeRetries, prometheus.CounterValue, float64(ps.retries()), ps.name)
	}
	for i := range ps.attempts {
		if has&(bitAttempts<<i) != 0 {
			ch <- prometheus.MustNewConstMetric(c.pipeAttempts, prometheus.CounterValue, float64(ps.attempts[i].Load()), ps.name, attemptResults[i])
		}
	}
	for i := range pipeStatusIndex {
		if has&(bitRuns<<i) != 0 {
			ch <- prometheus.MustNewConstMetric(c.pipeRuns, prometheus.CounterValue, float64(ps.runsOf(i)), ps.name, pipeStatuses[i])
		}
		if h := ps.durationOf(i, has); h != nil {
			m := h.metric(c.pipeDuration, c.durations, ps.name, pipeStatuses[i])
			if ex := ps.exemplars(); ex != nil {
				m = withExemplar(m, &ex.duration[i])
			}
			ch <- m
		}
	}
	if has&bitAttemptHist != 0 {
		m := ps.attemptDur.metric(c.pipeAttemptDuration, c.durations, ps.name)
		if ex := ps.exemplars(); ex != nil {
			m = withExemplar(m, &ex.attempt)
		}
		ch <- m
	}
	if has&bitQueueHist != 0 {
		ch <- ps.queueWait.metric(c.pipeQueue, c.queue, ps.name)
	}
}

// Init creates the series of the given pipes (series names: Node.Pipe) at zero,
// so that rate() and absent() see them before the first event: runs per status,
// attempts per result, retries and running. Pipes that appear later (a pipe
// added to the file) get their series on their first event.
func (c *Collector) Init(pipes []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	fresh := make([]string, 0, len(pipes))
	for _, p := range pipes {
		if ps, ok := c.byName[p]; ok {
			if ps != nil {
				ps.present.Or(bitsInit)
			}
			continue
		}
		c.byName[p] = nil // a duplicate in pipes gets one pipeStats
		fresh = append(fresh, p)
	}
	stats := c.newStatsLocked(fresh)
	for k := range stats {
		stats[k].present.Store(bitsInit)
	}
}

// pipeStats holds one pipe's series (for_each instances share their pipe's).
// present has a bit per series that exists: those of Init exist at zero before
// any event, the others from their first event.
//
// What every pipe that runs and succeeds updates is in the block itself,
// three cache lines, the first of them the counters, the others its three
// histograms; what most pipes never have (retries, runs that did not
// succeed, exemplars) is in a block of its own, allocated on its first use:
// with 100k pipes, a line of the block is a cache miss.
type pipeStats struct {
	name    string
	present atomic.Uint32
	// started counts attempts that started; those running are the
	// started ones that have not finished (attempts, rare.otherEnded): one
	// atomic add per attempt's start and end, not two.
	started     atomic.Int64
	lastSuccess atomic.Int64 // Unix nanoseconds
	attempts    [len(attemptResultIndex)]atomic.Uint64

	// The histograms every pipe that runs and succeeds has, in the pipe's
	// own memory: an event touches one block, not one allocation per series
	// (with 100k pipes each was a cache miss).
	queueWait, attemptDur, succeeded histogram
	rare                             atomic.Pointer[pipeRare]
	// The size is a whole number of cache lines (TestPipeStatsSize): pipes
	// that run at once on different CPUs then share no line (their
	// atomics would make it bounce between the CPUs).
}

// pipeRare holds the series of a pipe that most pipes never have.
type pipeRare struct {
	otherEnded atomic.Int64 // attempts that ended with an unknown result
	retries    atomic.Uint64
	// otherRuns[i-1] counts the runs of status slot i; succeeded runs
	// (slot 0) are counted by the succeeded histogram (every one is
	// observed there).
	otherRuns [len(pipeStatusIndex) - 1]atomic.Uint64
	// The durations of failed, skipped and cancelled runs, allocated when
	// first observed.
	otherDur [len(pipeStatusIndex) - 1]atomic.Pointer[histogram]
	// The last traced observations, allocated on the first one (runs
	// with tracing on only).
	exemplars atomic.Pointer[pipeExemplars]
}

// rareOf returns the pipe's rare series, allocating them.
func (ps *pipeStats) rareOf() *pipeRare {
	return loadOrNew(&ps.rare, func() *pipeRare { return new(pipeRare) })
}

// exemplars returns the pipe's last traced observations, nil if it has none.
func (ps *pipeStats) exemplars() *pipeExemplars {
	if r := ps.rare.Load(); r != nil {
		return r.exemplars.Load()
	}
	return nil
}

// retries is the number of the pipe's retries.
func (ps *pipeStats) retries() uint64 {
	if r := ps.rare.Load(); r != nil {
		return r.retries.Load()
	}
	return 0
}

const (
	bitRunning uint32 = 1 << iota
	bitLastSuccess
	bitRetries
	bitAttempts // len(attemptResultIndex) bits from here
	bitRuns     = bitAttempts << len(attemptResultIndex)
	bitsInit    = bitRunning | bitRetries | (1<<len(attemptResultIndex)-1)*bitAttempts | (1<<len(pipeStatusIndex)-1)*bitRuns
	// The histograms of pipeStats that exist from creation but are only
	// exposed from their first observation.
	bitQueueHist     = bitRuns << len(pipeStatusIndex)
	bitAttemptHist   = bitQueueHist << 1
	bitSucceededHist = bitAttemptHist << 1
)

// runningNow is how many attempts of the pipe run now. The ends are read
// before the starts: an attempt that starts and ends meanwhile then counts
// in neither or only in the starts, never in the ends alone.
func (ps *pipeStats) runningNow() int64 {
	var ended int64
	if r := ps.rare.Load(); r != nil {
		ended = r.otherEnded.Load()
	}
	for i := range ps.attempts {
		ended += int64(ps.attempts[i].Load())
	}
	return ps.started.Load() - ended
}

// runsOf is how many runs of the pipe ended with status slot i.
func (ps *pipeStats) runsOf(i int) uint64 {
	if i == 0 {
		return ps.succeeded.count()
	}
	if r := ps.rare.Load(); r != nil {
		return r.otherRuns[i-1].Load()
	}
	return 0
}

// durationOf returns the duration histogram of status slot i, nil if it has
// no observation yet; has is the pipe's present bits.
func (ps *pipeStats) durationOf(i int, has uint32) *histogram {
	if i == 0 { // pipeStatusIndex[0] is StatusSucceeded
		if has&bitSucceededHist == 0 {
			return nil
		}
		return &ps.succeeded
	}
	if r := ps.rare.Load(); r != nil {
		return r.otherDur[i-1].Load()
	}
	return nil
}

// newStatsLocked creates the stats of the given new pipes, in one block in
// the order given (the graph's: what runs next is next in memory), and
// indexes them.
func (c *Collector) newStatsLocked(names []string) []pipeStats {
	stats := make([]pipeStats, len(names))
	for k, name := range names {
		ps := &stats[k]
		ps.name = name
		c.byName[name] = ps
		c.all = append(c.all, ps)
	}
	return stats
}

// histogram is one histogram series, stored sparsely: most series see a few
// distinct buckets (a pipe takes about as long every run), so a few slots,
// each a bucket and its count, hold them, and only a series whose
// observations spread over more buckets allocates a count for every bucket.
// A pipe's three common histograms then take 120 bytes where dense counts
// took 456 with the default buckets (with 100k pipes, 67 -> 19 MB for all
// their stats).
type histogram struct {
	sum   atomic.Int64 // of the observations, in nanoseconds: one add, no rounding
	slots [histSlots]atomic.Uint64
	more  atomic.Pointer[[]atomic.Uint64] // per bucket: what found no slot
}

// A slot is free (0) or holds (bucket+1)<<slotCountBits | count. Slots are
// taken in order with a compare-and-swap, so one bucket never has two.
const (
	histSlots     = 3 // a fourth would make a pipe's stats a cache line longer
	slotCountBits = 56
	slotCountMask = 1<<slotCountBits - 1
	maxSlotBucket = 1<<(64-slotCountBits) - 2 // higher buckets always go to more
)

// loadOrNew returns what p points to, first storing mk() in it if it is nil
// (when goroutines race, one's value wins and all return it).
func loadOrNew[T any](p *atomic.Pointer[T], mk func() *T) *T {
	if v := p.Load(); v != nil {
		return v
	}
	p.CompareAndSwap(nil, mk())
	return p.Load()
}

func (h *histogram) observe(bounds []time.Duration, d time.Duration) {
	b, n := 0, len(bounds)
	for b < n && d > bounds[b] { // at most ~17 bounds: a scan beats a binary search
		b++
	}
	h.sum.Add(int64(d))
	if b <= maxSlotBucket {
		tag := uint64(b+1) << slotCountBits
		for i := range h.slots {
			s := &h.slots[i]
			x := s.Load()
			if x == 0 && s.CompareAndSwap(0, tag|1) {
				return
			}
			if x == 0 {
				x = s.Load() // taken meanwhile: by this bucket?
			}
			if x&^slotCountMask == tag {
				s.Add(1)
				return
			}
		}
	}
	h.moreCounts(n + 1)[b].Add(1)
}

// moreCounts returns the dense counts of h (n buckets), allocating them.
func (h *histogram) moreCounts(n int) []atomic.Uint64 {
	return *loadOrNew(&h.more, func() *[]atomic.Uint64 {
		m := make([]atomic.Uint64, n)
		return &m
	})
}

// count is the number of observations.
func (h *histogram) count() uint64 {
	var n uint64
	for i := range h.slots {
		n += h.slots[i].Load() & slotCountMask
	}
	if m := h.more.Load(); m != nil {
		for i := range *m {
			n += (*m)[i].Load()
		}
	}
	return n
}

// counts returns the count of each of the n buckets.
func (h *histogram) counts(n int) []uint64 {
	out := make([]uint64, n)
	for i := range h.slots {
		if v := h.slots[i].Load(); v != 0 {
			out[int(v>>slotCountBits)-1] += v & slotCountMask
		}
	}
	if m := h.more.Load(); m != nil {
		for i := range *m {
			out[i] += (*m)[i].Load()
		}
	}
	return out
}

// metric returns the histogram as a constant metric. The count is the sum of
// the buckets, so the +Inf bucket always equals it.
func (h *histogram) metric(d *prometheus.Desc, bounds []float64, labels ...string) prometheus.Metric {
	counts := h.counts(len(bounds) + 1)
	cum := make(map[float64]uint64, len(bounds))
	var n uint64
	for i, b := range bounds {
		n += counts[i]
		cum[b] = n
	}
	n += counts[len(bounds)]
	sum := float64(h.sum.Load()) / 1e9
	return prometheus.MustNewConstHistogram(d, n, sum, cum, labels...)
}

// slotChunk is a block of the index → stats cache.
type slotChunk [slotChunkSize]atomic.Pointer[pipeStats]

const slotChunkShift = 10
const slotChunkSize = 1 << slotChunkShift

// pipeStatusIndex and attemptResultIndex map executor values to the label
// values at the same index of pipeStatuses and attemptResults.
var (
	pipeStatusIndex    = [...]executor.Status{executor.StatusSucceeded, executor.StatusFailed, executor.StatusSkipped, executor.StatusCancelled, executor.StatusUpToDate}
	attemptResultIndex = [...]executor.AttemptResult{executor.AttemptOK, executor.AttemptError, executor.AttemptTimeout}
)

func statusSlot(s executor.Status) int {
	for i, v := range pipeStatusIndex {
		if v == s {
			return i
		}
	}
	return -1
}

func resultSlot(r executor.AttemptResult) int {
	for i, v := range attemptResultIndex {
		if v == r {
			return i
		}
	}
	return -1
}

// stats returns the stats of the event's pipe. The event's node index finds
// them without hashing once the node has had an event; the cached entry is
// checked against the pipe name, since indexes are unique within one run only
// (runs of different graphs may share the Collector, and events from outside
// the executor carry no index).
func (c *Collector) stats(e *executor.Event, pipe string) *pipeStats {
	i := e.Index
	if dir := c.slots.Load(); dir != nil && i >= 0 && i>>slotChunkShift < len(*dir) {
		if ch := (*dir)[i>>slotChunkShift]; ch != nil {
			if ps := ch[i&(slotChunkSize-1)].Load(); ps != nil && ps.name == pipe {
				return ps
			}
		}
	}
	ps := c.byNameOf(pipe)
	if i >= 0 {
		c.slot(i).Store(ps)
	}
	return ps
}

// slot returns the cache entry of node index i, growing the cache.
func (c *Collector) slot(i int) *atomic.Pointer[pipeStats] {
	k := i >> slotChunkShift
	if dir := c.slots.Load(); dir != nil && k < len(*dir) && (*dir)[k] != nil {
		return &(*dir)[k][i&(slotChunkSize-1)]
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	var dir []*slotChunk
	if p := c.slots.Load(); p != nil {
		dir = *p
	}
	if k >= len(dir) || dir[k] == nil {
		grown := make([]*slotChunk, max(len(dir), k+1))
		copy(grown, dir)
		grown[k] = new(slotChunk)
		dir = grown
		c.slots.Store(&dir)
	}
	return &dir[k][i&(slotChunkSize-1)]
}

// byNameOf returns the stats of pipe, creating them.
func (c *Collector) byNameOf(pipe string) *pipeStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ps := c.byName[pipe]; ps != nil {
		return ps
	}
	return &c.newStatsLocked([]string{pipe})[0]
}

// EventTypes is what the collector counts: every type but EventPipeReady
// (the wait for a slot is measured from EventAttemptStarted's Wait), which a
// run then does not build for it.
func (c *Collector) EventTypes() executor.EventMask {
	return executor.AllEvents &^ executor.MaskOf(executor.EventPipeReady)
}

// Event implements executor.Observer.
func (c *Collector) Event(e executor.Event) { c.event(&e, nil) }

// WithExemplars returns an observer for one traced run: it counts the events
// as the Collector does and attaches the trace id of each observation as an
// exemplar of the duration histograms (the last one per series), shown in
// the OpenMetrics exposition. traceOf returns the trace id of an event's node
// ("" is the run), "" when it has none. dagrun.Pipeline.Run uses it on the
// Collector it is given as an observer when the run is traced.
func (c *Collector) WithExemplars(traceOf func(node string) string) executor.Observer {
	return exemplarObserver{c: c, traceOf: traceOf}
}

type exemplarObserver struct {
	c       *Collector
	traceOf func(string) string
}

func (o exemplarObserver) Event(e executor.Event)         { o.c.event(&e, o.traceOf) }
func (o exemplarObserver) EventTypes() executor.EventMask { return o.c.EventTypes() }

func (c *Collector) event(e *executor.Event, traceOf func(string) string) {
	if e.Gate || e.FanOut || e.Group {
		return // a gate does no work; a group (composite, fan-out) sums members that have the series
	}
	pipe := e.Pipe
	if pipe == "" {
		pipe = e.Node
	}
	switch e.Type {
	case executor.EventRunStarted:
		c.running.Inc()
	case executor.EventAttemptStarted:
		ps := c.stats(e, pipe)
		ps.mark(bitRunning | bitQueueHist)
		ps.started.Add(1)
		ps.queueWait.observe(c.queueNs, e.Wait)
	case executor.EventAttemptFinished:
		ps := c.stats(e, pipe)
		bits := bitRunning | bitAttemptHist
		i := resultSlot(e.AttemptResult)
		if i >= 0 {
			bits |= bitAttempts << i
		}
		ps.mark(bits)
		if i >= 0 {
			ps.attempts[i].Add(1)
		} else {
			ps.rareOf().otherEnded.Add(1)
		}
		ps.attemptDur.observe(c.durationsNs, e.Duration)
		if traceOf != nil {
			ps.exemplar(func(x *pipeExemplars) *atomic.Pointer[exemplar] { return &x.attempt }, traceOf(e.Node), e)
		}
	case executor.EventRetrying:
		ps := c.stats(e, pipe)
		ps.mark(bitRetries)
		ps.rareOf().retries.Add(1)
	case executor.EventPipeFinished:
		i := statusSlot(e.Status)
		if i < 0 {
			return
		}
		ps := c.stats(e, pipe)
		ps.mark(bitRuns << i)
		if i > 0 {
			ps.rareOf().otherRuns[i-1].Add(1) // a success is counted by its histogram, below
		}
		// A pipe that never started (skipped, or cancelled while waiting) has no
		// duration; observing 0 would drag every quantile of its pipe down. On
		// EventPipeFinished, Attempt is the number of attempts made.
		switch {
		case e.Attempt == 0 && e.Status != executor.StatusSucceeded:
			// never started: no duration
		case i == 0: // succeeded
			ps.mark(bitSucceededHist)
			ps.succeeded.observe(c.durationsNs, e.Duration)
		default:
			loadOrNew(&ps.rareOf().otherDur[i-1], func() *histogram { return new(histogram) }).observe(c.durationsNs, e.Duration)
		}
		if traceOf != nil && (e.Attempt > 0 || e.Status == executor.StatusSucceeded) {
			ps.exemplar(func(x *pipeExemplars) *atomic.Pointer[exemplar] { return &x.duration[i] }, traceOf(e.Node), e)
		}
		if e.Status.Succeeded() {
			at := e.Time
			if at.IsZero() {
				at = c.now()
			}
			ps.lastSuccess.Store(at.UnixNano())
			ps.mark(bitLastSuccess)
		}
	case executor.EventDeadlineMissed:
		c.deadlines.missed(e, pipe)
	case executor.EventRunFinished:
		c.running.Dec()
		status, ok := pipelineStatus(e.Status)
		if !ok {
			return
		}
		c.runs.WithLabelValues(status).Inc()
		if id := traceOfRun(traceOf); id != "" {
			c.runDuration.(prometheus.ExemplarObserver).ObserveWithExemplar(e.Duration.Seconds(), prometheus.Labels{LabelTraceID: id})
		} else {
			c.runDuration.Observe(e.Duration.Seconds())
		}
		c.lastRun.WithLabelValues(status).Set(c.unix(e.Time))
	}
}

// mark records that the series of bits exist; after the first time it is a load.
func (ps *pipeStats) mark(bits uint32) {
	if ps.present.Load()&bits != bits {
		ps.present.Or(bits)
	}
}

func (c *Collector) unix(t time.Time) float64 {
	if t.IsZero() {
		t = c.now()
	}
	return float64(t.UnixNano()) / 1e9
}

// The label values are spelled out here rather than taken from String(), which
// formats unknown values: a label value must come from a fixed set.
func pipeStatus(s executor.Status) (string, bool) {
	switch s {
	case executor.StatusSucceeded:
		return "succeeded", true
	case executor.StatusFailed:
		return "failed", true
	case executor.StatusSkipped:
		return "skipped", true
	case executor.StatusCancelled:
		return "cancelled", true
	case executor.StatusUpToDate:
		return "up_to_date", true
	}
	return "", false
}

func pipelineStatus(s executor.Status) (string, bool) {
	if s == executor.StatusSkipped {
		return "", false
	}
	return pipeStatus(s)
}

// LabelTraceID is the label of an exemplar that names its trace.
const LabelTraceID = "trace_id"

// pipeExemplars are a pipe's last traced observations.
type pipeExemplars struct {
	attempt  atomic.Pointer[exemplar]
	duration [len(pipeStatusIndex)]atomic.Pointer[exemplar]
}

type exemplar struct {
	traceID string
	value   float64
	at      time.Time
}

// exemplar records e's duration, in trace traceID, as the last exemplar of
// the slot that field picks.
func (ps *pipeStats) exemplar(field func(*pipeExemplars) *atomic.Pointer[exemplar], traceID string, e *executor.Event) {
	if traceID == "" {
		return
	}
	x := loadOrNew(&ps.rareOf().exemplars, func() *pipeExemplars { return new(pipeExemplars) })
	at := e.Time
	if at.IsZero() {
		at = time.Now()
	}
	field(x).Store(&exemplar{traceID: traceID, value: e.Duration.Seconds(), at: at})
}

// withExemplar returns m with the exemplar in p, if any.
func withExemplar(m prometheus.Metric, p *atomic.Pointer[exemplar]) prometheus.Metric {
	ex := p.Load()
	if ex == nil {
		return m
	}
	out, err := prometheus.NewMetricWithExemplars(m, prometheus.Exemplar{
		Value: ex.value, Labels: prometheus.Labels{LabelTraceID: ex.traceID}, Timestamp: ex.at,
	})
	if err != nil {
		return m
	}
	return out
}

func traceOfRun(traceOf func(string) string) string {
	if traceOf == nil {
		return ""
	}
	return traceOf("")
}
