package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"time"

	"github.com/dagrun/dagrun/schedule"
)

// Paging of GET /api/v1/runs.
const (
	defaultRunsLimit = 50
	maxRunsLimit     = 500
	// maxLogChunk bounds the log text one GET ...?offset= returns.
	maxLogChunk = 256 << 10
	// eventCoalesce is the least time between two events of a run stream:
	// changes in between are sent as one snapshot.
	eventCoalesce = 200 * time.Millisecond
	// keepAlive is how often a quiet event stream sends a comment.
	keepAlive = 15 * time.Second
)

// runStatuses are the statuses GET /api/v1/runs may filter by.
var runStatuses = []string{StatusQueued, StatusRunning, "succeeded", "failed", "cancelled", "aborted", "unreadable"}

// routeRuns adds the run endpoints of the API and the UI's reads to mux.
func (s *Server) routeRuns(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/runs", s.listRuns)
	mux.HandleFunc("GET /api/v1/runs/{id}/events", s.runEvents)
	mux.HandleFunc("GET /api/v1/runs/{id}/pipes/{pipe}/log", s.pipeLog)
	mux.HandleFunc("POST /api/v1/runs/{id}/cancel", s.cancelRun)
	mux.HandleFunc("POST /api/v1/runs/{id}/resume", s.resumeRun)
	mux.HandleFunc("POST /api/v1/runs/{id}/pipes/{pipe}/rerun", s.rerunPipe)
	mux.HandleFunc("GET /api/v1/pipelines/{name}/graph", s.pipelineGraph)
	mux.HandleFunc("GET /api/v1/pipelines/{name}/variables", s.pipelineVariables)
	mux.HandleFunc("GET /api/v1/pipelines/{name}/grid", s.pipelineGrid)
}

func (s *Server) listRuns(w http.ResponseWriter, r *http.Request) {
	q, err := parseRunQuery(r.URL.Query())
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error(), nil)
		return
	}
	if q.Pipeline != "" {
		if _, ok := s.byName[q.Pipeline]; !ok {
			writeError(w, http.StatusNotFound, fmt.Sprintf("no pipeline %q", q.Pipeline), nil)
			return
		}
	}
	page, total, err := s.Runs(q)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "listing runs: "+err.Error(), nil)
		return
	}
	if page == nil {
		page = []RunSummary{}
	}
	body := map[string]any{"runs": page, "total": total, "offset": q.Offset, "limit": q.Limit, "next": nil}
	if q.Offset+len(page) < total {
		v := r.URL.Query()
		v.Set("offset", strconv.Itoa(q.Offset+len(page)))
		v.Set("limit", strconv.Itoa(q.Limit))
		body["next"] = "/api/v1/runs?" + v.Encode()
	}
	writeJSON(w, http.StatusOK, body)
}

// parseRunQuery reads pipeline, status, offset and limit.
func parseRunQuery(v url.Values) (RunQuery, error) {
	q := RunQuery{Pipeline: v.Get("pipeline"), Status: v.Get("status"), Limit: defaultRunsLimit}
	if q.Status != "" && !slices.Contains(runStatuses, q.Status) {
		return q, fmt.Errorf("status %q: want one of %v", q.Status, runStatuses)
	}
	for _, p := range []struct {
		name string
		to   *int
		max  int
	}{{"offset", &q.Offset, 1 << 30}, {"limit", &q.Limit, maxRunsLimit}} {
		if s := v.Get(p.name); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 || n > p.max || (p.name == "limit" && n == 0) {
				return q, fmt.Errorf("%s %q: want a whole number from %d to %d", p.name, s, map[bool]int{true: 1, false: 0}[p.name == "limit"], p.max)
			}
			*p.to = n
		}
	}
	return q, nil
}

// Runs lists runs newest first: the recorded ones (Options.History), else
// those this process keeps in memory.
func (s *Server) Runs(q RunQuery) ([]RunSummary, int, error) {
	if s.opts.History != nil {
		return s.opts.History.Runs(q)
	}
	s.mu.Lock()
	var all []*record
	for _, p := range s.pipelines {
		if q.Pipeline == "" || q.Pipeline == p.Name() {
			all = append(all, s.history[p.Name()]...)
		}
	}
	s.mu.Unlock()
	now := s.now()
	var match []RunSummary
	for _, rec := range all {
		info := rec.info(now)
		if q.Status != "" && info.Status != q.Status {
			continue
		}
		match = append(match, summaryOf(info))
	}
	slices.SortStableFunc(match, func(a, b RunSummary) int {
		if c := b.Started.Compare(a.Started); c != 0 {
			return c
		}
		return compareStrings(b.ID, a.ID)
	})
	total := len(match)
	lo := min(q.Offset, total)
	hi := min(lo+q.Limit, total)
	return match[lo:hi], total, nil
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// summaryOf sums a run up for a list.
func summaryOf(info RunInfo) RunSummary {
	rs := RunSummary{ID: info.ID, Pipeline: info.Pipeline, Status: info.Status, Finished: info.Finished,
		DurationSeconds: info.DurationSeconds, Error: info.Error, ResumedFrom: info.ResumedFrom, URL: runURL(info.ID)}
	if info.Started != nil {
		rs.Started = *info.Started
	} else {
		rs.Started = info.Due
	}
	for _, p := range info.Pipes {
		switch p.Status {
		case "succeeded":
			rs.Counts.Succeeded++
			if p.Reused {
				rs.Counts.Reused++
			}
		case "failed":
			rs.Counts.Failed++
		case "skipped":
			rs.Counts.Skipped++
		case "cancelled":
			rs.Counts.Cancelled++
		}
	}
	return rs
}

// lookupRun finds run id in memory, then in the recorded history.
func (s *Server) lookupRun(id string) (RunInfo, *record, error) {
	if rec := s.record(id); rec != nil {
		return rec.info(s.now()), rec, nil
	}
	if s.opts.History != nil {
		info, err := s.opts.History.Run(id)
		return info, nil, err
	}
	return RunInfo{}, nil, fmt.Errorf("%w: %q", ErrUnknownRun, id)
}

// writeLookupError answers a failed lookupRun.
func writeLookupError(w http.ResponseWriter, id string, err error) {
	if errors.Is(err, ErrUnknownRun) {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no run %q", id), nil)
		return
	}
	writeError(w, http.StatusInternalServerError, err.Error(), nil)
}

// runEvents streams a run as Server-Sent Events: an event "run" with the
// whole run (as GET /api/v1/runs/ID) at once and after changes, at most one
// per eventCoalesce, then an event "end" once the run is over.
func (s *Server) runEvents(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	info, rec, err := s.lookupRun(id)
	if err != nil {
		writeLookupError(w, id, err)
		return
	}
	flusher, ok := w.(http.Flusher)
	if !ok {
		writeError(w, http.StatusInternalServerError, "streaming is not supported on this connection", nil)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	send := func(event string, v any) bool {
		b, err := json.Marshal(v)
		if err != nil {
			return false
		}
		_, err = fmt.Fprintf(w, "event: %s\ndata: %s\n\n", event, b)
		flusher.Flush()
		return err == nil
	}
	if rec == nil {
		send("run", info)
		send("end", map[string]string{"status": info.Status})
		return
	}
	ping := time.NewTicker(keepAlive)
	defer ping.Stop()
	for {
		changed := rec.watch()
		info := rec.info(s.now())
		if !send("run", info) {
			return
		}
		if rec.final() {
			send("end", map[string]string{"status": info.Status})
			return
		}
	wait:
		for {
			select {
			case <-r.Context().Done():
				return
			case <-ping.C:
				if _, err := io.WriteString(w, ": keep-alive\n\n"); err != nil {
					return
				}
				flusher.Flush()
			case <-changed:
				break wait
			}
		}
		select {
		case <-r.Context().Done():
			return
		case <-time.After(eventCoalesce):
		}
	}
}

// pipeLog serves a pipe's log. With ?offset=N it answers JSON with the text
// from byte N on (up to maxLogChunk) and the offset to ask next, so a client
// can tail a log that grows; without, the file as text/plain, Range requests
// included.
func (s *Server) pipeLog(w http.ResponseWriter, r *http.Request) {
	id, pipe := r.PathValue("id"), r.PathValue("pipe")
	offset := int64(-1)
	if v := r.URL.Query().Get("offset"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("offset %q: want a whole number of bytes ≥ 0", v), nil)
			return
		}
		offset = n
	}
	info, rec, err := s.lookupRun(id)
	if err != nil {
		writeLookupError(w, id, err)
		return
	}
	var pi *PipeInfo
	for i := range info.Pipes {
		if info.Pipes[i].ID == pipe || info.Pipes[i].Path == pipe {
			pi = &info.Pipes[i]
			break
		}
	}
	if pi == nil {
		writeError(w, http.StatusNotFound, fmt.Sprintf("run %q has no pipe %q", id, pipe), nil)
		return
	}
	if s.opts.History == nil {
		writeError(w, http.StatusNotFound, "no logs: runs are not recorded by this server", nil)
		return
	}
	stateID := info.StateID
	if stateID == "" {
		stateID = info.ID
	}
	path, err := s.opts.History.LogPath(stateID, pi.ID)
	switch {
	case errors.Is(err, ErrUnknownRun) && rec != nil:
		path = "" // started, not recorded yet
	case errors.Is(err, ErrUnknownRun), errors.Is(err, ErrUnknownPipe):
		writeError(w, http.StatusNotFound, fmt.Sprintf("run %q has no log of pipe %q", id, pipe), nil)
		return
	case err != nil:
		writeError(w, http.StatusInternalServerError, err.Error(), nil)
		return
	}
	live := pi.Status == PipePending || pi.Status == PipeRunning || pi.Status == PipeRetrying
	var f *os.File
	if path != "" {
		f, err = os.Open(path)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			writeError(w, http.StatusInternalServerError, "reading the log: "+err.Error(), nil)
			return
		}
	}
	if f != nil {
		defer f.Close()
	}
	if offset < 0 {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if f == nil {
			w.WriteHeader(http.StatusOK)
			return
		}
		st, err := f.Stat()
		if err != nil {
			writeError(w, http.StatusInternalServerError, "reading the log: "+err.Error(), nil)
			return
		}
		http.ServeContent(w, r, "", st.ModTime(), io.NewSectionReader(f, 0, st.Size()))
		return
	}
	var size int64
	var text []byte
	if f != nil {
		st, err := f.Stat()
		if err != nil {
			writeError(w, http.StatusInternalServerError, "reading the log: "+err.Error(), nil)
			return
		}
		size = st.Size()
		if offset < size {
			text = make([]byte, min(size-offset, maxLogChunk))
			n, err := f.ReadAt(text, offset)
			if err != nil && err != io.EOF {
				writeError(w, http.StatusInternalServerError, "reading the log: "+err.Error(), nil)
				return
			}
			text = text[:n]
		}
	}
	if offset > size {
		writeError(w, http.StatusRequestedRangeNotSatisfiable, fmt.Sprintf("offset %d is past the end of the log (%d bytes)", offset, size), map[string]any{"size": size})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"pipe": pi.ID, "offset": offset, "next_offset": offset + int64(len(text)), "size": size,
		"text": string(text), "live": live,
	})
}

func (s *Server) cancelRun(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !readEmptyBody(w, r) {
		return
	}
	info, rec, err := s.lookupRun(id)
	if err != nil {
		writeLookupError(w, id, err)
		return
	}
	if rec == nil || !rec.requestCancel() {
		writeError(w, http.StatusConflict, fmt.Sprintf("run %q is %s: nothing to cancel", id, info.Status), map[string]any{"status": info.Status})
		return
	}
	writeJSON(w, http.StatusAccepted, rec.info(s.now()))
}

func (s *Server) resumeRun(w http.ResponseWriter, r *http.Request) {
	s.startResume(w, r, nil)
}

func (s *Server) rerunPipe(w http.ResponseWriter, r *http.Request) {
	s.startResume(w, r, []string{r.PathValue("pipe")})
}

// startResume starts a run that resumes run ID: what did not succeed runs
// again, and so do the pipes of rerun with everything downstream of them.
func (s *Server) startResume(w http.ResponseWriter, r *http.Request, rerun []string) {
	id := r.PathValue("id")
	if !readEmptyBody(w, r) {
		return
	}
	info, _, err := s.lookupRun(id)
	if err != nil {
		writeLookupError(w, id, err)
		return
	}
	if info.Status == StatusQueued || info.Status == StatusRunning {
		writeError(w, http.StatusConflict, fmt.Sprintf("run %q is %s: only a finished run can be resumed", id, info.Status), map[string]any{"status": info.Status})
		return
	}
	p, ok := s.byName[info.Pipeline]
	if !ok {
		writeError(w, http.StatusConflict, fmt.Sprintf("run %q is of pipeline %q, which this server does not serve", id, info.Pipeline), nil)
		return
	}
	for i, pipe := range rerun {
		found := ""
		for _, pid := range p.PipeIDs() {
			if pid == pipe || PipeLabel(p, pid) == pipe {
				found = pid
			}
		}
		if found == "" {
			writeError(w, http.StatusNotFound, fmt.Sprintf("pipeline %q has no pipe %q", info.Pipeline, pipe), nil)
			return
		}
		rerun[i] = found
	}
	if s.opts.Resume == nil {
		writeError(w, http.StatusNotImplemented, "runs are not recorded by this server: nothing to resume from", nil)
		return
	}
	from := info.StateID
	if from == "" {
		from = info.ID
	}
	started, err := s.triggerWith(info.Pipeline, runIntent{ResumeFrom: from, Rerun: rerun})
	if writeTriggerError(w, info.Pipeline, err) {
		return
	}
	w.Header().Set("Location", runURL(started.ID))
	writeJSON(w, http.StatusAccepted, started)
}

// readEmptyBody accepts an empty body or {} (a 400 otherwise).
func readEmptyBody(w http.ResponseWriter, r *http.Request) bool {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body over %d bytes", tooBig.Limit), nil)
			return false
		}
		writeError(w, http.StatusBadRequest, "reading the request body: "+err.Error(), nil)
		return false
	}
	if err := decodeEmptyObject(body); err != nil {
		writeError(w, http.StatusBadRequest, "the body must be empty or a JSON object without fields: "+err.Error(), nil)
		return false
	}
	return true
}

// writeTriggerError answers a failed trigger; false when err is nil.
func writeTriggerError(w http.ResponseWriter, name string, err error) bool {
	var overlap *schedule.OverlapError
	switch {
	case err == nil:
		return false
	case errors.Is(err, ErrUnknownPipeline):
		writeError(w, http.StatusNotFound, fmt.Sprintf("no pipeline %q", name), nil)
	case errors.As(err, &overlap):
		writeError(w, http.StatusConflict, fmt.Sprintf("pipeline %q is running and its overlap policy is %q: no run started", name, overlap.Overlap),
			map[string]any{"overlap": overlap.Overlap.String(), "running": overlap.Running})
	case errors.Is(err, ErrShuttingDown):
		w.Header().Set("Retry-After", "30")
		writeError(w, http.StatusServiceUnavailable, "the server is shutting down: no new runs", nil)
	default:
		writeError(w, http.StatusInternalServerError, err.Error(), nil)
	}
	return true
}

func (s *Server) pipelineGraph(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	p, ok := s.byName[name]
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no pipeline %q", name), nil)
		return
	}
	g, err := LayoutGraph(p, nil)
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error(), nil)
		return
	}
	for i := range g.Nodes {
		g.Nodes[i].Label = p.Redact(g.Nodes[i].Label)
	}
	writeJSON(w, http.StatusOK, g)
}

// VariableInfo is a pipeline's variable as the Run form shows it.
type VariableInfo struct {
	Name string `json:"name"`
	// Type is the variable's type as HCL writes it: string, number, bool,
	// list(string), any, ...
	Type        string `json:"type"`
	Description string `json:"description,omitempty"`
	Sensitive   bool   `json:"sensitive"`
	// Default is the default as JSON; absent when there is none, and for a
	// sensitive variable.
	Default  json.RawMessage `json:"default,omitempty"`
	Required bool            `json:"required"`
}

func (s *Server) pipelineVariables(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	p, ok := s.byName[name]
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no pipeline %q", name), nil)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"variables": variablesOf(p)})
}

// GridCell is one pipe in one run of the history grid.
type GridCell struct {
	Status   string `json:"status"`
	Attempts int    `json:"attempts,omitempty"`
}

// Grid is the history grid of a pipeline: a row per pipe (as the runs show
// them), a column per run (newest first).
type Grid struct {
	Pipeline string       `json:"pipeline"`
	Runs     []RunSummary `json:"runs"`
	Rows     []GridRow    `json:"rows"`
}

// GridRow is one pipe across the runs; Cells[i] is its state in Runs[i],
// null when that run has no such pipe.
type GridRow struct {
	ID    string      `json:"id"`
	Path  string      `json:"path"`
	Group string      `json:"group,omitempty"`
	Cells []*GridCell `json:"cells"`
}

// maxGridRuns bounds the columns of the grid.
const maxGridRuns = 50

func (s *Server) pipelineGrid(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	p, ok := s.byName[name]
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no pipeline %q", name), nil)
		return
	}
	n := 20
	if v := r.URL.Query().Get("runs"); v != "" {
		k, err := strconv.Atoi(v)
		if err != nil || k < 1 || k > maxGridRuns {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("runs %q: want a whole number from 1 to %d", v, maxGridRuns), nil)
			return
		}
		n = k
	}
	page, _, err := s.Runs(RunQuery{Pipeline: name, Limit: n})
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error(), nil)
		return
	}
	grid := Grid{Pipeline: name, Runs: []RunSummary{}, Rows: []GridRow{}}
	rowOf := map[string]int{}
	for _, id := range p.PipeIDs() {
		row := GridRow{ID: id, Path: p.Redact(PipeLabel(p, id))}
		if cfg := p.Config(); cfg != nil {
			if cp, ok := cfg.Pipe(id); ok {
				row.Group = cp.Parent
			}
		}
		rowOf[id] = len(grid.Rows)
		grid.Rows = append(grid.Rows, row)
	}
	for _, sum := range page {
		info, _, err := s.lookupRun(sum.ID)
		if err != nil {
			continue
		}
		col := len(grid.Runs)
		grid.Runs = append(grid.Runs, sum)
		for i := range grid.Rows {
			grid.Rows[i].Cells = append(grid.Rows[i].Cells, nil)
		}
		for _, pi := range info.Pipes {
			k, ok := rowOf[pi.ID]
			if !ok {
				// A for_each instance: its row follows its pipe's.
				k = len(grid.Rows)
				rowOf[pi.ID] = k
				grid.Rows = append(grid.Rows, GridRow{ID: pi.ID, Path: pi.Path, Group: baseID(pi.ID), Cells: make([]*GridCell, col+1)})
			}
			grid.Rows[k].Cells[col] = &GridCell{Status: pi.Status, Attempts: pi.Attempts}
		}
	}
	// Instances go after their pipe, in the order they were met.
	rank := func(row GridRow) [2]int {
		if base := baseID(row.ID); base != row.ID {
			if k, ok := rowOf[base]; ok {
				return [2]int{k, 1}
			}
		}
		return [2]int{rowOf[row.ID], 0}
	}
	slices.SortStableFunc(grid.Rows, func(a, b GridRow) int {
		ra, rb := rank(a), rank(b)
		if ra[0] != rb[0] {
			return ra[0] - rb[0]
		}
		return ra[1] - rb[1]
	})
	writeJSON(w, http.StatusOK, grid)
}
