package server_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/schedule"
	"github.com/dagrun/dagrun/server"
)

type runsPage struct {
	Runs   []server.RunSummary `json:"runs"`
	Total  int                 `json:"total"`
	Offset int                 `json:"offset"`
	Limit  int                 `json:"limit"`
	Next   *string             `json:"next"`
}

// The runs list pages newest first and filters by pipeline and status; bad
// filters are 400 JSON errors.
func TestListRuns(t *testing.T) {
	e := start(t, server.Options{Token: "tok"}, map[string]string{"quick": quick, "other": quick})
	var ids []string
	for range 3 {
		ri := e.trigger("quick")
		e.runUntil(ri.ID, final)
		ids = append(ids, ri.ID)
	}
	e.runUntil(e.trigger("other").ID, final)

	var all runsPage
	if resp := e.do("GET", "/api/v1/runs", "", true, &all); resp.StatusCode != 200 || all.Total != 4 || len(all.Runs) != 4 || all.Next != nil {
		t.Fatalf("GET /api/v1/runs: %d, total %d, %d runs, next %v; want 200, 4, 4, null", resp.StatusCode, all.Total, len(all.Runs), all.Next)
	}
	for i := 1; i < len(all.Runs); i++ {
		if all.Runs[i].Started.After(all.Runs[i-1].Started) {
			t.Errorf("run %d started after run %d: want newest first", i, i-1)
		}
	}

	// Two pages of quick's runs: every run once.
	var p1, p2 runsPage
	e.do("GET", "/api/v1/runs?pipeline=quick&limit=2", "", true, &p1)
	if p1.Total != 3 || len(p1.Runs) != 2 || p1.Next == nil {
		t.Fatalf("first page: total %d, %d runs, next %v; want 3, 2 and a next", p1.Total, len(p1.Runs), p1.Next)
	}
	next, _ := url.Parse(*p1.Next)
	if next.Query().Get("offset") != "2" || next.Query().Get("pipeline") != "quick" {
		t.Errorf("next %q: want offset 2 and the same filter", *p1.Next)
	}
	e.do("GET", *p1.Next, "", true, &p2)
	if len(p2.Runs) != 1 || p2.Next != nil || p2.Offset != 2 {
		t.Fatalf("second page: %d runs, next %v, offset %d; want 1, null, 2", len(p2.Runs), p2.Next, p2.Offset)
	}
	var got []string
	for _, r := range append(p1.Runs, p2.Runs...) {
		got = append(got, r.ID)
		if r.Pipeline != "quick" || r.Status != "succeeded" || r.Counts.Succeeded != 2 || r.URL != "/api/v1/runs/"+r.ID {
			t.Errorf("run %+v: want quick, succeeded, 2 pipes succeeded, its URL", r)
		}
	}
	slices.Sort(got)
	slices.Sort(ids)
	if diff := cmp.Diff(ids, got); diff != "" {
		t.Errorf("pages (-want +got):\n%s", diff)
	}

	var failed runsPage
	e.do("GET", "/api/v1/runs?status=failed", "", true, &failed)
	if failed.Total != 0 || len(failed.Runs) != 0 {
		t.Errorf("status=failed: %d runs; want none", failed.Total)
	}

	e.expectError("GET", "/api/v1/runs?status=bogus", "", true, 400, `status "bogus"`)
	e.expectError("GET", "/api/v1/runs?limit=0", "", true, 400, "limit")
	e.expectError("GET", "/api/v1/runs?limit=501", "", true, 400, "limit")
	e.expectError("GET", "/api/v1/runs?offset=-1", "", true, 400, "offset")
	e.expectError("GET", "/api/v1/runs?pipeline=nope", "", true, 404, `no pipeline "nope"`)
	e.expectError("GET", "/api/v1/runs", "", false, 401, "bearer token")
	e.expectError("POST", "/api/v1/runs", "", true, 405, "Method Not Allowed")
}

// Every endpoint of a run answers 404 JSON to an unknown id, and 405 to a
// method it does not take.
func TestRunEndpointsUnknownAndMethods(t *testing.T) {
	e := start(t, server.Options{}, map[string]string{"quick": quick})
	for _, c := range []struct{ method, path string }{
		{"GET", "/api/v1/runs/nope"},
		{"GET", "/api/v1/runs/nope/events"},
		{"GET", "/api/v1/runs/nope/pipes/one/log"},
		{"POST", "/api/v1/runs/nope/cancel"},
		{"POST", "/api/v1/runs/nope/resume"},
		{"POST", "/api/v1/runs/nope/pipes/one/rerun"},
	} {
		e.expectError(c.method, c.path, "", false, 404, `no run "nope"`)
	}
	for _, c := range []struct{ method, path string }{
		{"GET", "/api/v1/runs/x/cancel"},
		{"DELETE", "/api/v1/runs/x/cancel"},
		{"PUT", "/api/v1/runs/x/resume"},
		{"POST", "/api/v1/runs/x/events"},
		{"POST", "/api/v1/pipelines/quick/graph"},
	} {
		e.expectError(c.method, c.path, "", false, 405, "Method Not Allowed")
	}
	e.expectError("GET", "/api/v1/pipelines/nope/graph", "", false, 404, `no pipeline "nope"`)
	e.expectError("GET", "/api/v1/pipelines/nope/variables", "", false, 404, `no pipeline "nope"`)
	e.expectError("GET", "/api/v1/pipelines/nope/grid", "", false, 404, `no pipeline "nope"`)
	e.expectError("GET", "/api/v1/pipelines/quick/grid?runs=0", "", false, 400, "runs")
}

// Cancel ends a running run cancelled, its process killed; a second cancel
// is a 409. Bodies other than empty or {} are 400s.
func TestCancelRun(t *testing.T) {
	e := start(t, server.Options{}, map[string]string{"gated": gated})
	ri := e.trigger("gated")
	waitFile(t, filepath.Join(e.dir, "started"))

	e.expectError("POST", "/api/v1/runs/"+ri.ID+"/cancel", "[]", false, 400, "JSON object without fields")
	e.expectError("POST", "/api/v1/runs/"+ri.ID+"/cancel", `{"why": 1}`, false, 400, "unknown field")
	e.expectError("POST", "/api/v1/runs/"+ri.ID+"/resume", "", false, 409, "only a finished run")

	var cancelled server.RunInfo
	if resp := e.do("POST", "/api/v1/runs/"+ri.ID+"/cancel", "{}", false, &cancelled); resp.StatusCode != http.StatusAccepted || cancelled.ID != ri.ID {
		t.Fatalf("cancel: %d %+v; want 202 and the run", resp.StatusCode, cancelled)
	}
	end := e.runUntil(ri.ID, final)
	if end.Status != "cancelled" || end.Pipes[0].Status != "cancelled" {
		t.Errorf("after cancel: run %s, gate %s; want both cancelled", end.Status, end.Pipes[0].Status)
	}
	e.expectError("POST", "/api/v1/runs/"+ri.ID+"/cancel", "", false, 409, "nothing to cancel")
	// Without recorded run state there is nothing to resume from.
	e.expectError("POST", "/api/v1/runs/"+ri.ID+"/resume", "", false, 501, "not recorded")
}

// The event stream sends the run at once and after changes, then "end".
func TestRunEvents(t *testing.T) {
	e := start(t, server.Options{}, map[string]string{"gated": gated})
	ri := e.trigger("gated")
	resp, err := e.http.Client().Get(e.http.URL + "/api/v1/runs/" + ri.ID + "/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 200 || ct != "text/event-stream" {
		t.Fatalf("events: %d %q", resp.StatusCode, ct)
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 1<<20)
	var events []string
	var last server.RunInfo
	waitFile(t, filepath.Join(e.dir, "started"))
	if err := os.WriteFile(filepath.Join(e.dir, "go"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	event := ""
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			event = strings.TrimPrefix(line, "event: ")
			events = append(events, event)
		case strings.HasPrefix(line, "data: ") && event == "run":
			if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &last); err != nil {
				t.Fatalf("event data: %v", err)
			}
		}
	}
	if len(events) < 2 || events[0] != "run" || events[len(events)-1] != "end" {
		t.Fatalf("events %v: want run first and end last", events)
	}
	if last.ID != ri.ID || last.Status != "succeeded" || last.Pipes[0].Status != "succeeded" {
		t.Errorf("last run event %+v: want the run succeeded", last)
	}
	if sp := last.Pipes[0].Spans; len(sp) < 2 || sp[len(sp)-1].Kind != "attempt" || sp[len(sp)-1].Result != "ok" || sp[len(sp)-1].End == nil {
		t.Errorf("gate's spans %+v: want a wait, then an attempt that ended ok", sp)
	}
}

// fakeHistory serves one recorded run with a log file.
type fakeHistory struct {
	log string
}

func (h *fakeHistory) Runs(q server.RunQuery) ([]server.RunSummary, int, error) {
	return []server.RunSummary{{ID: "rec-1", Pipeline: "quick", Status: "failed"}}, 1, nil
}

func (h *fakeHistory) Run(id string) (server.RunInfo, error) {
	if id != "rec-1" {
		return server.RunInfo{}, fmt.Errorf("%w: %q", server.ErrUnknownRun, id)
	}
	return server.RunInfo{ID: "rec-1", StateID: "rec-1", Pipeline: "quick", Status: "failed",
		Pipes: []server.PipeInfo{{ID: "one", Path: "one", Status: "failed"}, {ID: "two", Path: "two", Status: "skipped"}}}, nil
}

func (h *fakeHistory) LogPath(id, pipe string) (string, error) {
	if pipe != "one" {
		return "", fmt.Errorf("%w: %q", server.ErrUnknownPipe, pipe)
	}
	return h.log, nil
}

// A pipe's log: from an offset as JSON (to tail it), whole or by Range as
// text.
func TestPipeLog(t *testing.T) {
	dir := t.TempDir()
	logFile := filepath.Join(dir, "one.log")
	if err := os.WriteFile(logFile, []byte("line 1\nline 2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	e := start(t, server.Options{History: &fakeHistory{log: logFile}}, map[string]string{"quick": quick})

	type chunk struct {
		Text       string `json:"text"`
		Offset     int64  `json:"offset"`
		NextOffset int64  `json:"next_offset"`
		Size       int64  `json:"size"`
		Live       bool   `json:"live"`
	}
	var c chunk
	if resp := e.do("GET", "/api/v1/runs/rec-1/pipes/one/log?offset=0", "", false, &c); resp.StatusCode != 200 {
		t.Fatalf("log: %d", resp.StatusCode)
	}
	if diff := cmp.Diff(chunk{Text: "line 1\nline 2\n", Offset: 0, NextOffset: 14, Size: 14}, c); diff != "" {
		t.Errorf("log from 0 (-want +got):\n%s", diff)
	}
	// The log grows: the next read gives only what is new.
	f, _ := os.OpenFile(logFile, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("line 3\n")
	f.Close()
	e.do("GET", "/api/v1/runs/rec-1/pipes/one/log?offset=14", "", false, &c)
	if c.Text != "line 3\n" || c.NextOffset != 21 {
		t.Errorf("log from 14: %+v; want line 3 and next offset 21", c)
	}
	e.expectError("GET", "/api/v1/runs/rec-1/pipes/one/log?offset=99", "", false, 416, "past the end")
	e.expectError("GET", "/api/v1/runs/rec-1/pipes/one/log?offset=x", "", false, 400, "offset")
	e.expectError("GET", "/api/v1/runs/rec-1/pipes/nope/log", "", false, 404, `no pipe "nope"`)

	// Whole, and by Range.
	req, _ := http.NewRequest("GET", e.http.URL+"/api/v1/runs/rec-1/pipes/one/log", nil)
	req.Header.Set("Range", "bytes=7-")
	resp, err := e.http.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body := make([]byte, 100)
	n, _ := resp.Body.Read(body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusPartialContent || string(body[:n]) != "line 2\nline 3\n" {
		t.Errorf("Range bytes=7-: %d %q; want 206 and the last two lines", resp.StatusCode, body[:n])
	}

	// A recorded run this process did not start is read from the history.
	var ri server.RunInfo
	if resp := e.do("GET", "/api/v1/runs/rec-1", "", false, &ri); resp.StatusCode != 200 || ri.Status != "failed" || len(ri.Pipes) != 2 {
		t.Errorf("GET recorded run: %d %+v", resp.StatusCode, ri)
	}
}

// reuseRecorder stands for a resumed run's recorder: every pipe succeeded
// before.
type reuseRecorder struct{ fakeRecorder }

func (r *reuseRecorder) Options(o dagrun.RunOptions) dagrun.RunOptions {
	o.Reuse = func(id string) (dagrun.PipeResult, bool) {
		return dagrun.PipeResult{ID: id, Status: dagrun.Succeeded, Attempts: 1, Output: cty.StringVal("earlier")}, true
	}
	return o
}

// Resume reuses what succeeded; re-running a pipe runs it and its
// downstream again.
func TestResumeAndRerun(t *testing.T) {
	const chain = `
pipe "one" {
  use   = "value"
  value = "done"
}
pipe "two" {
  use   = "value"
  value = pipe.one.output
}
pipe "three" {
  use   = "value"
  value = "alone"
}
`
	var from []string
	e := start(t, server.Options{
		History: &fakeHistory{},
		Resume: func(p *dagrun.Pipeline, _ schedule.Run, f string) (server.Recorder, error) {
			from = append(from, f)
			return &reuseRecorder{fakeRecorder{id: fmt.Sprintf("resumed-%d", len(from)), finished: make(chan *dagrun.Result, 1)}}, nil
		},
	}, map[string]string{"quick": chain})
	first := e.trigger("quick")
	e.runUntil(first.ID, final)

	var resumed server.RunInfo
	if resp := e.do("POST", "/api/v1/runs/"+first.ID+"/resume", "", false, &resumed); resp.StatusCode != http.StatusAccepted {
		t.Fatalf("resume: %d", resp.StatusCode)
	}
	end := e.runUntil(resumed.ID, final)
	if end.ResumedFrom != first.ID || end.Status != "succeeded" {
		t.Errorf("resumed run: from %q, %s; want from %s, succeeded", end.ResumedFrom, end.Status, first.ID)
	}
	reused := map[string]bool{}
	for _, p := range end.Pipes {
		reused[p.ID] = p.Reused
	}
	if diff := cmp.Diff(map[string]bool{"one": true, "two": true, "three": true}, reused); diff != "" {
		t.Errorf("resume reused (-want +got):\n%s", diff)
	}

	var rerun server.RunInfo
	if resp := e.do("POST", "/api/v1/runs/"+first.ID+"/pipes/one/rerun", "", false, &rerun); resp.StatusCode != http.StatusAccepted {
		t.Fatalf("rerun: %d", resp.StatusCode)
	}
	end = e.runUntil(rerun.ID, final)
	reused = map[string]bool{}
	for _, p := range end.Pipes {
		reused[p.ID] = p.Reused
	}
	if diff := cmp.Diff(map[string]bool{"one": false, "two": false, "three": true}, reused); diff != "" {
		t.Errorf("re-run of one reused (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"one"}, end.Rerun); diff != "" {
		t.Errorf("rerun (-want +got):\n%s", diff)
	}
	e.expectError("POST", "/api/v1/runs/"+first.ID+"/pipes/nope/rerun", "", false, 404, `no pipe "nope"`)
}

// The graph is laid out by level, one column each.
func TestPipelineGraph(t *testing.T) {
	e := start(t, server.Options{}, map[string]string{"quick": quick})
	var g server.Graph
	if resp := e.do("GET", "/api/v1/pipelines/quick/graph", "", false, &g); resp.StatusCode != 200 {
		t.Fatalf("graph: %d", resp.StatusCode)
	}
	if len(g.Nodes) != 2 || g.Nodes[0].ID != "one" || g.Nodes[0].Level != 0 || g.Nodes[1].Level != 1 || g.Nodes[1].X <= g.Nodes[0].X {
		t.Errorf("nodes %+v: want one at level 0, two at level 1 to its right", g.Nodes)
	}
	if diff := cmp.Diff([]server.GraphEdge{{From: 0, To: 1, D: "M 200 64 C 235 64, 235 64, 270 64"}}, g.Edges); diff != "" {
		t.Errorf("edges (-want +got):\n%s", diff)
	}
}

// The Run form's variables: typed, defaults shown except a sensitive one's.
func TestPipelineVariables(t *testing.T) {
	const src = `
variable "who" {
  type    = string
  default = "world"
}
variable "count" {
  type    = number
  default = 3
}
variable "key" {
  type      = string
  sensitive = true
  default   = "hunter2"
}
pipe "one" {
  use   = "value"
  value = var.who
}
`
	e := start(t, server.Options{}, map[string]string{"vars": src})
	resp := e.do("GET", "/api/v1/pipelines/vars/variables", "", false, nil)
	var body struct {
		Variables []server.VariableInfo `json:"variables"`
	}
	e.do("GET", "/api/v1/pipelines/vars/variables", "", false, &body)
	if resp.StatusCode != 200 {
		t.Fatalf("variables: %d", resp.StatusCode)
	}
	want := []server.VariableInfo{
		{Name: "who", Type: "string", Default: json.RawMessage(`"world"`)},
		{Name: "count", Type: "number", Default: json.RawMessage(`3`)},
		{Name: "key", Type: "string", Sensitive: true},
	}
	if diff := cmp.Diff(want, body.Variables); diff != "" {
		t.Errorf("variables (-want +got):\n%s", diff)
	}
}

// With a token: the UI's login sets an HttpOnly, SameSite=Strict cookie; the
// cookie reads, but changes nothing without the CSRF token.
func TestUILoginAndCSRF(t *testing.T) {
	e := start(t, server.Options{Token: "tok"}, map[string]string{"gated": gated})
	e.expectError("POST", "/ui/login", `{"token": "wrong"}`, false, 401, "wrong token")
	e.expectError("POST", "/ui/login", `nope`, false, 400, "token")
	resp := e.do("POST", "/ui/login", `{"token": "tok"}`, false, nil)
	var cookie *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == "dagrun_session" {
			cookie = c
		}
	}
	if resp.StatusCode != 200 || cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteStrictMode {
		t.Fatalf("login: %d, cookie %+v; want 200 and an HttpOnly SameSite=Strict cookie", resp.StatusCode, cookie)
	}
	withCookie := http.Header{"Cookie": {cookie.String()}}
	var sess struct{ Auth, CSRF string }
	if resp := e.doHeader("GET", "/api/v1/session", "", false, withCookie, &sess); resp.StatusCode != 200 || sess.Auth != "token" || sess.CSRF == "" {
		t.Fatalf("session: %d %+v", resp.StatusCode, sess)
	}
	e.expectError("GET", "/api/v1/session", "", false, 401, "bearer token")
	var page runsPage
	if resp := e.doHeader("GET", "/api/v1/runs", "", false, withCookie, &page); resp.StatusCode != 200 {
		t.Errorf("GET runs with the cookie: %d", resp.StatusCode)
	}
	// A change with the cookie alone is refused; with the CSRF token it goes.
	var eb errorBody
	if resp := e.doHeader("POST", "/api/v1/pipelines/gated/runs", "", false, withCookie, &eb); resp.StatusCode != 403 || !strings.Contains(eb.Error, "CSRF") {
		t.Errorf("POST with the cookie alone: %d %q; want 403 for the CSRF token", resp.StatusCode, eb.Error)
	}
	wrong := "0" + sess.CSRF[1:]
	if wrong == sess.CSRF { // the token began with 0
		wrong = "1" + sess.CSRF[1:]
	}
	h := http.Header{"Cookie": {cookie.String()}, "X-Dagrun-Csrf": {wrong}}
	if resp := e.doHeader("POST", "/api/v1/pipelines/gated/runs", "", false, h, &eb); resp.StatusCode != 403 {
		t.Errorf("POST with a wrong CSRF token: %d; want 403", resp.StatusCode)
	}
	h.Set("X-Dagrun-Csrf", sess.CSRF)
	var ri server.RunInfo
	if resp := e.doHeader("POST", "/api/v1/pipelines/gated/runs", "", false, h, &ri); resp.StatusCode != 202 {
		t.Fatalf("POST with the cookie and the CSRF token: %d; want 202", resp.StatusCode)
	}
	if resp := e.doHeader("POST", "/api/v1/runs/"+ri.ID+"/cancel", "", false, h, &ri); resp.StatusCode != 202 {
		t.Errorf("cancel with the cookie and the CSRF token: %d; want 202", resp.StatusCode)
	}
	e.runUntil(ri.ID, final)
}

// The UI's pages are embedded, and may run only their own scripts.
func TestUIPages(t *testing.T) {
	e := start(t, server.Options{Token: "tok"}, map[string]string{"quick": quick})
	client := e.http.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := client.Get(e.http.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != "/ui/" {
		t.Errorf("GET /: %d %q; want a redirect to /ui/", resp.StatusCode, resp.Header.Get("Location"))
	}
	for _, page := range []string{"/ui/", "/ui/app.js", "/ui/style.css"} {
		resp, err := client.Get(e.http.URL + page)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'self'") {
			t.Errorf("GET %s: %d, CSP %q", page, resp.StatusCode, resp.Header.Get("Content-Security-Policy"))
		}
	}
}

// The grid has a row per pipe, instances after their fan-out (grouped under
// it), and a column per run, newest first.
func TestPipelineGrid(t *testing.T) {
	const src = `
pipe "fan" {
  use      = "value"
  for_each = { a = 1, b = 2 }
  value    = each.value * 10
}
pipe "last" {
  use        = "value"
  depends_on = [pipe.fan]
  value      = 1
}
`
	e := start(t, server.Options{}, map[string]string{"grid": src})
	first := e.trigger("grid")
	e.runUntil(first.ID, final)
	second := e.trigger("grid")
	e.runUntil(second.ID, final)

	var g server.Grid
	if resp := e.do("GET", "/api/v1/pipelines/grid/grid?runs=5", "", false, &g); resp.StatusCode != 200 {
		t.Fatalf("grid: %d", resp.StatusCode)
	}
	var cols []string
	for _, r := range g.Runs {
		cols = append(cols, r.ID)
	}
	if diff := cmp.Diff([]string{second.ID, first.ID}, cols); diff != "" {
		t.Errorf("columns (-want +got):\n%s", diff)
	}
	type row struct{ ID, Group, Cells string }
	var rows []row
	for _, r := range g.Rows {
		var cells []string
		for _, c := range r.Cells {
			cells = append(cells, c.Status)
		}
		rows = append(rows, row{r.ID, r.Group, strings.Join(cells, ",")})
	}
	want := []row{
		{"fan", "", "succeeded,succeeded"},
		{"fan[a]", "fan", "succeeded,succeeded"},
		{"fan[b]", "fan", "succeeded,succeeded"},
		{"last", "", "succeeded,succeeded"},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}
