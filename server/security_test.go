package server_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/server"
)

// allowing runs through the API while another runs, so that every accepted
// request starts one.
const allowing = quick + `
schedule "s" {
  every   = "1h"
  overlap = "allow"
}
`

// TestSecurityCrossSiteRefused: a request that would start a run is refused
// when a browser says it comes from another origin or sends a body a form
// can send; nothing starts. Same-origin pages and non-browser clients (no
// Origin, no Sec-Fetch-Site) start runs.
func TestSecurityCrossSiteRefused(t *testing.T) {
	for _, token := range []string{"", "s3cret"} {
		t.Run("token="+token, func(t *testing.T) {
			e := start(t, server.Options{Token: token}, map[string]string{"quick": allowing})
			self := e.http.URL // http://127.0.0.1:PORT
			host := strings.TrimPrefix(self, "http://")
			port := host[strings.LastIndexByte(host, ':')+1:]
			const form = "application/x-www-form-urlencoded"
			tests := []struct {
				name   string
				header map[string]string
				body   string
				want   int
			}{
				{"evil origin, form, empty body", map[string]string{"Origin": "http://evil.example", "Content-Type": form}, "", http.StatusForbidden},
				{"evil origin, JSON", map[string]string{"Origin": "http://evil.example", "Content-Type": "application/json"}, "{}", http.StatusForbidden},
				{"evil origin on our port", map[string]string{"Origin": "http://evil.example:" + port}, "", http.StatusForbidden},
				{"localhost page, another origin of this machine", map[string]string{"Origin": "http://localhost:" + port}, "", http.StatusForbidden},
				{"null origin (sandboxed page)", map[string]string{"Origin": "null"}, "", http.StatusForbidden},
				{"Sec-Fetch-Site cross-site", map[string]string{"Sec-Fetch-Site": "cross-site"}, "", http.StatusForbidden},
				{"Sec-Fetch-Site same-site", map[string]string{"Sec-Fetch-Site": "same-site"}, "", http.StatusForbidden},
				{"Sec-Fetch-Site cross-site, same Origin", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": self}, "", http.StatusForbidden},
				{"text/plain body (a form can send it)", map[string]string{"Content-Type": "text/plain"}, "{}", http.StatusUnsupportedMediaType},
				{"form body", map[string]string{"Content-Type": form}, "a=1", http.StatusUnsupportedMediaType},
				{"multipart body", map[string]string{"Content-Type": "multipart/form-data; boundary=x"}, "--x--", http.StatusUnsupportedMediaType},
				{"body without a type", nil, "{}", http.StatusUnsupportedMediaType},

				{"same origin", map[string]string{"Origin": self, "Content-Type": "application/json"}, "{}", http.StatusAccepted},
				{"Sec-Fetch-Site same-origin", map[string]string{"Sec-Fetch-Site": "same-origin"}, "", http.StatusAccepted},
				{"Sec-Fetch-Site none (typed by the user)", map[string]string{"Sec-Fetch-Site": "none"}, "", http.StatusAccepted},
				{"no browser headers (curl -X POST)", nil, "", http.StatusAccepted},
				{"empty body with a form type (curl -d '')", map[string]string{"Content-Type": form}, "", http.StatusAccepted},
				{"JSON with a charset", map[string]string{"Content-Type": "application/json; charset=utf-8"}, "{}", http.StatusAccepted},
			}
			accepted := 0
			for _, tt := range tests {
				h := http.Header{}
				for k, v := range tt.header {
					h.Set(k, v)
				}
				var eb errorBody
				var ri server.RunInfo
				var out any = &eb
				if tt.want == http.StatusAccepted {
					out = &ri
				}
				resp := e.doHeader("POST", "/api/v1/pipelines/quick/runs", tt.body, true, h, out)
				if resp.StatusCode != tt.want {
					t.Errorf("%s: %d %+v; want %d", tt.name, resp.StatusCode, eb, tt.want)
					continue
				}
				if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
					t.Errorf("%s: Content-Type %q; want a JSON answer", tt.name, ct)
				}
				if tt.want == http.StatusAccepted {
					accepted++
					e.runUntil(ri.ID, final)
				} else if eb.Error == "" {
					t.Errorf("%s: no JSON error", tt.name)
				}
			}
			// Only the accepted requests ran anything.
			if n := runsTotal(t, e.srv, "quick", "succeeded"); n != float64(accepted) {
				t.Errorf("%g runs; want %d, one per accepted request", n, accepted)
			}
			// A cross-site request can do nothing, even with every other
			// header right: methods other than POST are refused the same way.
			h := http.Header{"Origin": {"http://evil.example"}}
			if resp := e.doHeader("DELETE", "/api/v1/pipelines/quick/runs", "", true, h, nil); resp.StatusCode != http.StatusForbidden {
				t.Errorf("cross-site DELETE: %d; want 403", resp.StatusCode)
			}
			// Reading is not a change: a cross-origin GET is answered (a
			// browser does not let the page read it without CORS headers,
			// which the server never sends).
			resp := e.doHeader("GET", "/api/v1/pipelines", "", true, h, nil)
			if resp.StatusCode != http.StatusOK || resp.Header.Get("Access-Control-Allow-Origin") != "" {
				t.Errorf("cross-origin GET: %d, Access-Control-Allow-Origin %q; want 200 and none", resp.StatusCode, resp.Header.Get("Access-Control-Allow-Origin"))
			}
		})
	}
}

// TestSecurityForeignHostRefused: on a loopback connection, only loopback
// names are answered, on every endpoint: a page rebound to 127.0.0.1 reads
// nothing.
func TestSecurityForeignHostRefused(t *testing.T) {
	e := start(t, server.Options{AllowedHosts: []string{"dagrun.internal.example"}}, map[string]string{"quick": allowing})
	host := strings.TrimPrefix(e.http.URL, "http://")
	port := host[strings.LastIndexByte(host, ':')+1:]
	paths := []string{"/api/v1/pipelines", "/api/v1/pipelines/quick", "/metrics", "/healthz", "/api/v1/nothing"}

	refused := []string{
		"attacker.example:" + port, "attacker.example", "127.0.0.1.attacker.example:" + port,
		"localhost.attacker.example", "localhost:" + port + ".attacker.example", "10.0.0.1:" + port,
		"[::ffff:10.0.0.1]:" + port, "0.0.0.0:" + port, "dagrun.internal.example.attacker.example",
	}
	for _, h := range refused {
		for _, path := range paths {
			var eb errorBody
			resp := e.doHeader("GET", path, "", false, http.Header{"Host": {h}}, &eb)
			if resp.StatusCode != http.StatusMisdirectedRequest || !strings.Contains(eb.Error, "refused") {
				t.Errorf("GET %s, Host %s: %d %+v; want 421 with a JSON error", path, h, resp.StatusCode, eb)
			}
		}
		resp := e.doHeader("POST", "/api/v1/pipelines/quick/runs", "", false, http.Header{"Host": {h}}, nil)
		if resp.StatusCode != http.StatusMisdirectedRequest {
			t.Errorf("POST, Host %s: %d; want 421", h, resp.StatusCode)
		}
	}
	if n := runsTotal(t, e.srv, "quick", "succeeded"); n != 0 {
		t.Errorf("%g runs after refused requests", n)
	}

	answered := []string{
		"127.0.0.1:" + port, "localhost:" + port, "LocalHost:" + port, "localhost", "127.0.0.1",
		"127.1.2.3:" + port, "[::1]:" + port, "[::1]", "[::ffff:127.0.0.1]:" + port,
		"dagrun.internal.example", "DAGRUN.internal.example:443",
	}
	for _, h := range answered {
		for _, path := range paths[:4] {
			if resp := e.doHeader("GET", path, "", false, http.Header{"Host": {h}}, nil); resp.StatusCode != http.StatusOK {
				t.Errorf("GET %s, Host %s: %d; want 200", path, h, resp.StatusCode)
			}
		}
	}

	// The same over a raw connection, as a rebinding page's browser sends
	// it, with no client library in between.
	for h, want := range map[string]string{"attacker.example:" + port: "421", "localhost:" + port: "200"} {
		status := rawGet(t, host, "/healthz", h)
		if !strings.Contains(status, " "+want+" ") {
			t.Errorf("raw GET /healthz, Host %s: %q; want %s", h, status, want)
		}
	}
}

// rawGet sends a GET with the given Host header over a new connection and
// returns the status line.
func rawGet(t *testing.T, addr, path, host string) string {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", path, host)
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	return line
}

// TestSecurityBodyStrict: a POST body is empty or one JSON object without
// fields, and nothing else; anything else is a 400 with a JSON error, and no
// run.
func TestSecurityBodyStrict(t *testing.T) {
	e := start(t, server.Options{}, map[string]string{"quick": allowing})
	bad := []string{
		"null", "{}{}", "{} garbage", "{} {", "{}]", "[]", "[{}]", `"x"`, "1", "true",
		"{", `{"target": "one"}`, `{"a": 1}`, "{}\x00", "\xff",
	}
	for _, body := range bad {
		e.expectError("POST", "/api/v1/pipelines/quick/runs", body, false, http.StatusBadRequest, "the body must be empty or a JSON object without fields")
	}
	if n := runsTotal(t, e.srv, "quick", "succeeded") + runsTotal(t, e.srv, "quick", "failed"); n != 0 {
		t.Errorf("%g runs after bad bodies", n)
	}
	for _, body := range []string{"", "{}", " {} \n", "{ }", "\t{}\r\n"} {
		var ri server.RunInfo
		if resp := e.do("POST", "/api/v1/pipelines/quick/runs", body, false, &ri); resp.StatusCode != http.StatusAccepted {
			t.Errorf("body %q: %d; want 202", body, resp.StatusCode)
			continue
		}
		e.runUntil(ri.ID, final)
	}
}

// TestSecurityAnswersCarryNoControlCharacters: text from pipes and requests
// (an error with terminal escapes, a run id made of them) reaches API answers
// escaped, never as raw control bytes.
func TestSecurityAnswersCarryNoControlCharacters(t *testing.T) {
	e := start(t, server.Options{}, map[string]string{"colors": `
pipe "red" {
  use     = "exec"
  retries = 0
  script  = "printf 'ok\\n\\033[31mred\\033]0;title\\007\\r\\b\\n' >&2; exit 3"
}
`})
	ri := e.trigger("colors")
	done := e.runUntil(ri.ID, final)
	if done.Status != "failed" || !strings.Contains(done.Pipes[0].Error, "\x1b[31mred") {
		t.Fatalf("run %+v; want failed with the escape in the pipe's error (escaped in JSON)", done)
	}
	paths := []string{
		"/api/v1/runs/" + ri.ID,
		"/api/v1/pipelines",
		"/api/v1/runs/" + url.PathEscape("\x1b[2J\x1b]0;pwned\x07"),
		"/api/v1/pipelines/" + url.PathEscape("\x1b[31m\r\n"),
		"/api/v1/" + url.PathEscape("\x1b[31m"),
	}
	for _, path := range paths {
		resp, err := e.http.Client().Get(e.http.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if i := bytes.IndexFunc(b, func(r rune) bool { return r < 0x20 && r != '\n' || r == 0x7f }); i >= 0 {
			t.Errorf("GET %q: a raw control byte %q at %d in %q", path, b[i], i, b)
		}
		if !json.Valid(b) {
			t.Errorf("GET %q: not JSON: %q", path, b)
		}
	}
}

// TestSecurityRunShowsNoSecret: a run's answer hides a sensitive value in
// errors (which print it) and never shows a for_each key made of it (the
// run refuses such a key).
func TestSecurityRunShowsNoSecret(t *testing.T) {
	const secret = "Hunter2-sEcReT"
	file := filepath.Join(t.TempDir(), "fan.hcl")
	src := `
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
  command  = ["true"]
}

pipe "err" {
  use     = "exec"
  retries = 0
  script  = "echo \"bad $S\" >&2; exit 1"
  env     = { S = var.secret }
}
`
	if err := os.WriteFile(file, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := dagrun.Load(file, dagrun.LoadOptions{Vars: map[string]string{"secret": secret}})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New([]*dagrun.Pipeline{p}, server.Options{})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	srv.Start()
	t.Cleanup(func() {
		_ = srv.Shutdown(context.Background())
		hs.Close()
	})
	e := &env{t: t, srv: srv, http: hs}
	ri := e.trigger("fan")
	done := e.runUntil(ri.ID, final)
	if done.Status != "failed" || len(done.Pipes) != 3 {
		t.Fatalf("run %+v; want failed, with val, fan (its keys refused) and err", done)
	}
	b, err := json.Marshal(done)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), secret) {
		t.Errorf("the run shows the secret: %s", b)
	}
	if !strings.Contains(string(b), "bad (sensitive)") {
		t.Errorf("the run: %s; want the error redacted", b)
	}
}
