package state

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/executor"
	dhcl "github.com/dagrun/dagrun/hcl"
)

// StartOptions describe a run being started.
type StartOptions struct {
	// Path is the pipeline's file or directory; made absolute. It tells the
	// runs of different pipelines sharing a state directory apart.
	Path    string
	Version string
	Targets []string
	// Resume is the earlier run this one resumes (see Store.Resume), or nil.
	Resume *Resume
	// Now is the clock for the run's id and start time; nil: time.Now.
	Now func() time.Time
	// LogLimit is the most of one attempt's output a pipe's log keeps, in
	// bytes: past it, the first and the last half are kept with a line saying
	// how much was dropped between them. 0: the pipeline's pipe_log_limit
	// (DefaultLogLimit for a pipeline built in Go); negative: no limit.
	LogLimit int64
	// Retention, when set, is applied to the runs of the pipeline once the
	// run is finished (Store.Prune).
	Retention *Retention
}

// DefaultLogLimit is the log limit of a pipeline that sets none.
const DefaultLogLimit = dhcl.DefaultPipeLogLimit

// Recorder records one run: it is the run's Observer and the source of its
// pipe logs. Create it with Store.Start, pass it to the run with Options, and
// call Finish with the result. Its methods are safe for concurrent use.
type Recorder struct {
	id     string
	dir    string
	redact func(string) string
	resume *Resume
	lock   *os.File

	mu       sync.Mutex // guards what follows, and the order of journal lines
	sum      Summary
	journal  *os.File
	outputs  *os.File
	unsynced bool   // a pipe_finished record (or an output) is not synced yet
	buf      []byte // the line being written
	// outType is the cty type of the last output, outTypeJSON its JSON.
	outType     cty.Type
	outTypeJSON []byte
	err         error
	finished    bool
	skip        atomic.Int64 // events a reattached run's journal already holds (Reattach)

	// Records are written with one write each, so a killed dagrun loses none.
	// fsync (for a crash of the machine) is batched and paced by syncLoop: an
	// event only asks for one, so no run waits on the disk; Finish syncs for good.
	syncKick chan struct{}
	syncDone chan struct{}
	syncQuit chan struct{} // closed by stopSync: no more pauses
	syncStop sync.Once
	syncMu   sync.Mutex
	syncErr  error

	store     *Store
	retention *Retention

	logMu sync.Mutex // guards the pipe logs; never held while taking mu
	logs  map[string]*os.File
	// logLimit caps each attempt's output in a log (0: none); capped holds
	// the count and the kept tail of each pipe's attempt in progress.
	logLimit int64
	capped   map[string]*cappedLog
	// pending holds a pipe's attempt lines until it writes output: a pipe that
	// writes nothing gets no log file (creating 1000 files costs more than the
	// 1000 short pipes themselves), and its attempts are in the journal.
	pending  map[string][]string
	logsDone bool
	logErr   error
}

// Start creates the directory of a new run of p and returns its recorder. The
// summary on disk says the run is running until Finish. The recorder takes
// over opts.Resume's lock on the earlier run and releases it in Finish; when
// Start fails, the lock stays with the caller.
func (s *Store) Start(p *dagrun.Pipeline, opts StartOptions) (*Recorder, error) {
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	started := now()
	path := opts.Path
	if path != "" {
		if abs, err := filepath.Abs(path); err == nil {
			path = abs
		}
	}
	id, err := s.newRunDir(started)
	if err != nil {
		return nil, fmt.Errorf("state: %w", err)
	}
	r := &Recorder{id: id, dir: s.runDir(id), redact: p.Redact, resume: opts.Resume, logs: map[string]*os.File{},
		store: s, retention: opts.Retention, logLimit: logLimit(p, opts.LogLimit), capped: map[string]*cappedLog{}}
	r.sum = Summary{
		ID:           id,
		Pipeline:     p.Name(),
		Path:         path,
		Version:      opts.Version,
		PID:          os.Getpid(),
		Started:      started,
		Status:       StatusRunning,
		Targets:      opts.Targets,
		Fingerprints: p.Fingerprints(),
	}
	for _, pid := range p.PipeIDs() {
		info := PipeInfo{ID: pid}
		if cfg := p.Config(); cfg != nil {
			if cp, ok := cfg.Pipe(pid); ok && cp.Path != pid {
				info.Path = cp.Path
			}
		}
		r.sum.Pipes = append(r.sum.Pipes, info)
	}
	if opts.Resume != nil {
		r.sum.ResumedFrom = opts.Resume.From
		r.sum.Rerun = opts.Resume.Rerun
		r.sum.RerunDamaged = opts.Resume.Damaged
	}
	if err := r.open(); err != nil {
		r.closeFiles()
		return nil, fmt.Errorf("state: %w", err)
	}
	r.syncKick, r.syncDone, r.syncQuit = make(chan struct{}, 1), make(chan struct{}), make(chan struct{})
	go r.syncLoop()
	return r, nil
}

// logLimit is the limit a run of p has, asked for limit (see
// StartOptions.LogLimit); 0 is none.
func logLimit(p *dagrun.Pipeline, limit int64) int64 {
	switch {
	case limit < 0:
		return 0
	case limit > 0:
		return limit
	case p.Config() != nil:
		return p.Config().PipeLogLimit
	}
	return DefaultLogLimit
}

// syncInterval is the least time between two fsyncs. In a chain of short
// pipes every pipe_finished asks for one; pacing them bounds what a crash of the
// machine can lose to about this long, and saves a thread wake-up and a disk
// flush per pipe.
const syncInterval = 20 * time.Millisecond

// syncLoop fsyncs the outputs and the journal (outputs first) whenever asked,
// at most once per syncInterval: requests made while it syncs or pauses are
// served by one more sync. It never takes mu.
func (r *Recorder) syncLoop() {
	defer close(r.syncDone)
	for range r.syncKick {
		err := r.outputs.Sync()
		if err == nil {
			err = r.journal.Sync()
		}
		if err != nil {
			r.syncMu.Lock()
			if r.syncErr == nil {
				r.syncErr = err
			}
			r.syncMu.Unlock()
		}
		t := time.NewTimer(syncInterval)
		select {
		case <-t.C:
		case <-r.syncQuit:
			t.Stop()
		}
	}
}

// stopSync ends syncLoop once it has served what was asked; idempotent.
func (r *Recorder) stopSync() {
	r.syncStop.Do(func() {
		close(r.syncQuit)
		close(r.syncKick)
		<-r.syncDone
	})
}

// requestSync asks syncLoop for an fsync without waiting for it. Called with mu
// held and before Finish.
func (r *Recorder) requestSync() {
	select {
	case r.syncKick <- struct{}{}:
	default: // one is pending already; it will cover this record too
	}
}

func (r *Recorder) open() error {
	var err error
	if r.lock, err = lockRun(r.dir); err != nil {
		return err
	}
	const flags = os.O_CREATE | os.O_EXCL | os.O_WRONLY | os.O_APPEND
	if r.journal, err = os.OpenFile(filepath.Join(r.dir, journalFile), flags, 0o600); err != nil {
		return err
	}
	if r.outputs, err = os.OpenFile(filepath.Join(r.dir, outputsFile), flags, 0o600); err != nil {
		return err
	}
	return r.writeSummary()
}

// ID is the run's id.
func (r *Recorder) ID() string { return r.id }

// Dir is the run's directory.
func (r *Recorder) Dir() string { return r.dir }

// Options returns o wired to record the run: the recorder observes the run
// (before o.Observer, so state is on disk before a view shows it), gets every
// pipe log (besides o.PipeLog), and, when the run resumes an earlier one and
// o.Reuse is nil, supplies the earlier results.
func (r *Recorder) Options(o dagrun.RunOptions) dagrun.RunOptions {
	o.RunID = r.id // run.id and DAGRUN_RUN_ID are the id of these records
	if o.Observer != nil {
		o.Observer = executor.Observers{r, o.Observer}
	} else {
		o.Observer = r
	}
	if prev := o.PipeLog; prev != nil {
		o.PipeLog = func(pipe string) io.Writer {
			if w := prev(pipe); w != nil {
				return io.MultiWriter(r.PipeLog(pipe), w)
			}
			return r.PipeLog(pipe)
		}
	} else {
		o.PipeLog = r.PipeLog
	}
	if r.resume != nil && o.Reuse == nil {
		o.Reuse = r.resume.Reuse
	}
	return o
}

// Event records e in the journal (and attempt boundaries in the pipe's log).
func (r *Recorder) Event(e executor.Event) {
	rec := recordOf(&e, r.redact)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.finished || r.skipping(&e) {
		return
	}
	switch e.Type {
	case executor.EventRunStarted:
		r.append(rec)
	case executor.EventAttemptStarted:
		r.append(rec)
		r.endAttemptLog(e.Node) // an attempt that did not finish (cancelled)
		r.logLine(e.Node, fmt.Sprintf("=== attempt %d/%d started %s ===", e.Attempt, e.MaxAttempts, e.Time.UTC().Format(time.RFC3339Nano)))
	case executor.EventAttemptFinished:
		r.append(rec)
		r.endAttemptLog(e.Node)
		line := fmt.Sprintf("=== attempt %d/%d %s after %s", e.Attempt, e.MaxAttempts, attemptWord(e.AttemptResult), e.Duration.Round(time.Millisecond))
		if rec.Error != "" {
			line += ": " + firstLine(rec.Error)
		}
		r.logLine(e.Node, line+" ===")
	case executor.EventRetrying:
		r.append(rec)
		r.logLine(e.Node, fmt.Sprintf("=== retrying in %s ===", e.Delay.Round(time.Millisecond)))
	case executor.EventPipeFinished:
		rec.Output = false // set once the output is written
		if e.Status.Succeeded() && e.Output != cty.NilVal {
			if err := r.appendOutput(e.Node, e.Output); err != nil {
				rec.OutputError = err.Error()
			} else {
				rec.Output = true
			}
		}
		r.append(rec)
		if !e.Reused {
			r.requestSync()
		}
		r.closeLog(e.Node)
	case executor.EventDeadlineMissed:
		r.append(rec)
	case executor.EventRunFinished:
		r.append(rec)
		r.requestSync()
	}
}

// recordOf is the journal record of an event (Type empty for an event the
// journal does not keep), its error redacted. Output says whether a
// succeeded pipe has an output; the Recorder sets it once it is written.
func recordOf(e *executor.Event, redact func(string) string) Record {
	rec := Record{Time: e.Time.UTC(), Pipe: e.Node, Key: e.Key, Attempt: e.Attempt, MaxAttempts: e.MaxAttempts, Reason: e.Reason, Handler: e.Handler}
	if e.Pipe != "" && e.Pipe != e.Node {
		rec.Series = e.Pipe
	}
	if e.Err != nil {
		rec.Error = redact(e.Err.Error())
	}
	switch e.Type {
	case executor.EventRunStarted:
		rec.Type = RecordRunStarted
	case executor.EventAttemptStarted:
		rec.Type = RecordAttemptStarted
	case executor.EventAttemptFinished:
		rec.Type = RecordAttemptFinished
		rec.Result = e.AttemptResult.String()
		rec.Duration = e.Duration.Seconds()
	case executor.EventRetrying:
		rec.Type = RecordRetrying
		rec.Delay = e.Delay.Seconds()
	case executor.EventPipeFinished:
		rec.Type = RecordPipeFinished
		rec.Status = e.Status.String()
		rec.Duration = e.Duration.Seconds()
		rec.Reused, rec.Allowed = e.Reused, e.Allowed
		rec.Output = e.Status.Succeeded() && e.Output != cty.NilVal
	case executor.EventDeadlineMissed:
		rec.Type = RecordDeadlineMissed
		rec.Deadline = e.Duration.Seconds()
	case executor.EventRunFinished:
		rec.Type = RecordRunFinished
		rec.Status = e.Status.String()
		rec.Duration = e.Duration.Seconds()
	}
	return rec
}

func attemptWord(res executor.AttemptResult) string {
	switch res {
	case executor.AttemptOK:
		return "succeeded"
	case executor.AttemptTimeout:
		return "timed out"
	}
	return "failed"
}

// append writes one journal line in a single write.
func (r *Recorder) append(rec Record) {
	r.buf = rec.appendJSON(r.buf[:0])
	r.buf = append(r.buf, '\n')
	if _, err := r.journal.Write(r.buf); err != nil {
		r.fail(err)
	}
	if rec.Type == RecordPipeFinished {
		r.unsynced = true
	}
}

// appendOutput writes the exact output of a succeeded pipe.
func (r *Recorder) appendOutput(pipe string, v cty.Value) error {
	// A pipe type's outputs mostly share one type (exec's always do): its JSON
	// is kept for the next output.
	if r.outTypeJSON == nil || !r.outType.Equals(v.Type()) {
		typ, err := ctyjson.MarshalType(v.Type())
		if err != nil {
			return err
		}
		r.outType, r.outTypeJSON = v.Type(), typ
	}
	val, err := ctyjson.Marshal(v, v.Type())
	if err != nil {
		return err
	}
	b := append(r.buf[:0], `{"pipe":`...)
	b = appendJSONString(b, pipe)
	b = append(b, `,"type":`...)
	b = append(b, r.outTypeJSON...)
	b = append(b, `,"value":`...)
	b = append(b, val...)
	b = append(b, "}\n"...)
	r.buf = b
	if _, err := r.outputs.Write(b); err != nil {
		r.fail(err)
		return err
	}
	r.unsynced = true
	return nil
}

// sync puts the outputs and the journal on disk, outputs first.
func (r *Recorder) sync() {
	if !r.unsynced {
		return
	}
	if err := r.outputs.Sync(); err != nil {
		r.fail(err)
	}
	if err := r.journal.Sync(); err != nil {
		r.fail(err)
	}
	r.unsynced = false
}

// fail keeps the first error; recording problems never fail the run itself.
func (r *Recorder) fail(err error) {
	if r.err == nil {
		r.err = fmt.Errorf("state: run %s: %w", r.id, err)
	}
}

// Err returns the first error recording the run met, if any.
func (r *Recorder) Err() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

// Finish records how the run ended (res is nil when the run could not start:
// runErr says why), then closes the run's files and releases its lock. It
// returns the first error met recording the run.
func (r *Recorder) Finish(res *dagrun.Result, runErr error) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.finished {
		return r.err
	}
	r.finished = true
	r.stopSync()
	r.syncMu.Lock()
	if r.syncErr != nil {
		r.fail(r.syncErr)
	}
	r.syncMu.Unlock()
	r.sync()
	r.sum.Finished = time.Now()
	switch {
	case res != nil:
		r.sum.Status = res.Status.String()
		if !res.Started.IsZero() {
			r.sum.Finished = res.Started.Add(res.Duration)
		}
		if res.Err != nil {
			r.sum.Error = r.redact(res.Err.Error())
		}
		for _, p := range res.Pipes {
			r.sum.Counts.add(p.Status.String(), p.Reused)
			if p.Reused {
				r.sum.Reused = append(r.sum.Reused, p.ID)
			}
		}
	default:
		r.sum.Status = executor.StatusFailed.String()
		if runErr != nil {
			r.sum.Error = r.redact(runErr.Error())
		}
	}
	if err := r.writeSummary(); err != nil {
		r.fail(err)
	} else {
		r.store.appendIndex(r.sum)
	}
	r.closeFiles()
	r.resume.Release()
	if r.retention != nil {
		if _, err := r.store.Prune(*r.retention, r.sum.Pipeline, r.sum.Path); err != nil {
			r.fail(fmt.Errorf("pruning old runs: %w", err))
		}
	}
	return r.err
}

// SetEngine records where the run runs (another engine's service and
// workflow), at once: a client that dies leaves it in the record.
func (r *Recorder) SetEngine(info EngineInfo) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.finished {
		return r.err
	}
	r.sum.Engine = &info
	if err := r.writeSummary(); err != nil {
		r.fail(err)
		return err
	}
	return nil
}

func (r *Recorder) writeSummary() error {
	b, err := json.MarshalIndent(r.sum, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(r.dir, summaryFile), append(b, '\n'))
}

func (r *Recorder) closeFiles() {
	if err := r.closeLogs(); err != nil {
		r.fail(err)
	}
	for _, f := range []*os.File{r.journal, r.outputs} {
		if f != nil {
			if err := f.Close(); err != nil {
				r.fail(err)
			}
		}
	}
	if r.lock != nil {
		r.lock.Close() // releases the flock
	}
}

// PipeLog returns the writer of pipe's log (pipe is a task name: id or id[key]).
// Each write is redacted as a whole: exec writes whole lines.
func (r *Recorder) PipeLog(pipe string) io.Writer { return pipeLogWriter{r: r, pipe: pipe} }

type pipeLogWriter struct {
	r    *Recorder
	pipe string
}

func (w pipeLogWriter) Write(p []byte) (int, error) {
	if w.r.skip.Load() == 0 { // else a reattached run's log already has it

		w.r.writeLog(w.pipe, w.r.redact(string(p)))
	}
	return len(p), nil
}

func (r *Recorder) logLine(pipe, line string) {
	r.logMu.Lock()
	defer r.logMu.Unlock()
	if r.logsDone {
		return
	}
	if f := r.logs[pipe]; f != nil {
		if _, err := io.WriteString(f, line+"\n"); err != nil {
			r.logFailed(err)
		}
		return
	}
	if r.pending == nil {
		r.pending = map[string][]string{}
	}
	r.pending[pipe] = append(r.pending[pipe], line+"\n")
}

// writeLog appends s to pipe's log, opening it if needed. Errors are kept for
// Finish, not returned: a full disk must not fail the pipe.
func (r *Recorder) writeLog(pipe, s string) {
	r.logMu.Lock()
	defer r.logMu.Unlock()
	if r.logsDone {
		return
	}
	f := r.logs[pipe]
	if f == nil {
		var err error
		f, err = os.OpenFile(filepath.Join(r.dir, logsDir, logName(pipe)), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			r.logFailed(err)
			return
		}
		r.logs[pipe] = f
		for _, line := range r.pending[pipe] {
			if _, err := io.WriteString(f, line); err != nil {
				r.logFailed(err)
			}
		}
		delete(r.pending, pipe)
	}
	if r.logLimit <= 0 {
		if _, err := io.WriteString(f, s); err != nil {
			r.logFailed(err)
		}
		return
	}
	c := r.capped[pipe]
	if c == nil {
		c = &cappedLog{}
		r.capped[pipe] = c
	}
	if s == "" {
		return
	}
	if head := r.logLimit / 2; c.n < head {
		k := min(int64(len(s)), head-c.n)
		if _, err := io.WriteString(f, s[:k]); err != nil {
			r.logFailed(err)
		}
		c.n += k
		c.headEnd = s[k-1]
		s = s[k:]
	}
	if s != "" {
		c.n += int64(len(s))
		c.tail = append(c.tail, s...)
		if keep := int(r.logLimit - r.logLimit/2); len(c.tail) > 2*keep {
			c.tail = append([]byte(nil), c.tail[len(c.tail)-keep:]...)
		}
	}
}

// cappedLog is the output of a pipe's attempt in progress, past the head of
// its log: how much there was, and the last of it.
type cappedLog struct {
	n       int64  // bytes of output in the attempt
	headEnd byte   // the last byte of the head written
	tail    []byte // the last bytes past the head (up to twice what is kept)
}

// endAttemptLog writes what a capped attempt kept of its tail, after a line
// saying how much was dropped. Called with mu held (or from closeLogs).
func (r *Recorder) endAttemptLog(pipe string) {
	r.logMu.Lock()
	defer r.logMu.Unlock()
	r.flushCapped(pipe)
}

func (r *Recorder) flushCapped(pipe string) {
	c := r.capped[pipe]
	delete(r.capped, pipe)
	f := r.logs[pipe]
	if c == nil || len(c.tail) == 0 || f == nil {
		return
	}
	head := r.logLimit / 2
	tail := c.tail[max(0, len(c.tail)-int(r.logLimit-head)):]
	if i := bytes.IndexByte(tail, '\n'); i >= 0 && i < len(tail)-1 && int64(len(tail)) < c.n-head {
		tail = tail[i+1:] // from a line's start
	}
	dropped := c.n - head - int64(len(tail))
	var b strings.Builder
	if c.headEnd != '\n' {
		b.WriteByte('\n')
	}
	if dropped > 0 {
		fmt.Fprintf(&b, "=== pipe_log_limit %s: %d bytes of this attempt's output dropped here; the first and the last are kept ===\n", sizeString(r.logLimit), dropped)
	}
	b.Write(tail)
	if _, err := io.WriteString(f, b.String()); err != nil {
		r.logFailed(err)
	}
}

// sizeString writes n bytes as a size ParseSize reads back.
func sizeString(n int64) string {
	for _, u := range []struct {
		unit string
		size int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n >= u.size && n%u.size == 0 {
			return fmt.Sprintf("%d%s", n/u.size, u.unit)
		}
	}
	return fmt.Sprintf("%dB", n)
}

// closeLog closes pipe's log (it is reopened if written again).
func (r *Recorder) closeLog(pipe string) {
	r.logMu.Lock()
	defer r.logMu.Unlock()
	r.flushCapped(pipe)
	if f := r.logs[pipe]; f != nil {
		if err := f.Close(); err != nil {
			r.logFailed(err)
		}
		delete(r.logs, pipe)
	}
	delete(r.pending, pipe)
}

// closeLogs closes every log for good and returns the first log error.
func (r *Recorder) closeLogs() error {
	r.logMu.Lock()
	defer r.logMu.Unlock()
	for pipe, f := range r.logs {
		r.flushCapped(pipe)
		if err := f.Close(); err != nil {
			r.logFailed(err)
		}
		delete(r.logs, pipe)
	}
	r.logsDone = true
	return r.logErr
}

func (r *Recorder) logFailed(err error) {
	if r.logErr == nil {
		r.logErr = fmt.Errorf("pipe log: %w", err)
	}
}

var _ executor.Observer = (*Recorder)(nil)
