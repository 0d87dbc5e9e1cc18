package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The browser tests drive serve's web UI in a real headless Chromium.
// Without a browser they are skipped with a message, unless
// DAGRUN_REQUIRE_CHROMIUM=1 (CI sets it), which makes that a failure.

// uiPipeline runs pipes that wait for files the test creates, so the test
// sees each state on the page before it moves on.
const uiPipeline = `
pipeline "web" {}

variable "who" {
  type    = string
  default = "world"
}

pipe "greet" {
  use     = "exec"
  retries = 0
  command = ["echo", "hello ${var.who}"]
}

pipe "gate" {
  use     = "exec"
  retries = 0
  script  = "echo waiting; while [ ! -f DIR/open ]; do sleep 0.05; done; echo open"
}

pipe "boom" {
  use        = "exec"
  retries    = 0
  depends_on = [pipe.gate]
  script     = <<-SH
    echo "boom-line-one"
    echo "boom-line-two" >&2
    while [ ! -f DIR/fail ]; do sleep 0.05; done
    echo "disk on fire" >&2
    exit 3
  SH
}

pipe "after" {
  use   = "value"
  value = pipe.greet.output.stdout
}

pipe "each" {
  use      = "value"
  for_each = { a = 1, b = 2 }
  value    = each.value
}

pipe "pack" {
  sequential = true
  depends_on = [pipe.each]

  pipe "one" {
    use   = "value"
    value = 1
  }
  pipe "two" {
    use   = "value"
    value = 2
  }
}
`

// uiLongPipeline sleeps until cancelled, unless the test has let it
// through (for the resumed run).
const uiLongPipeline = `
pipeline "long" {}

pipe "first" {
  use     = "exec"
  retries = 0
  command = ["echo", "first"]
}

pipe "sleepy" {
  use        = "exec"
  retries    = 0
  depends_on = [pipe.first]
  script     = "echo $$ > DIR/sleepy.pid; if [ -f DIR/through ]; then echo through; exit 0; fi; exec sleep 600"
}
`

// browser starts headless Chromium for t, or skips t without one.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := os.Getenv("DAGRUN_CHROMIUM")
	if path == "" {
		for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
			if p, err := exec.LookPath(name); err == nil {
				path = p
				break
			}
		}
	}
	if path == "" {
		if os.Getenv("DAGRUN_REQUIRE_CHROMIUM") == "1" {
			t.Fatal("DAGRUN_REQUIRE_CHROMIUM=1 but no chromium on PATH (nor DAGRUN_CHROMIUM)")
		}
		t.Skip("SKIPPED: the browser tests of the web UI need Chromium: apt-get install chromium (or set DAGRUN_CHROMIUM)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.Flag("disable-gpu", true),
		chromedp.WindowSize(1400, 900))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	return ctx
}

// do runs browser actions, failing t on error.
func do(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v\npage: %s", what, err, pageText(ctx))
	}
}

// waitFor polls the page until the JavaScript expression is truthy.
func waitFor(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	pctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if _, err := chromedp.Run(pctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(25*time.Second))); err != nil {
		t.Fatalf("waiting for %s (%s): %v\npage: %s", what, expr, err, pageText(ctx))
	}
}

// eval returns the value of a JavaScript expression on the page.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

func pageText(ctx context.Context) string {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	s, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText.slice(0, 2000) : ""`))
	return s
}

// screenshot takes a picture of the page. With DAGRUN_UI_SCREENSHOTS=1 it
// is saved as docs/img/NAME.png, which docs/serve.md shows (a test run does
// not rewrite files of the repository otherwise).
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if len(png) == 0 {
		t.Fatalf("screenshot %s is empty", name)
	}
	dir := filepath.Join("..", "..", "docs", "img")
	if os.Getenv("DAGRUN_UI_SCREENSHOTS") != "1" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// nodeStatus is the expression of a graph node's status on the run page.
func nodeStatus(id string) string {
	return fmt.Sprintf(`(document.querySelector('#graph g.node[data-id=%q]') || {getAttribute(){return ""}}).getAttribute("data-status")`, id)
}

// apiGet reads a JSON answer of the API.
func apiGet(t *testing.T, url, token string, v any) int {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("GET %s: %v: %s", url, err, b)
		}
	}
	return resp.StatusCode
}

func writePipelines(t *testing.T) string {
	dir := t.TempDir()
	for name, src := range map[string]string{"web/web.hcl": uiPipeline, "long/long.hcl": uiLongPipeline} {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(strings.ReplaceAll(src, "DIR", dir)), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func touch(t *testing.T, path string) {
	t.Helper()
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestUIBrowser: the pipelines page; a run triggered from the form with a
// variable, watched live from pending to running to succeeded; a failing
// pipe's error and live log; a long run cancelled (its process gone) and
// resumed; the grid with both runs.
func TestUIBrowser(t *testing.T) {
	ctx := browser(t)
	dir := writePipelines(t)
	sp := startServe(t, dir, []string{"PATH=/usr/bin:/bin", "HOME=" + dir}, "web", "long", "--state-dir", filepath.Join(dir, "state"))
	base := sp.base

	// The pipelines page.
	do(t, ctx, "opening the UI", chromedp.Navigate(base+"/"))
	waitFor(t, ctx, "the pipelines", `document.querySelectorAll('#pipelines tr[data-pipeline]').length === 2`)

	// The Run form, with a variable.
	do(t, ctx, "opening the run form", chromedp.Click(`button.run[data-pipeline="web"]`))
	waitFor(t, ctx, "the run form", `document.querySelector('#run-form input[name="var-who"]') !== null`)
	if got := eval[string](t, ctx, `document.querySelector('input[name="var-who"]').value`); got != "world" {
		t.Errorf("the variable's input holds %q; want its default, world", got)
	}
	// The form posts {"vars": {...}} with the values set: the run's
	// variables, typed by the pipeline's declarations.
	eval[bool](t, ctx, `(() => { const f = window.fetch; window.posted = []; window.fetch = (u, o) => { if (o && o.method === "POST") window.posted.push(o.body); return f(u, o); }; return true; })()`)
	do(t, ctx, "filling the form",
		chromedp.SetValue(`input[name="var-who"]`, "browser"),
		chromedp.Click(`#run-submit`))
	waitFor(t, ctx, "the form posted", `window.posted.length === 1`)
	if got := eval[string](t, ctx, `window.posted[0]`); got != `{"vars":{"who":"browser"}}` {
		t.Errorf("the form posted %s; want {\"vars\":{\"who\":\"browser\"}}", got)
	}
	want := "hello browser"
	waitFor(t, ctx, "the run page or a refusal", `document.querySelector('#graph') !== null || ((document.querySelector('#run-error') || {}).textContent || "") !== ""`)
	if msg := eval[string](t, ctx, `(document.querySelector('#run-error') || {}).textContent || ""`); msg != "" {
		t.Fatalf("the run with who=browser was refused: %s", msg)
	}

	// Watched live: gate waits for a file, so it is seen running.
	waitFor(t, ctx, "the run page", `document.querySelector('#graph') !== null`)
	waitFor(t, ctx, "gate running", nodeStatus("gate")+` === "running"`)
	if st := eval[string](t, ctx, nodeStatus("boom")); st != "pending" {
		t.Errorf("boom is %q while gate runs; want pending", st)
	}
	if txt := eval[string](t, ctx, `document.querySelector('#graph g.node[data-id="gate"] .stext').textContent`); !strings.Contains(txt, "running") {
		t.Errorf("gate's node says %q; want the word running besides its colour", txt)
	}
	waitFor(t, ctx, "greet succeeded", nodeStatus("greet")+` === "succeeded"`)
	waitFor(t, ctx, "the timeline", `document.querySelectorAll('#gantt rect.attempt').length >= 2`)
	screenshot(t, ctx, "ui-run")
	touch(t, filepath.Join(dir, "open"))
	waitFor(t, ctx, "gate succeeded", nodeStatus("gate")+` === "succeeded"`)
	waitFor(t, ctx, "each's instances counted", `document.querySelector('#graph g.node[data-id="each"] .stext').textContent === "succeeded · 2/2 ok"`)
	if n := eval[int](t, ctx, `document.querySelectorAll('#graph g.node[data-id="each"] rect.stack').length`); n != 2 {
		t.Errorf("the fan-out each is drawn with %d stacked boxes behind it; want 2", n)
	}

	// The greeting came from the form's variable: the output of greet.
	do(t, ctx, "selecting greet", chromedp.Click(`#graph g.node[data-id="greet"]`))
	waitFor(t, ctx, "greet's output", `(document.querySelector('#pipe-output') || {}).textContent?.includes(`+strconv.Quote(want)+`)`)

	// A failing pipe: its live log first, then its error.
	waitFor(t, ctx, "boom running", nodeStatus("boom")+` === "running"`)
	do(t, ctx, "selecting boom by keyboard", chromedp.Focus(`#graph g.node[data-id="boom"]`), chromedp.KeyEvent("\r"))
	waitFor(t, ctx, "boom's live log", `(document.querySelector('#pipe-log') || {}).textContent?.includes("boom-line-two")`)
	touch(t, filepath.Join(dir, "fail"))
	waitFor(t, ctx, "boom failed", nodeStatus("boom")+` === "failed"`)
	waitFor(t, ctx, "boom's error", `(document.querySelector('#pipe-error') || {}).textContent?.length > 0`)
	waitFor(t, ctx, "the end of boom's log", `document.querySelector('#pipe-log').textContent.includes("disk on fire")`)
	waitFor(t, ctx, "the run failed", `document.querySelector('#run-status').textContent === "failed"`)
	errText := eval[string](t, ctx, `document.querySelector('#pipe-error').textContent`)
	if !strings.Contains(errText, "exit status 3") || !strings.Contains(errText, "disk on fire") {
		t.Errorf("boom's error %q: want its exit code 3 and its last line of stderr", errText)
	}
	waitFor(t, ctx, "the tail of boom's log beside its error", `document.querySelector('#pipe-tail').textContent.includes("boom-line-one")`)

	// A long run, cancelled from its page: its process is gone.
	do(t, ctx, "pipelines", chromedp.Navigate(base+"/ui/#/"))
	waitFor(t, ctx, "the pipelines", `document.querySelector('button.run[data-pipeline="long"]') !== null`)
	do(t, ctx, "run long", chromedp.Click(`button.run[data-pipeline="long"]`))
	waitFor(t, ctx, "the run form", `document.querySelector('#run-submit') !== null`)
	do(t, ctx, "start long", chromedp.Click(`#run-submit`))
	waitFor(t, ctx, "sleepy running", nodeStatus("sleepy")+` === "running"`)
	pid := waitPID(t, filepath.Join(dir, "sleepy.pid"))
	do(t, ctx, "cancel", chromedp.Click(`#cancel`))
	waitFor(t, ctx, "the run cancelled", `document.querySelector('#run-status').textContent === "cancelled"`)
	waitFor(t, ctx, "sleepy cancelled", nodeStatus("sleepy")+` === "cancelled"`)
	if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("sleepy's process %d is still there after the cancel (kill 0: %v)", pid, err)
	}

	// Resumed: first is reused, sleepy runs again and gets through.
	touch(t, filepath.Join(dir, "through"))
	cancelledURL := eval[string](t, ctx, `location.hash`)
	do(t, ctx, "resume", chromedp.Click(`#resume`))
	waitFor(t, ctx, "the resumed run's page", fmt.Sprintf(`location.hash !== %q && document.querySelector('#run-meta') && document.querySelector('#run-meta').textContent.includes("resumes")`, cancelledURL))
	waitFor(t, ctx, "the resumed run succeeded", `document.querySelector('#run-status').textContent === "succeeded"`)
	do(t, ctx, "selecting first", chromedp.Click(`#graph g.node[data-id="first"]`))
	waitFor(t, ctx, "first reused", `document.querySelector('#pipe-status').textContent.includes("reused")`)

	// The grid shows both runs.
	do(t, ctx, "grid", chromedp.Navigate(base+"/ui/#/grid/long"))
	waitFor(t, ctx, "the grid", `document.querySelectorAll('#grid thead th.run').length === 2`)
	cells := eval[[]string](t, ctx, `[...document.querySelectorAll('#grid tbody tr[data-pipe="sleepy"] td.cell .status')].map(e => e.title)`)
	if strings.Join(cells, ",") != "succeeded,cancelled" {
		t.Errorf("sleepy's row in the grid: %v; want succeeded (the resumed run), cancelled", cells)
	}
	do(t, ctx, "grid of web", chromedp.Navigate(base+"/ui/#/grid/web"))
	waitFor(t, ctx, "the grid of web", `document.querySelectorAll('#grid tbody tr[data-pipe="boom"] td.cell .status').length === 1`)
	// A fan-out is one stacked node with its instances counted; its
	// instances and a composite's steps fold open in the grid.
	if rows := eval[int](t, ctx, `[...document.querySelectorAll('#grid tbody tr')].filter(r => !r.hidden).length`); rows != 6 {
		t.Errorf("%d rows shown before unfolding; want 6 (greet, gate, boom, after, each, pack)", rows)
	}
	do(t, ctx, "unfold each", chromedp.Click(`#grid tr[data-pipe="each"] button.fold`))
	waitFor(t, ctx, "each's instances", `!document.querySelector('#grid tr[data-pipe="each[a]"]').hidden && !document.querySelector('#grid tr[data-pipe="each[b]"]').hidden`)
	do(t, ctx, "unfold pack", chromedp.Focus(`#grid tr[data-pipe="pack"] button.fold`), chromedp.KeyEvent("\r"))
	waitFor(t, ctx, "pack's steps", `!document.querySelector('#grid tr[data-pipe="one"]').hidden`)
	screenshot(t, ctx, "ui-grid")
	// A cell opens that pipe in that run.
	do(t, ctx, "open a cell", chromedp.Click(`#grid tbody tr[data-pipe="boom"] td.cell a`))
	waitFor(t, ctx, "boom's panel from the grid", `(document.querySelector('#pipe-title') || {}).textContent === "boom"`)

	// The pipelines page again: last runs and their strips.
	do(t, ctx, "pipelines", chromedp.Navigate(base+"/ui/#/"))
	waitFor(t, ctx, "the strips", `document.querySelectorAll('#pipelines .strip a').length === 3`)
	screenshot(t, ctx, "ui-pipelines")
}

func waitPID(t *testing.T, path string) int {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		b, err := os.ReadFile(path)
		if pid, perr := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && perr == nil && pid > 0 {
			return pid
		}
		if time.Now().After(deadline) {
			t.Fatalf("no pid in %s", path)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestUIBrowserToken: with a token the UI asks for it before it shows
// anything, and a form of another site cannot start a run with the
// browser's cookie.
func TestUIBrowserToken(t *testing.T) {
	ctx := browser(t)
	dir := writePipelines(t)
	const token = "s3cret-t0ken"
	sp := startServe(t, dir, []string{"PATH=/usr/bin:/bin", "HOME=" + dir, tokenEnv + "=" + token}, "web", "--state-dir", filepath.Join(dir, "state"))
	base := sp.base

	do(t, ctx, "opening the UI", chromedp.Navigate(base+"/ui/"))
	waitFor(t, ctx, "the login form", `document.querySelector('#login-form') !== null`)
	if n := eval[int](t, ctx, `document.querySelectorAll('#pipelines').length`); n != 0 {
		t.Fatal("the pipelines are shown before logging in")
	}
	do(t, ctx, "a wrong token", chromedp.SetValue(`#token`, "wrong"), chromedp.Click(`#login-form button[type=submit]`))
	waitFor(t, ctx, "the refusal", `document.querySelector('#login-error').textContent.includes("Wrong")`)
	do(t, ctx, "the token", chromedp.SetValue(`#token`, token), chromedp.Click(`#login-form button[type=submit]`))
	waitFor(t, ctx, "the pipelines", `document.querySelectorAll('#pipelines tr[data-pipeline]').length === 1`)
	if cookie := eval[string](t, ctx, `document.cookie`); cookie != "" {
		t.Errorf("a script reads the cookie %q; want it HttpOnly", cookie)
	}

	// A page of another origin posts a form to the server, with the
	// browser's cookie.
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, `<form id="f" method="POST" action="%s/api/v1/pipelines/web/runs"><input name="x" value="1"></form><script>document.getElementById("f").submit()</script>`, base)
	}))
	defer evil.Close()
	do(t, ctx, "the other site", chromedp.Navigate(evil.URL))
	waitFor(t, ctx, "the refusal", `location.href.includes("/api/v1/pipelines/web/runs") && document.body.innerText.includes("cross-origin request refused")`)
	var runs struct{ Total int }
	if code := apiGet(t, base+"/api/v1/runs", token, &runs); code != 200 || runs.Total != 0 {
		t.Errorf("GET /api/v1/runs: %d, %d runs; want 200 and no run started", code, runs.Total)
	}
}
