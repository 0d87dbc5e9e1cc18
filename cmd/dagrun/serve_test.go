package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// servedPipeline fires every second; its runs may overlap, so an API run is
// never refused while a scheduled one runs.
const servedPipeline = `
pipeline "ticker" {}

schedule "every_second" {
  every   = "1s"
  overlap = "allow"
}

pipe "hello" {
  use     = "exec"
  retries = 0
  command = ["echo", "hello"]
}

pipe "after" {
  use   = "value"
  value = pipe.hello.output.stdout
}
`

// TestServeIntegration runs the dagrun command (this test binary, installed
// in PATH by testscript.Main) as `dagrun serve` with a one-second schedule on
// a free 127.0.0.1 port, waits for several runs through /metrics, uses the
// API, then sends SIGTERM and expects a clean exit.
func TestServeIntegration(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "ticker.hcl"), []byte(servedPipeline), 0o600); err != nil {
		t.Fatal(err)
	}
	stateDir := filepath.Join(dir, "state")
	sp := startServe(t, dir, []string{"PATH=/usr/bin:/bin", "HOME=" + dir, tokenEnv + "=t0ken"}, "ticker.hcl", "--state-dir", stateDir)
	base, cmd, logs := sp.base, sp.cmd, sp.logs

	// Several scheduled runs, seen by a scraper.
	deadline := time.Now().Add(20 * time.Second)
	var fams families
	for {
		fams = scrape(t, base+"/metrics")
		if fams.value("dagrun_pipeline_runs_total", "status", "succeeded") >= 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("fewer than 3 runs succeeded in time:\n%s", logs())
		}
		time.Sleep(100 * time.Millisecond)
	}
	started := fams.value("dagrun_schedule_ticks_total", "result", "started")
	succeeded := fams.value("dagrun_pipeline_runs_total", "status", "succeeded")
	if started < succeeded || started < 3 {
		t.Errorf("ticks started %g, runs succeeded %g: want every run started by a tick, at least 3", started, succeeded)
	}
	if failed := fams.value("dagrun_pipeline_runs_total", "status", "failed"); failed != 0 {
		t.Errorf("%g runs failed", failed)
	}
	if n := fams.value("dagrun_pipe_runs_total", "pipe", "after"); n < 3 {
		t.Errorf("dagrun_pipe_runs_total{pipe=after} = %g", n)
	}
	if fams.value("dagrun_schedule_next_run_timestamp_seconds", "schedule", "every_second") <= 0 {
		t.Error("no next run timestamp")
	}
	if _, ok := fams["go_goroutines"]; !ok {
		t.Error("no Go collector metrics")
	}

	// The API: the token from $DAGRUN_TOKEN is required.
	if code, _ := call(t, "POST", base+"/api/v1/pipelines/ticker/runs", ""); code != http.StatusUnauthorized {
		t.Errorf("POST without token: %d; want 401", code)
	}
	code, body := call(t, "POST", base+"/api/v1/pipelines/ticker/runs", "t0ken")
	var run struct{ ID, Status string }
	if err := json.Unmarshal(body, &run); err != nil || code != http.StatusAccepted || run.ID == "" {
		t.Fatalf("POST with token: %d %s", code, body)
	}
	for {
		_, body := call(t, "GET", base+"/api/v1/runs/"+run.ID, "t0ken")
		var got struct{ Status string }
		if err := json.Unmarshal(body, &got); err != nil {
			t.Fatal(err)
		}
		if got.Status == "succeeded" {
			break
		}
		if got.Status != "running" || time.Now().After(deadline) {
			t.Fatalf("API run: %s", body)
		}
		time.Sleep(50 * time.Millisecond)
	}

	// SIGTERM: a clean drain, exit 0.
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := sp.wait(40 * time.Second); err != nil {
		t.Fatalf("dagrun serve after SIGTERM: %v; want exit 0\n%s", err, logs())
	}
	if !strings.Contains(logs(), "dagrun serve: stopped") {
		t.Errorf("no stop message:\n%s", logs())
	}

	// Every run is in the run state, where `dagrun runs` finds it.
	entries, err := os.ReadDir(filepath.Join(stateDir, "runs"))
	if err != nil || len(entries) < 4 {
		t.Errorf("%d recorded runs, %v; want at least 4 (3 scheduled, 1 from the API)", len(entries), err)
	}
}

// served is a `dagrun serve` process (this test binary, installed in PATH by
// testscript.Main) listening on a free 127.0.0.1 port.
type served struct {
	t    *testing.T
	cmd  *exec.Cmd
	base string // http://127.0.0.1:PORT
	logs func() string
	// exited is closed once the process has been waited for; err is then
	// how it ended.
	exited chan struct{}
	err    error
}

// startServe starts `dagrun serve ARGS... --listen 127.0.0.1:0` in dir with
// exactly the environment env, and waits until it says where it listens. The
// process is killed at the end of the test if still running.
func startServe(t *testing.T, dir string, env []string, args ...string) *served {
	t.Helper()
	bin, err := exec.LookPath("dagrun")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, append(append([]string{"serve"}, args...), "--listen", "127.0.0.1:0")...)
	cmd.Dir = dir
	cmd.Env = env
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sp := &served{t: t, cmd: cmd, exited: make(chan struct{})}
	var logMu sync.Mutex
	var log strings.Builder
	addr := make(chan string, 1)
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		sc := bufio.NewScanner(stderr)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			line := sc.Text()
			logMu.Lock()
			log.WriteString(line + "\n")
			logMu.Unlock()
			if _, rest, ok := strings.Cut(line, "listening on http://"); ok {
				addr <- strings.Fields(rest)[0]
			}
		}
		_, _ = io.Copy(io.Discard, stderr)
	}()
	go func() {
		<-copied // Wait closes the pipe: read it all first
		sp.err = cmd.Wait()
		close(sp.exited)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-sp.exited
	})
	sp.logs = func() string {
		logMu.Lock()
		defer logMu.Unlock()
		return log.String()
	}
	select {
	case a := <-addr:
		sp.base = "http://" + a
	case <-sp.exited:
		t.Fatalf("dagrun serve exited early: %v\n%s", sp.err, sp.logs())
	case <-time.After(20 * time.Second):
		t.Fatalf("dagrun serve never said where it listens:\n%s", sp.logs())
	}
	if !strings.HasPrefix(sp.base, "http://127.0.0.1:") {
		t.Fatalf("listening on %s; want 127.0.0.1", sp.base)
	}
	return sp
}

// wait waits (up to limit) for the process to exit and returns how it ended.
func (sp *served) wait(limit time.Duration) error {
	sp.t.Helper()
	select {
	case <-sp.exited:
		return sp.err
	case <-time.After(limit):
		sp.t.Fatalf("dagrun serve did not exit\n%s", sp.logs())
		return nil
	}
}

// scrape fetches and parses a /metrics page.
func scrape(t *testing.T, url string) families {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return fams
}

// families are parsed metrics by name.
type families map[string]*dto.MetricFamily

// value sums the counters or gauges of metric whose label has value.
func (f families) value(metric, label, value string) float64 {
	sum := 0.0
	for _, m := range f[metric].GetMetric() {
		for _, l := range m.GetLabel() {
			if l.GetName() == label && l.GetValue() == value {
				sum += m.GetCounter().GetValue() + m.GetGauge().GetValue()
			}
		}
	}
	return sum
}

func call(t *testing.T, method, url, token string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

// The secrets of the security tests: dagrun's API token and a sensitive
// variable's value, each found by a pattern that matches nothing else.
const (
	secretToken = "tOkEn-7f3a91-dagrun"
	secretValue = "Hunter2-sEcReT"
)

// secretPipeline prints its environment (where the sensitive variable is,
// on purpose, as DAGRUN_VAR_secret, and where the token must not be), hands
// the secret to pipes that print it and fail with it, derives values from it,
// and fails with terminal escapes in its error.
const secretPipeline = `
variable "secret" {
  type      = string
  sensitive = true
}

pipe "env" {
  use     = "exec"
  retries = 0
  script  = "env | sort"
}

pipe "use" {
  use     = "exec"
  retries = 0
  script  = "echo \"got $S\"; echo \"err $S\" >&2"
  env     = { S = var.secret }
}

pipe "fail" {
  use     = "exec"
  retries = 0
  script  = "echo \"bad $S\" >&2; exit 1"
  env     = { S = var.secret }
}

pipe "val" {
  use   = "value"
  value = "v-${var.secret}"
}

pipe "colors" {
  use     = "exec"
  retries = 0
  script  = "printf 'x\\033[31mred\\033]0;title\\007\\r\\n' >&2; exit 2"
}

output "environment" {
  value = pipe.env.output.stdout
}

output "used" {
  value = pipe.use.output.stdout
}

output "derived" {
  value = pipe.val.output
}
`

// secretEnv is the environment of the dagrun processes of the security
// tests: the token and the sensitive variable both in it.
func secretEnv(dir string) []string {
	return []string{"PATH=/usr/bin:/bin", "HOME=" + dir, tokenEnv + "=" + secretToken, "DAGRUN_VAR_secret=" + secretValue}
}

// leaks returns a description of each secret (and, with controls, each raw
// control byte other than newline and tab) found in text.
func leaks(text []byte, controls bool) []string {
	var found []string
	for _, s := range []string{secretToken, secretValue} {
		if i := bytes.Index(text, []byte(s)); i >= 0 {
			found = append(found, fmt.Sprintf("%q at %d: ...%q...", s, i, text[max(0, i-80):min(len(text), i+len(s)+20)]))
		}
	}
	if controls {
		if i := bytes.IndexFunc(text, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' || r == 0x7f }); i >= 0 {
			found = append(found, fmt.Sprintf("raw control byte %q at %d: ...%q...", text[i], i, text[max(0, i-40):min(len(text), i+20)]))
		}
	}
	return found
}

// checkStateDir walks a state directory: no file holds a secret, except the
// resume cache (outputs.jsonl: the pipes' outputs, as they were), which only
// its owner may read, and which never holds the token either. Every
// directory is the owner's only. It returns the number of log files seen.
func checkStateDir(t *testing.T, dir string) (logs int) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if d.IsDir() {
			if info.Mode().Perm()&0o077 != 0 {
				t.Errorf("%s: mode %v; want the owner's only", path, info.Mode().Perm())
			}
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if filepath.Ext(path) == ".log" {
			logs++
		}
		if d.Name() == "outputs.jsonl" {
			if info.Mode().Perm() != 0o600 {
				t.Errorf("%s: mode %v; the resume cache holds secrets in clear: want 0600", path, info.Mode().Perm())
			}
			if bytes.Contains(b, []byte(secretToken)) {
				t.Errorf("%s: the token reached a pipe", path)
			}
			return nil
		}
		for _, l := range leaks(b, false) {
			t.Errorf("%s: %s", path, l)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return logs
}

// request sends a request to a served API and returns the status and body.
func request(t *testing.T, method, url, body string, header map[string]string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

// TestSecurityServe attacks a running `dagrun serve` that has a token in
// $DAGRUN_TOKEN and a sensitive variable in $DAGRUN_VAR_secret: web-page
// requests (another origin, a rebound Host, a form body, a bad JSON body)
// are refused and start nothing; then a run started properly leaks neither
// secret to the API, /metrics, the logs (text and JSON) or the state
// directory, no pipe sees the token, and no answer or log line carries a raw
// control byte.
func TestSecurityServe(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "secret.hcl"), []byte(secretPipeline), 0o600); err != nil {
				t.Fatal(err)
			}
			stateDir := filepath.Join(dir, "state")
			sp := startServe(t, dir, secretEnv(dir), "secret.hcl", "--state-dir", stateDir, "--log-level", "debug", "--log-format", format, "--allow-host", "proxy.example")
			host := strings.TrimPrefix(sp.base, "http://")
			port := host[strings.LastIndexByte(host, ':')+1:]
			runs := sp.base + "/api/v1/pipelines/secret/runs"
			auth := "Bearer " + secretToken

			attacks := []struct {
				name   string
				method string
				url    string
				body   string
				header map[string]string
				want   int
			}{
				{"cross-site form POST", "POST", runs, "", map[string]string{"Authorization": auth, "Origin": "http://evil.example", "Content-Type": "application/x-www-form-urlencoded"}, http.StatusForbidden},
				{"Sec-Fetch-Site cross-site", "POST", runs, "", map[string]string{"Authorization": auth, "Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
				{"text/plain body", "POST", runs, "{}", map[string]string{"Authorization": auth, "Content-Type": "text/plain"}, http.StatusUnsupportedMediaType},
				{"rebound Host, API", "GET", sp.base + "/api/v1/pipelines", "", map[string]string{"Authorization": auth, "Host": "attacker.example:" + port}, http.StatusMisdirectedRequest},
				{"rebound Host, metrics", "GET", sp.base + "/metrics", "", map[string]string{"Host": "attacker.example:" + port}, http.StatusMisdirectedRequest},
				{"rebound Host, POST", "POST", runs, "", map[string]string{"Authorization": auth, "Host": "attacker.example"}, http.StatusMisdirectedRequest},
				{"null body", "POST", runs, "null", map[string]string{"Authorization": auth, "Content-Type": "application/json"}, http.StatusBadRequest},
				{"two objects", "POST", runs, "{}{}", map[string]string{"Authorization": auth, "Content-Type": "application/json"}, http.StatusBadRequest},
				{"object and garbage", "POST", runs, "{} garbage", map[string]string{"Authorization": auth, "Content-Type": "application/json"}, http.StatusBadRequest},
				{"no token", "POST", runs, "", nil, http.StatusUnauthorized},
				{"escapes in a run id", "GET", sp.base + "/api/v1/runs/%1B%5B2J%1B%5D0%3Bpwned%07", "", map[string]string{"Authorization": auth}, http.StatusNotFound},
			}
			for _, a := range attacks {
				code, body := request(t, a.method, a.url, a.body, a.header)
				var eb struct{ Error string }
				if code != a.want || json.Unmarshal(body, &eb) != nil || eb.Error == "" {
					t.Errorf("%s: %d %s; want %d with a JSON error", a.name, code, body, a.want)
				}
				for _, l := range leaks(body, true) {
					t.Errorf("%s: answer: %s", a.name, l)
				}
			}
			// A name given with --allow-host is answered.
			if code, body := request(t, "GET", sp.base+"/api/v1/pipelines", "", map[string]string{"Authorization": auth, "Host": "proxy.example:443"}); code != http.StatusOK {
				t.Errorf("--allow-host proxy.example: GET with Host proxy.example:443: %d %s; want 200", code, body)
			}
			if _, err := os.Stat(filepath.Join(stateDir, "runs")); err == nil {
				if entries, _ := os.ReadDir(filepath.Join(stateDir, "runs")); len(entries) > 0 {
					t.Errorf("%d runs recorded after refused requests; want none", len(entries))
				}
			}

			// A proper request, from this page's own origin.
			code, body := request(t, "POST", runs, "{}", map[string]string{"Authorization": auth, "Content-Type": "application/json", "Origin": sp.base})
			var run struct{ ID string }
			if err := json.Unmarshal(body, &run); err != nil || code != http.StatusAccepted {
				t.Fatalf("same-origin POST: %d %s; want 202", code, body)
			}
			deadline := time.Now().Add(30 * time.Second)
			var info struct {
				Status  string
				StateID string `json:"state_id"`
				Pipes   []struct{ ID, Status, Error string }
			}
			for {
				_, body = request(t, "GET", sp.base+"/api/v1/runs/"+run.ID, "", map[string]string{"Authorization": auth})
				if err := json.Unmarshal(body, &info); err != nil {
					t.Fatalf("%s: %v", body, err)
				}
				if info.Status != "running" {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("run never finished: %s", body)
				}
				time.Sleep(50 * time.Millisecond)
			}
			if info.Status != "failed" || len(info.Pipes) != 5 {
				t.Fatalf("run: %s; want failed (fail and colors fail), 5 pipes", body)
			}
			for _, l := range leaks(body, true) {
				t.Errorf("GET run: %s", l)
			}
			for _, p := range info.Pipes {
				if p.ID == "colors" && !strings.Contains(p.Error, "\x1b[31mred") {
					t.Errorf("colors error %q: want the escape, encoded by JSON", p.Error)
				}
			}
			_, body = request(t, "GET", sp.base+"/api/v1/pipelines", "", map[string]string{"Authorization": auth})
			for _, l := range leaks(body, true) {
				t.Errorf("GET pipelines: %s", l)
			}
			_, body = request(t, "GET", sp.base+"/metrics", "", nil)
			for _, l := range leaks(body, true) {
				t.Errorf("/metrics: %s", l)
			}

			if err := sp.cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			if err := sp.wait(40 * time.Second); err != nil {
				t.Fatalf("serve after SIGTERM: %v\n%s", err, sp.logs())
			}
			for _, l := range leaks([]byte(sp.logs()), true) {
				t.Errorf("serve's log: %s", l)
			}
			if !strings.Contains(sp.logs(), "(sensitive)") {
				t.Errorf("serve's log at debug shows no redacted value: did the failing pipe's error reach it?\n%s", sp.logs())
			}

			if n := checkStateDir(t, stateDir); n < 4 {
				t.Errorf("%d pipe logs in the state dir; want one per exec pipe", n)
			}
			// The pipe did print its environment: the sensitive variable
			// redacted, the token absent.
			envLog, err := os.ReadFile(filepath.Join(stateDir, "runs", info.StateID, "logs", "env.log"))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(envLog, []byte("DAGRUN_VAR_secret=(sensitive)")) || !bytes.Contains(envLog, []byte("DAGRUN_PIPE=env")) {
				t.Errorf("env.log: %s; want the environment with DAGRUN_VAR_secret redacted", envLog)
			}
			if bytes.Contains(envLog, []byte(tokenEnv+"=")) {
				t.Errorf("env.log: %s; the pipe inherited %s", envLog, tokenEnv)
			}
		})
	}
}

// fanoutPipeline makes a for_each instance key out of a value derived from
// the secret, which every view, log, metric and file name shows.
const fanoutPipeline = `
variable "secret" {
  type      = string
  sensitive = true
}

pipe "val" {
  use   = "value"
  value = "v-${var.secret}"
}

pipe "fan" {
  use      = "exec"
  retries  = 0
  for_each = toset([pipe.val.output, "plain"])
  script   = "echo $DAGRUN_PIPE"
}
`

// fanoutRuntimePipeline makes a key from a secret in a way the load cannot
// follow (an exec pipe's output): the run refuses the key.
const fanoutRuntimePipeline = `
variable "secret" {
  type      = string
  sensitive = true
}

pipe "val" {
  use     = "exec"
  command = ["echo", "v-${var.secret}"]
}

pipe "fan" {
  use      = "exec"
  retries  = 0
  for_each = toset([trimspace(pipe.val.output.stdout), "plain"])
  script   = "echo $DAGRUN_PIPE"
}
`

// TestSecurityApply runs apply with $DAGRUN_TOKEN and a sensitive variable
// in its environment and checks every stream it writes (text and JSON
// views, JSON logs, the metrics textfile, `runs show` and `runs logs`) and
// its state directory for either secret, and that no pipe sees the token.
func TestSecurityApply(t *testing.T) {
	bin, err := exec.LookPath("dagrun")
	if err != nil {
		t.Fatal(err)
	}
	// dagrun runs ARGS in dir with the secrets in its environment and
	// returns stdout and stderr together, checked for exit code want.
	dagrun := func(t *testing.T, dir string, want int, args ...string) []byte {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		cmd.Env = secretEnv(dir)
		out, err := cmd.CombinedOutput()
		if code := cmd.ProcessState.ExitCode(); code != want {
			t.Fatalf("dagrun %s: exit %d (%v); want %d\n%s", strings.Join(args, " "), code, err, want, out)
		}
		return out
	}
	// run applies source in each way and checks what it wrote; with
	// controls, raw control bytes count as leaks too (in the text of `runs`
	// only with textControls).
	textControls := false
	run := func(t *testing.T, source string, want int, controls bool, views ...[]string) {
		t.Helper()
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "p.hcl"), []byte(source), 0o600); err != nil {
			t.Fatal(err)
		}
		for _, view := range views {
			args := append([]string{"apply", "p.hcl", "--state-dir", "st", "--metrics-textfile", "run.prom"}, view...)
			out := dagrun(t, dir, want, args...)
			for _, l := range leaks(out, controls) {
				t.Errorf("apply %s: %s", strings.Join(view, " "), l)
			}
			prom, err := os.ReadFile(filepath.Join(dir, "run.prom"))
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range leaks(prom, true) {
				t.Errorf("metrics textfile: %s", l)
			}
		}
		for _, args := range [][]string{
			{"runs", "list", "--state-dir", "st"},
			{"runs", "show", "last", "--state-dir", "st"},
			{"runs", "show", "last", "--state-dir", "st", "--output", "json"},
		} {
			out := dagrun(t, dir, 0, args...)
			json := args[len(args)-1] == "json"
			for _, l := range leaks(out, controls && (json || textControls)) {
				t.Errorf("%s: %s", strings.Join(args, " "), l)
			}
		}
		checkStateDir(t, filepath.Join(dir, "st"))
	}
	views := [][]string{
		{},
		{"--output", "json"},
		{"--output", "json", "--log-format", "json", "--log-level", "debug"},
		{"--log-format", "text", "--log-level", "debug"},
	}

	t.Run("secrets", func(t *testing.T) {
		run(t, secretPipeline, exitFailed, false, views...)
	})
	t.Run("json output escapes control characters", func(t *testing.T) {
		run(t, secretPipeline, exitFailed, true, views[1:3]...)
	})
	t.Run("the pipe's environment", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "p.hcl"), []byte(secretPipeline), 0o600); err != nil {
			t.Fatal(err)
		}
		dagrun(t, dir, exitFailed, "apply", "p.hcl", "--state-dir", "st")
		log := dagrun(t, dir, 0, "runs", "logs", "last", "env", "--state-dir", "st")
		if !bytes.Contains(log, []byte("DAGRUN_VAR_secret=(sensitive)")) || bytes.Contains(log, []byte(tokenEnv+"=")) {
			t.Errorf("env's log:\n%s\nwant DAGRUN_VAR_secret redacted and no %s", log, tokenEnv)
		}
	})
	t.Run("text view escapes control characters", func(t *testing.T) {
		textControls = true
		run(t, secretPipeline, exitFailed, true, views[0], views[3])
	})
	t.Run("for_each keys derived from a secret", func(t *testing.T) {
		// Refused at load: the diagnostic names the pipe, not the key.
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "p.hcl"), []byte(fanoutPipeline), 0o600); err != nil {
			t.Fatal(err)
		}
		for _, view := range views {
			out := dagrun(t, dir, exitUsage, append([]string{"apply", "p.hcl", "--state-dir", "st"}, view...)...)
			for _, l := range leaks(out, true) {
				t.Errorf("apply %s: %s", strings.Join(view, " "), l)
			}
		}
		if _, err := os.Stat(filepath.Join(dir, "st")); !os.IsNotExist(err) {
			t.Errorf("a refused pipeline left a state dir (%v)", err)
		}
	})
	t.Run("for_each keys found at run time to hold a secret", func(t *testing.T) {
		run(t, fanoutRuntimePipeline, exitFailed, false, views...)
	})
}
