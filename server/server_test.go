package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"go.uber.org/goleak"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/internal/fakeclock"
	"github.com/dagrun/dagrun/metrics"
	"github.com/dagrun/dagrun/schedule"
	"github.com/dagrun/dagrun/server"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// wait bounds every wait of these tests: a deadline for a hung test, never a
// timing assertion.
const wait = 15 * time.Second

var t0 = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

// env is a server under test behind an httptest server on 127.0.0.1.
type env struct {
	t     *testing.T
	dir   string
	srv   *server.Server
	http  *httptest.Server
	clock *fakeclock.Clock
	token string
}

// start loads each pipeline from its HCL source (file NAME.hcl in a temp dir)
// and serves them.
func start(t *testing.T, opts server.Options, sources map[string]string) *env {
	t.Helper()
	e := &env{t: t, dir: t.TempDir(), clock: fakeclock.New(t0), token: opts.Token}
	var names []string
	for name := range sources {
		names = append(names, name)
	}
	slices.Sort(names)
	var pipelines []*dagrun.Pipeline
	for _, name := range names {
		file := filepath.Join(e.dir, name+".hcl")
		if err := os.WriteFile(file, []byte(sources[name]), 0o600); err != nil {
			t.Fatal(err)
		}
		p, err := dagrun.Load(file, dagrun.LoadOptions{})
		if err != nil {
			t.Fatalf("load %s: %v", name, err)
		}
		pipelines = append(pipelines, p)
	}
	opts.Clock = e.clock
	srv, err := server.New(pipelines, opts)
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	e.http = httptest.NewServer(srv.Handler())
	srv.Start()
	t.Cleanup(func() {
		ctx, cancel := context.WithCancel(context.Background())
		cancel() // what still runs is cancelled
		_ = srv.Shutdown(ctx)
		e.http.Close()
	})
	return e
}

// do sends a request (with the token when auth is true; a body as
// application/json) and decodes the JSON answer into out, when given.
func (e *env) do(method, path, body string, auth bool, out any) *http.Response {
	e.t.Helper()
	header := http.Header{}
	if body != "" {
		header.Set("Content-Type", "application/json")
	}
	return e.doHeader(method, path, body, auth, header, out)
}

// doHeader is do with the request's headers given; a "Host" header sets the
// request's Host.
func (e *env) doHeader(method, path, body string, auth bool, header http.Header, out any) *http.Response {
	e.t.Helper()
	req, err := http.NewRequest(method, e.http.URL+path, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	for k, vs := range header {
		if k == "Host" {
			req.Host = vs[0]
			continue
		}
		req.Header[k] = vs
	}
	if auth && e.token != "" {
		req.Header.Set("Authorization", "Bearer "+e.token)
	}
	resp, err := e.http.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			e.t.Fatalf("%s %s: %d, body %q: %v", method, path, resp.StatusCode, b, err)
		}
	}
	return resp
}

// errorBody is every API error.
type errorBody struct {
	Error   string   `json:"error"`
	Running []string `json:"running"`
	Queued  string   `json:"queued"`
}

func (e *env) expectError(method, path, body string, auth bool, code int, contains string) errorBody {
	e.t.Helper()
	var eb errorBody
	resp := e.do(method, path, body, auth, &eb)
	if resp.StatusCode != code {
		e.t.Errorf("%s %s: status %d; want %d (%+v)", method, path, resp.StatusCode, code, eb)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		e.t.Errorf("%s %s: Content-Type %q; want application/json", method, path, ct)
	}
	if !strings.Contains(eb.Error, contains) {
		e.t.Errorf("%s %s: error %q; want it to mention %q", method, path, eb.Error, contains)
	}
	return eb
}

func (e *env) trigger(pipeline string) server.RunInfo {
	e.t.Helper()
	var ri server.RunInfo
	resp := e.do("POST", "/api/v1/pipelines/"+pipeline+"/runs", "", true, &ri)
	if resp.StatusCode != http.StatusAccepted || ri.ID == "" {
		e.t.Fatalf("POST runs of %s: %d %+v; want 202 with a run id", pipeline, resp.StatusCode, ri)
	}
	if loc := resp.Header.Get("Location"); loc != "/api/v1/runs/"+ri.ID {
		e.t.Errorf("Location %q", loc)
	}
	return ri
}

// runUntil polls the run until cond holds.
func (e *env) runUntil(id string, cond func(server.RunInfo) bool) server.RunInfo {
	e.t.Helper()
	deadline := time.Now().Add(wait)
	for {
		var ri server.RunInfo
		if resp := e.do("GET", "/api/v1/runs/"+id, "", true, &ri); resp.StatusCode != http.StatusOK {
			e.t.Fatalf("GET run %s: %d", id, resp.StatusCode)
		}
		if cond(ri) {
			return ri
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("run %s: condition never held; last %+v", id, ri)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func final(ri server.RunInfo) bool {
	return ri.Status != server.StatusQueued && ri.Status != server.StatusRunning
}

// waitFile waits until name exists and returns its content.
func waitFile(t *testing.T, name string) string {
	t.Helper()
	deadline := time.Now().Add(wait)
	for {
		if b, err := os.ReadFile(name); err == nil && len(b) > 0 && b[len(b)-1] == '\n' {
			return strings.TrimSpace(string(b))
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never appeared", name)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

const quick = `
pipe "one" {
  use   = "value"
  value = "done"
}
pipe "two" {
  use   = "value"
  value = pipe.one.output
}
`

// gated runs until the file "go" exists in its directory; it writes its pid
// to "started" first.
const gated = `
pipe "gate" {
  use     = "exec"
  retries = 0
  script  = "echo $$ > started; while [ ! -e go ]; do sleep 0.01; done"
}
`

func TestTriggerEndpoint(t *testing.T) {
	e := start(t, server.Options{Token: "s3cret"}, map[string]string{"quick": quick})

	// The API needs the token; /metrics and /healthz do not.
	e.expectError("POST", "/api/v1/pipelines/quick/runs", "", false, http.StatusUnauthorized, "bearer token")
	resp := e.do("GET", "/api/v1/pipelines", "", false, nil)
	if resp.StatusCode != http.StatusUnauthorized || !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Bearer") {
		t.Errorf("GET pipelines without token: %d, WWW-Authenticate %q", resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
	}
	for _, bad := range []string{"Bearer s3cre", "Bearer s3cret2", "Basic s3cret", "s3cret", "Bearer "} {
		req, _ := http.NewRequest("POST", e.http.URL+"/api/v1/pipelines/quick/runs", nil)
		req.Header.Set("Authorization", bad)
		resp, err := e.http.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("Authorization %q: %d; want 401", bad, resp.StatusCode)
		}
	}
	for _, open := range []string{"/metrics", "/healthz"} {
		if resp := e.do("GET", open, "", false, nil); resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s without token: %d; want 200", open, resp.StatusCode)
		}
	}

	// Unknown pipeline: 404 with a JSON error; unknown paths and methods too.
	e.expectError("POST", "/api/v1/pipelines/nope/runs", "", true, http.StatusNotFound, `no pipeline "nope"`)
	e.expectError("GET", "/api/v1/pipelines/nope", "", true, http.StatusNotFound, `no pipeline "nope"`)
	e.expectError("GET", "/api/v1/runs/nope", "", true, http.StatusNotFound, `no run "nope"`)
	e.expectError("GET", "/api/v1/nothing", "", true, http.StatusNotFound, "no such endpoint")
	e.expectError("DELETE", "/api/v1/pipelines/quick/runs", "", true, http.StatusMethodNotAllowed, "Method Not Allowed")

	// Bodies: empty or {}; limited in size.
	e.expectError("POST", "/api/v1/pipelines/quick/runs", `{"target": "one"}`, true, http.StatusBadRequest, "JSON object without fields")
	e.expectError("POST", "/api/v1/pipelines/quick/runs", strings.Repeat(" ", server.DefaultMaxBodyBytes+1), true, http.StatusRequestEntityTooLarge, "request body over")

	// 202 with a run id, which the run endpoint knows at once.
	ri := e.trigger("quick")
	if ri.Pipeline != "quick" || ri.Trigger != "api" || len(ri.Pipes) != 2 {
		t.Errorf("run %+v", ri)
	}
	done := e.runUntil(ri.ID, final)
	if done.Status != "succeeded" || done.Pipes[0].Status != "succeeded" || done.Pipes[1].Attempts != 1 {
		t.Errorf("finished run %+v", done)
	}
	var body2 server.RunInfo
	if resp := e.do("POST", "/api/v1/pipelines/quick/runs", "{}", true, &body2); resp.StatusCode != http.StatusAccepted {
		t.Errorf("POST with {}: %d", resp.StatusCode)
	}
	e.runUntil(body2.ID, final)

	var list struct{ Pipelines []server.PipelineInfo }
	e.do("GET", "/api/v1/pipelines", "", true, &list)
	if len(list.Pipelines) != 1 || list.Pipelines[0].LastRun == nil || list.Pipelines[0].LastRun.Status != "succeeded" {
		t.Errorf("pipelines %+v", list.Pipelines)
	}
	if n := runsTotal(t, e.srv, "quick", "succeeded"); n != 2 {
		t.Errorf("dagrun_pipeline_runs_total{succeeded} = %g; want 2", n)
	}
}

func TestTriggerRespectsOverlap(t *testing.T) {
	e := start(t, server.Options{}, map[string]string{
		"skipper": gated + `schedule "s" { every = "1h" }`,
	})
	ri := e.trigger("skipper")
	waitFile(t, filepath.Join(e.dir, "started"))
	eb := e.expectError("POST", "/api/v1/pipelines/skipper/runs", "", true, http.StatusConflict, `overlap policy is "skip"`)
	if !slices.Equal(eb.Running, []string{ri.ID}) {
		t.Errorf("409 names running %v; want [%s]", eb.Running, ri.ID)
	}
	if err := os.WriteFile(filepath.Join(e.dir, "go"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if got := e.runUntil(ri.ID, final); got.Status != "succeeded" {
		t.Errorf("run %+v", got)
	}
}

func TestTriggerQueues(t *testing.T) {
	e := start(t, server.Options{}, map[string]string{
		"queuer": gated + `schedule "s" {
  every   = "1h"
  overlap = "queue"
}`,
	})
	first := e.trigger("queuer")
	second := e.trigger("queuer")
	if second.Status != server.StatusQueued {
		t.Errorf("second run %s; want queued", second.Status)
	}
	eb := e.expectError("POST", "/api/v1/pipelines/queuer/runs", "", true, http.StatusConflict, "already waits")
	if eb.Queued != second.ID {
		t.Errorf("409 names queued %q; want %s", eb.Queued, second.ID)
	}
	if err := os.WriteFile(filepath.Join(e.dir, "go"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{first.ID, second.ID} {
		if got := e.runUntil(id, final); got.Status != "succeeded" {
			t.Errorf("run %+v", got)
		}
	}
}

// Schedules fire on the (manual) clock; their ticks and runs show in the
// metrics and the API.
func TestSchedulesRunPipelines(t *testing.T) {
	e := start(t, server.Options{}, map[string]string{
		"ticker": quick + `
schedule "minutely" { every = "1m" }
schedule "quarter" { cron = "*/15 * * * *" }
`,
	})
	var list struct{ Pipelines []server.PipelineInfo }
	e.do("GET", "/api/v1/pipelines", "", true, &list)
	scheds := list.Pipelines[0].Schedules
	if len(scheds) != 2 || scheds[0].Every != "1m0s" || scheds[1].Cron != "*/15 * * * *" || scheds[1].Timezone != "UTC" ||
		scheds[0].NextRun == nil || !scheds[0].NextRun.Equal(t0.Add(time.Minute)) || !scheds[1].NextRun.Equal(t0.Add(15*time.Minute)) {
		t.Fatalf("schedules %+v", scheds)
	}

	for i := 1; i <= 3; i++ {
		at := t0.Add(time.Duration(i) * time.Minute)
		ctx, cancel := context.WithTimeout(context.Background(), wait)
		e.clock.WaitFor(ctx, func(ts []time.Time) bool { return slices.ContainsFunc(ts, at.Equal) })
		cancel()
		e.clock.Set(at)
		deadline := time.Now().Add(wait)
		// The metrics count the run when its last event is out; the scheduler
		// counts it as running until Pipeline.Run has returned. The next tick
		// must find it ended, or it is skipped (overlap = skip).
		for runsTotal(t, e.srv, "ticker", "succeeded") < float64(i) || e.running("ticker") {
			if time.Now().After(deadline) {
				t.Fatalf("run %d never finished", i)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	want := `
# HELP dagrun_schedule_ticks_total Schedule ticks of dagrun serve, by what they did: started a run, queued one (overlap = "queue"), or skipped_overlap (a run was still going).
# TYPE dagrun_schedule_ticks_total counter
dagrun_schedule_ticks_total{pipeline="ticker",result="queued",schedule="minutely"} 0
dagrun_schedule_ticks_total{pipeline="ticker",result="queued",schedule="quarter"} 0
dagrun_schedule_ticks_total{pipeline="ticker",result="skipped_overlap",schedule="minutely"} 0
dagrun_schedule_ticks_total{pipeline="ticker",result="skipped_overlap",schedule="quarter"} 0
dagrun_schedule_ticks_total{pipeline="ticker",result="started",schedule="minutely"} 3
dagrun_schedule_ticks_total{pipeline="ticker",result="started",schedule="quarter"} 0
`
	if err := testutil.GatherAndCompare(e.srv.Registry(), strings.NewReader(want), metrics.ScheduleTicksTotal); err != nil {
		t.Error(err)
	}
	e.do("GET", "/api/v1/pipelines", "", true, &list)
	p := list.Pipelines[0]
	if p.LastRun == nil || p.LastRun.Status != "succeeded" || !p.Schedules[0].NextRun.Equal(t0.Add(4*time.Minute)) {
		t.Errorf("pipeline %+v", p)
	}
	var run server.RunInfo
	e.do("GET", p.LastRun.URL, "", true, &run)
	if run.Trigger != "schedule" || run.Schedule != "minutely" || !run.Due.Equal(t0.Add(3*time.Minute)) {
		t.Errorf("last run %+v", run)
	}
	next, err := testutil.GatherAndCount(e.srv.Registry(), metrics.ScheduleNextRunTimestampSeconds)
	if err != nil || next != 2 {
		t.Errorf("%s: %d series, %v; want 2", metrics.ScheduleNextRunTimestampSeconds, next, err)
	}
}

// running reports whether a run of pipeline is in progress, as the API says.
func (e *env) running(pipeline string) bool {
	var p server.PipelineInfo
	e.do("GET", "/api/v1/pipelines/"+pipeline, "", true, &p)
	return len(p.Running) > 0
}

// /metrics has every pipeline's series from the start, and the Go and process
// collectors.
func TestMetricsEndpoint(t *testing.T) {
	e := start(t, server.Options{Version: "v9"}, map[string]string{"quick": quick, "gated": gated})
	resp, err := e.http.Client().Get(e.http.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{
		`dagrun_pipeline_runs_total{pipeline="quick",status="succeeded"} 0`,
		`dagrun_pipeline_runs_total{pipeline="gated",status="failed"} 0`,
		`dagrun_pipe_runs_total{pipe="gate",pipeline="gated",status="succeeded"} 0`,
		`dagrun_build_info{goversion="`,
		"go_goroutines ",
		"process_start_time_seconds ",
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

func TestShutdownDrainsRunningPipeline(t *testing.T) {
	e := start(t, server.Options{}, map[string]string{"gated": gated})
	ri := e.trigger("gated")
	waitFile(t, filepath.Join(e.dir, "started"))

	done := make(chan error, 1)
	go func() { done <- e.srv.Shutdown(context.Background()) }()
	deadline := time.Now().Add(wait)
	for !e.srv.Draining() {
		if time.Now().After(deadline) {
			t.Fatal("never draining")
		}
		time.Sleep(time.Millisecond)
	}
	e.expectError("POST", "/api/v1/pipelines/gated/runs", "", true, http.StatusServiceUnavailable, "shutting down")
	var health map[string]string
	e.do("GET", "/healthz", "", false, &health)
	if health["status"] != "draining" {
		t.Errorf("healthz %v", health)
	}
	select {
	case err := <-done:
		t.Fatalf("Shutdown returned %v with the run still going", err)
	default:
	}

	if err := os.WriteFile(filepath.Join(e.dir, "go"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Errorf("Shutdown = %v; want nil after a clean drain", err)
	}
	if got, _ := e.srv.Run(ri.ID); got.Status != "succeeded" {
		t.Errorf("drained run %+v; want succeeded", got)
	}
}

func TestShutdownCancelsRunThatOutlastsTimeout(t *testing.T) {
	e := start(t, server.Options{}, map[string]string{"stuck": `
pipe "forever" {
  use     = "exec"
  retries = 0
  script  = "echo $$ > started; exec sleep 300"
}
`})
	ri := e.trigger("stuck")
	pid, err := strconv.Atoi(waitFile(t, filepath.Join(e.dir, "started")))
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(pid, 0); err != nil {
		t.Fatalf("process %d not running: %v", pid, err)
	}

	// The shutdown timeout, as a context the test ends itself.
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.srv.Shutdown(ctx) }()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Shutdown = %v; want the context's error", err)
	}
	if got, _ := e.srv.Run(ri.ID); got.Status != "cancelled" || got.Pipes[0].Status != "cancelled" {
		t.Errorf("run %+v; want cancelled", got)
	}
	// The run has ended, so its process has been waited for: gone.
	if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("process %d after shutdown: kill(0) = %v; want ESRCH", pid, err)
	}
}

func TestNewRejectsDuplicateNames(t *testing.T) {
	a, err := dagrun.LoadSource("a/x.hcl", []byte(quick), dagrun.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := dagrun.LoadSource("b/x.hcl", []byte(quick), dagrun.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := server.New([]*dagrun.Pipeline{a, b}, server.Options{}); err == nil || !strings.Contains(err.Error(), `two pipelines are named "x"`) {
		t.Errorf("New = %v; want a duplicate name error", err)
	}
}

// runsTotal reads dagrun_pipeline_runs_total{pipeline, status}.
func runsTotal(t *testing.T, srv *server.Server, pipeline, status string) float64 {
	t.Helper()
	mfs, err := srv.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != metrics.PipelineRunsTotal {
			continue
		}
		for _, m := range mf.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			if labels["pipeline"] == pipeline && labels["status"] == status {
				return m.GetCounter().GetValue()
			}
		}
	}
	return 0
}

// fakeRecorder stands for package state's Recorder.
type fakeRecorder struct {
	id       string
	finished chan *dagrun.Result
}

func (r *fakeRecorder) ID() string { return r.id }

func (r *fakeRecorder) Options(o dagrun.RunOptions) dagrun.RunOptions { return o }

func (r *fakeRecorder) Finish(res *dagrun.Result, _ error) error {
	r.finished <- res
	return nil
}

// Each run is handed to Options.Record; the API answers to the recorder's id
// too.
func TestRunsAreRecorded(t *testing.T) {
	rec := &fakeRecorder{id: "state-1", finished: make(chan *dagrun.Result, 1)}
	e := start(t, server.Options{Record: func(p *dagrun.Pipeline, r schedule.Run) (server.Recorder, error) {
		if p.Name() != "quick" || r.Job != "quick" {
			t.Errorf("Record(%s, %+v)", p.Name(), r)
		}
		return rec, nil
	}}, map[string]string{"quick": quick})
	ri := e.trigger("quick")
	if res := <-rec.finished; res == nil || res.Status != dagrun.Succeeded {
		t.Fatalf("recorder finished with %+v", res)
	}
	done := e.runUntil(ri.ID, final)
	if done.StateID != "state-1" {
		t.Errorf("state_id %q", done.StateID)
	}
	var byStateID server.RunInfo
	if resp := e.do("GET", "/api/v1/runs/state-1", "", true, &byStateID); resp.StatusCode != http.StatusOK || byStateID.ID != ri.ID {
		t.Errorf("GET by state id: %d %+v", resp.StatusCode, byStateID)
	}
}

// A run that cannot be recorded still runs.
func TestRecordFailureIsNotFatal(t *testing.T) {
	e := start(t, server.Options{Record: func(*dagrun.Pipeline, schedule.Run) (server.Recorder, error) {
		return nil, errors.New("read-only file system")
	}}, map[string]string{"quick": quick})
	if got := e.runUntil(e.trigger("quick").ID, final); got.Status != "succeeded" || got.StateID != "" {
		t.Errorf("run %+v", got)
	}
}

// A queued run that never started is dropped at shutdown, and shows so.
func TestShutdownDropsQueuedRun(t *testing.T) {
	e := start(t, server.Options{}, map[string]string{
		"queuer": gated + `schedule "s" {
  every   = "1h"
  overlap = "queue"
}`,
	})
	first := e.trigger("queuer")
	second := e.trigger("queuer")
	waitFile(t, filepath.Join(e.dir, "started"))
	done := make(chan error, 1)
	go func() { done <- e.srv.Shutdown(context.Background()) }()
	deadline := time.Now().Add(wait)
	for {
		if got, _ := e.srv.Run(second.ID); got.Status == "cancelled" {
			if !strings.Contains(got.Error, "dropped") || got.Started != nil {
				t.Errorf("dropped run %+v", got)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("queued run never dropped")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := os.WriteFile(filepath.Join(e.dir, "go"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Errorf("Shutdown = %v", err)
	}
	if got, _ := e.srv.Run(first.ID); got.Status != "succeeded" {
		t.Errorf("first run %+v", got)
	}
}

// API runs follow the strictest overlap of the pipeline's schedules.
func TestJobOf(t *testing.T) {
	tests := []struct {
		schedules string
		want      schedule.Overlap
	}{
		{"", schedule.Skip},
		{`schedule "a" {
  every   = "1m"
  overlap = "allow"
}`, schedule.Allow},
		{`schedule "a" {
  every   = "1m"
  overlap = "allow"
}
schedule "b" {
  cron    = "@daily"
  overlap = "queue"
}`, schedule.Queue},
		{`schedule "a" {
  every   = "1m"
  overlap = "allow"
}
schedule "b" {
  cron = "@daily"
}`, schedule.Skip},
	}
	for _, tt := range tests {
		p, err := dagrun.LoadSource("p.hcl", []byte(quick+tt.schedules), dagrun.LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		job, err := server.JobOf(p)
		if err != nil {
			t.Fatal(err)
		}
		if job.Overlap != tt.want {
			t.Errorf("schedules %q: overlap %s; want %s", tt.schedules, job.Overlap, tt.want)
		}
	}
}
