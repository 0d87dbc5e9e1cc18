package server

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	hcl2 "github.com/hashicorp/hcl/v2"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/metrics"
	"github.com/dagrun/dagrun/schedule"
)

// Handler serves:
//
//	GET  /metrics                        every pipeline's metrics (open)
//	GET  /healthz                        {"status": "ok" | "draining"} (open)
//	GET  /api/v1/pipelines               every pipeline, its schedules, runs and last run
//	GET  /api/v1/pipelines/NAME          one of them
//	POST /api/v1/pipelines/NAME/runs     start a run now: 202 + the run
//	GET  /api/v1/runs/ID                 a run, with the status of each pipe
//
// API answers and errors are JSON ({"error": "..."}); with Options.Token set,
// API requests without "Authorization: Bearer TOKEN" get 401. Before any of
// that, requests a web page could make are refused (see guard): a foreign
// Host on a loopback connection (421), a cross-origin request that would
// change something (403), a body that is not JSON (415).
func (s *Server) Handler() http.Handler {
	api := http.NewServeMux()
	api.HandleFunc("GET /api/v1/pipelines", s.listPipelines)
	api.HandleFunc("GET /api/v1/pipelines/{name}", s.getPipeline)
	api.HandleFunc("POST /api/v1/pipelines/{name}/runs", s.triggerRun)
	api.HandleFunc("GET /api/v1/runs/{id}", s.getRun)
	s.routeRuns(api)

	mux := http.NewServeMux()
	mux.Handle("GET /metrics", metrics.Handler(s.reg))
	mux.HandleFunc("GET /healthz", s.healthz)
	api.HandleFunc("GET /api/v1/session", s.sessionInfo)
	s.routeUI(mux)
	mux.Handle("/api/", s.authorizeAPI(s.limitBody(jsonMuxErrors(api))))
	return s.guard(mux)
}

// authorize requires the bearer token, when there is one. Both sides are
// hashed first, so the comparison takes the same time whatever the length of
// the token given.
func (s *Server) authorize(next http.Handler) http.Handler {
	if s.opts.Token == "" {
		return next
	}
	want := sha256.Sum256([]byte(s.opts.Token))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme, given, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		got := sha256.Sum256([]byte(strings.TrimSpace(given)))
		if subtle.ConstantTimeCompare(got[:], want[:]) != 1 || !strings.EqualFold(scheme, "Bearer") {
			w.Header().Set("WWW-Authenticate", `Bearer realm="dagrun"`)
			writeError(w, http.StatusUnauthorized, "missing or wrong bearer token: send Authorization: Bearer TOKEN", nil)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, s.opts.MaxBodyBytes)
		next.ServeHTTP(w, r)
	})
}

// jsonMuxErrors turns the mux's own plain-text 404 and 405 into JSON errors.
func jsonMuxErrors(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern == "" {
			w = &jsonErrorWriter{ResponseWriter: w}
		}
		mux.ServeHTTP(w, r)
	})
}

type jsonErrorWriter struct {
	http.ResponseWriter
	wrote bool
}

func (w *jsonErrorWriter) WriteHeader(code int) {
	if w.wrote {
		return
	}
	w.wrote = true
	msg := http.StatusText(code)
	if code == http.StatusNotFound {
		msg = "no such endpoint: see GET /api/v1/pipelines"
	}
	writeError(w.ResponseWriter, code, msg, nil)
}

func (w *jsonErrorWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	return len(b), nil // the mux's text is replaced by the JSON error
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		code, b = http.StatusInternalServerError, []byte(`{"error": "encoding the answer failed"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Del("Content-Length")
	w.WriteHeader(code)
	_, _ = w.Write(append(b, '\n'))
}

// writeError writes {"error": msg} and the extra fields.
func writeError(w http.ResponseWriter, code int, msg string, extra map[string]any) {
	body := map[string]any{"error": msg}
	for k, v := range extra {
		body[k] = v
	}
	writeJSON(w, code, body)
}

func (s *Server) healthz(w http.ResponseWriter, _ *http.Request) {
	status := "ok"
	if s.Draining() {
		status = "draining"
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": status})
}

// PipelineInfo is a pipeline as the API shows it.
type PipelineInfo struct {
	Name string `json:"name"`
	// Overlap is the policy of runs started through the API.
	Overlap   string         `json:"overlap"`
	Schedules []ScheduleInfo `json:"schedules"`
	Running   []string       `json:"running"`
	Queued    *string        `json:"queued"`
	// LastRun is the last run that finished, or null.
	LastRun *LastRunInfo `json:"last_run"`
}

// ScheduleInfo is one schedule of a pipeline.
type ScheduleInfo struct {
	Name     string `json:"name"`
	Every    string `json:"every,omitempty"`
	Cron     string `json:"cron,omitempty"`
	Timezone string `json:"timezone,omitempty"`
	Overlap  string `json:"overlap"`
	// NextRun is when the schedule fires next; null once serve stops.
	NextRun *time.Time `json:"next_run"`
}

// LastRunInfo sums up a finished run.
type LastRunInfo struct {
	ID       string     `json:"id"`
	Status   string     `json:"status"`
	Started  *time.Time `json:"started,omitempty"`
	Finished *time.Time `json:"finished,omitempty"`
	URL      string     `json:"url"`
}

// Pipelines returns every pipeline, in the order given to New.
func (s *Server) Pipelines() []PipelineInfo {
	var out []PipelineInfo
	for _, st := range s.sched.Jobs() {
		out = append(out, s.pipelineInfo(st))
	}
	return out
}

func (s *Server) pipelineInfo(st schedule.JobStatus) PipelineInfo {
	pi := PipelineInfo{Name: st.Name, Overlap: st.Overlap.String(), Schedules: []ScheduleInfo{}, Running: []string{}}
	for _, sc := range st.Schedules {
		si := ScheduleInfo{Name: sc.Name, Cron: sc.Cron, Overlap: sc.Overlap.String()}
		if sc.Every > 0 {
			si.Every = sc.Every.String()
		}
		if sc.Cron != "" && sc.Location != nil {
			si.Timezone = sc.Location.String()
		}
		if !sc.Next.IsZero() {
			next := sc.Next
			si.NextRun = &next
		}
		pi.Schedules = append(pi.Schedules, si)
	}
	for _, r := range st.Running {
		pi.Running = append(pi.Running, r.ID)
	}
	if st.Queued != nil {
		id := st.Queued.ID
		pi.Queued = &id
	}
	s.mu.Lock()
	last := s.last[st.Name]
	s.mu.Unlock()
	if last != nil {
		info := last.info(s.now())
		pi.LastRun = &LastRunInfo{ID: info.ID, Status: info.Status, Started: info.Started, Finished: info.Finished, URL: runURL(info.ID)}
	}
	return pi
}

func runURL(id string) string { return "/api/v1/runs/" + url.PathEscape(id) }

func (s *Server) listPipelines(w http.ResponseWriter, _ *http.Request) {
	pipelines := s.Pipelines()
	if pipelines == nil {
		pipelines = []PipelineInfo{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"pipelines": pipelines})
}

func (s *Server) getPipeline(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	st, ok := s.sched.Job(name)
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no pipeline %q", name), nil)
		return
	}
	writeJSON(w, http.StatusOK, s.pipelineInfo(st))
}

// triggerRun starts a run now. The body may be empty or one JSON object,
// with at most the field "vars" (the run's parameters: an object of values by
// variable name), and nothing after it; anything else is a 400, and so are
// values the pipeline refuses (with the reason).
func (s *Server) triggerRun(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body over %d bytes", tooBig.Limit), nil)
			return
		}
		writeError(w, http.StatusBadRequest, "reading the request body: "+err.Error(), nil)
		return
	}
	req, err := decodeRunRequest(body)
	if err != nil {
		writeError(w, http.StatusBadRequest, `the body must be empty or a JSON object without fields other than "vars" (an object of run parameters): `+err.Error(), nil)
		return
	}
	p, ok := s.byName[name]
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no pipeline %q", name), nil)
		return
	}
	withVars, err := p.WithVars(req.Vars)
	if err != nil {
		writeError(w, http.StatusBadRequest, "invalid run parameters: "+varsError(p, err), nil)
		return
	}

	info, err := s.triggerTraced(r, name, withVars)
	var overlap *schedule.OverlapError
	switch {
	case errors.Is(err, ErrUnknownPipeline):
		writeError(w, http.StatusNotFound, fmt.Sprintf("no pipeline %q", name), nil)
		return
	case errors.As(err, &overlap):
		extra := map[string]any{"overlap": overlap.Overlap.String(), "running": overlap.Running}
		msg := fmt.Sprintf("pipeline %q is running and its overlap policy is %q: no run started", name, overlap.Overlap)
		if overlap.Queued != "" {
			extra["queued"] = overlap.Queued
			msg = fmt.Sprintf("pipeline %q is running and a run already waits (overlap %q): no run started", name, overlap.Overlap)
		}
		writeError(w, http.StatusConflict, msg, extra)
		return
	case errors.Is(err, ErrShuttingDown):
		w.Header().Set("Retry-After", "30")
		writeError(w, http.StatusServiceUnavailable, "the server is shutting down: no new runs", nil)
		return
	case err != nil:
		writeError(w, http.StatusInternalServerError, err.Error(), nil)
		return
	}
	w.Header().Set("Location", runURL(info.ID))
	writeJSON(w, http.StatusAccepted, info)
}

// runRequest is the body of POST /api/v1/pipelines/NAME/runs.
type runRequest struct {
	// Vars are the run's parameters: JSON values by variable name, typed by
	// the pipeline's declarations.
	Vars map[string]json.RawMessage `json:"vars"`
}

// decodeRunRequest accepts an empty (or blank) body or exactly one JSON
// object whose only field may be "vars", an object (or null), and nothing
// after it but blanks: not null, not an array, not two objects.
func decodeRunRequest(body []byte) (runRequest, error) {
	var req runRequest
	var raw struct {
		Vars json.RawMessage `json:"vars"`
	}
	if err := decodeOneObject(body, &raw); err != nil {
		return req, err
	}
	if v := bytes.TrimSpace(raw.Vars); len(v) > 0 && !bytes.Equal(v, []byte("null")) {
		if v[0] != '{' {
			return req, errors.New(`"vars" is not an object`)
		}
		if err := json.Unmarshal(v, &req.Vars); err != nil {
			return req, fmt.Errorf(`"vars": %w`, err)
		}
	}
	return req, nil
}

// decodeEmptyObject accepts an empty (or blank) body or {} and nothing after
// it but blanks.
func decodeEmptyObject(body []byte) error { return decodeOneObject(body, &struct{}{}) }

// decodeOneObject decodes an empty (or blank) body as nothing, else exactly
// one JSON object into v, unknown fields refused, with nothing after it but
// blanks: not null, not an array, not two objects.
func decodeOneObject(body []byte, v any) error {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return nil
	}
	if trimmed[0] != '{' {
		return errors.New("not an object")
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	end := dec.InputOffset()
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("something follows the object (at byte %d): send one object", end)
	}
	return nil
}

// varsError is the message of run parameters p refused: each error's place
// and text, sensitive values hidden.
func varsError(p *dagrun.Pipeline, err error) string {
	var de *dagrun.DiagnosticsError
	if !errors.As(err, &de) {
		return p.Redact(err.Error())
	}
	var msgs []string
	for _, d := range de.Diagnostics {
		if d.Severity != hcl2.DiagError {
			continue
		}
		msg := d.Summary
		if d.Detail != "" {
			msg += ": " + d.Detail
		}
		msgs = append(msgs, de.Redact(p.Redact(strings.ReplaceAll(msg, "\n\n", " "))))
	}
	return strings.Join(msgs, "; ")
}

// TriggerWith is Trigger for a run of p, the pipeline loaded again with the
// run's parameters (dagrun.Pipeline.WithVars); its name is the pipeline's.
func (s *Server) TriggerWith(pipeline string, p *dagrun.Pipeline) (RunInfo, error) {
	if _, ok := s.byName[pipeline]; !ok {
		return RunInfo{}, fmt.Errorf("%w: %q", ErrUnknownPipeline, pipeline)
	}
	var params any
	if p != s.byName[pipeline] {
		params = p
	}
	r, _, err := s.sched.TriggerWith(pipeline, params)
	if err != nil {
		return RunInfo{}, err
	}
	return s.record(r.ID).info(s.now()), nil
}

// pipelineOf is the pipeline run r runs: the one loaded with its parameters
// (TriggerWith), else the served one.
func (s *Server) pipelineOf(r schedule.Run) *dagrun.Pipeline {
	if p, ok := r.Params.(*dagrun.Pipeline); ok {
		return p
	}
	return s.byName[r.Job]
}

func (s *Server) getRun(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	info, ok := s.Run(id)
	if !ok && s.opts.History != nil {
		recorded, err := s.opts.History.Run(id)
		if err == nil {
			writeJSON(w, http.StatusOK, recorded)
			return
		}
	}
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no run %q: this server started no such run, or it is too old to be kept in memory (see dagrun runs)", id), nil)
		return
	}
	writeJSON(w, http.StatusOK, info)
}
