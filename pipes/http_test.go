package pipes

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"
)

// recorded is what the test server saw of a request.
type recorded struct {
	Method, Path, Host, Body, Token, ContentType, UserAgent string
}

func newTestServer(t *testing.T, seen chan<- recorded) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if seen != nil {
			seen <- recorded{
				Method: r.Method, Path: r.URL.RequestURI(), Host: r.Host, Body: string(body),
				Token: r.Header.Get("X-Token"), ContentType: r.Header.Get("Content-Type"), UserAgent: r.UserAgent(),
			}
		}
		switch r.URL.Path {
		case "/json":
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"tickets": [{"id": "t1"}, {"id": "t2"}], "count": 2}`)
		case "/json-as-text":
			w.Header().Set("Content-Type", "text/plain")
			io.WriteString(w, `[1, 2]`)
		case "/text":
			w.Header().Set("Content-Type", "text/plain")
			w.Header().Add("X-Multi", "a")
			w.Header().Add("X-Multi", "b")
			io.WriteString(w, "hello")
		case "/broken-json":
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"a":`)
		case "/empty":
			w.WriteHeader(http.StatusNoContent)
		case "/created":
			w.WriteHeader(http.StatusCreated)
		case "/status":
			code := map[string]int{"404": 404, "400": 400, "408": 408, "429": 429, "500": 500, "503": 503}[r.URL.Query().Get("code")]
			w.WriteHeader(code)
			io.WriteString(w, "status body\nsecond line")
		case "/slow":
			<-r.Context().Done()
		case "/big":
			io.WriteString(w, strings.Repeat("x", 100))
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestHTTP(t *testing.T) {
	srv := newTestServer(t, nil)
	obj := func(status int, body string, json cty.Value) func(cty.Value) cty.Value {
		// Headers differ with every response (Date); compare them separately.
		return func(got cty.Value) cty.Value {
			return cty.ObjectVal(map[string]cty.Value{
				"status": cty.NumberIntVal(int64(status)), "body": cty.StringVal(body), "json": json,
				"headers": got.GetAttr("headers"),
			})
		}
	}
	null := cty.NullVal(cty.DynamicPseudoType)
	tests := []struct {
		name string
		args HTTPArgs
		want func(got cty.Value) cty.Value
	}{
		{"GET JSON", HTTPArgs{URL: srv.URL + "/json"}, obj(200,
			`{"tickets": [{"id": "t1"}, {"id": "t2"}], "count": 2}`,
			cty.ObjectVal(map[string]cty.Value{
				"tickets": cty.TupleVal([]cty.Value{
					cty.ObjectVal(map[string]cty.Value{"id": cty.StringVal("t1")}),
					cty.ObjectVal(map[string]cty.Value{"id": cty.StringVal("t2")}),
				}),
				"count": cty.NumberIntVal(2),
			}))},
		{"JSON body without a JSON content type", HTTPArgs{URL: srv.URL + "/json-as-text"}, obj(200, "[1, 2]",
			cty.TupleVal([]cty.Value{cty.NumberIntVal(1), cty.NumberIntVal(2)}))},
		{"text body", HTTPArgs{URL: srv.URL + "/text"}, obj(200, "hello", null)},
		{"JSON content type, broken body", HTTPArgs{URL: srv.URL + "/broken-json"}, obj(200, `{"a":`, null)},
		{"empty body", HTTPArgs{URL: srv.URL + "/empty"}, obj(204, "", null)},
		{"expect_status", HTTPArgs{URL: srv.URL + "/created", Method: "post", ExpectStatus: []int{201}}, obj(201, "", null)},
		{"expect_status includes a 404", HTTPArgs{URL: srv.URL + "/status?code=404", ExpectStatus: []int{200, 404}}, obj(404, "status body\nsecond line", null)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := runBuiltin(context.Background(), t, Builtins(), "http", &tt.args, Runtime{})
			if err != nil {
				t.Fatal(err)
			}
			if d := diffCty(tt.want(got), got); d != "" {
				t.Errorf("output (-want +got):\n%s", d)
			}
			if ty := got.GetAttr("headers").Type(); !ty.Equals(cty.Map(cty.String)) {
				t.Errorf("headers type = %#v, want map(string)", ty)
			}
		})
	}
}

func TestHTTPResponseHeaders(t *testing.T) {
	srv := newTestServer(t, nil)
	got, err := runBuiltin(context.Background(), t, Builtins(), "http", &HTTPArgs{URL: srv.URL + "/text"}, Runtime{})
	if err != nil {
		t.Fatal(err)
	}
	h := got.GetAttr("headers")
	for name, want := range map[string]string{"X-Multi": "a, b", "Content-Type": "text/plain"} {
		if !h.HasIndex(cty.StringVal(name)).True() {
			t.Errorf("headers lack %s: %#v", name, h)
			continue
		}
		if v := h.Index(cty.StringVal(name)).AsString(); v != want {
			t.Errorf("headers[%s] = %q, want %q", name, v, want)
		}
	}
}

func TestHTTPRequest(t *testing.T) {
	seen := make(chan recorded, 1)
	srv := newTestServer(t, seen)
	var log syncBuffer
	args := &HTTPArgs{
		URL:     srv.URL + "/created?token=secret",
		Method:  "put",
		Headers: map[string]string{"X-Token": "abc", "content-type": "application/json", "Host": "tickets.example"},
		Body:    `{"a": 1}`,
	}
	if _, err := runBuiltin(context.Background(), t, Builtins(), "http", args, Runtime{Log: &log}); err != nil {
		t.Fatal(err)
	}
	want := recorded{Method: "PUT", Path: "/created?token=secret", Host: "tickets.example", Body: `{"a": 1}`, Token: "abc", ContentType: "application/json", UserAgent: "dagrun"}
	if d := cmp.Diff(want, <-seen); d != "" {
		t.Errorf("request (-want +got):\n%s", d)
	}
	if l := log.String(); !strings.Contains(l, "PUT "+srv.URL+"/created?…: 201 Created") || strings.Contains(l, "secret") {
		t.Errorf("log = %q, want the request without its query", l)
	}
}

func TestHTTPStatusErrors(t *testing.T) {
	srv := newTestServer(t, nil)
	tests := []struct {
		path          string
		expect        []int
		wantCode      int
		wantPermanent bool
	}{
		{"/status?code=404", nil, 404, true},
		{"/status?code=400", nil, 400, true},
		{"/status?code=408", nil, 408, false},
		{"/status?code=429", nil, 429, false},
		{"/status?code=500", nil, 500, false},
		{"/status?code=503", nil, 503, false},
		{"/json", []int{201}, 200, false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			got, err := runBuiltin(context.Background(), t, Builtins(), "http", &HTTPArgs{URL: srv.URL + tt.path, ExpectStatus: tt.expect}, Runtime{})
			var se *StatusError
			if !errors.As(err, &se) || se.Code != tt.wantCode {
				t.Fatalf("err = %v, want a *StatusError with code %d", err, tt.wantCode)
			}
			if IsPermanent(err) != tt.wantPermanent {
				t.Errorf("IsPermanent(%v) = %v, want %v", err, IsPermanent(err), tt.wantPermanent)
			}
			if d := diffCty(cty.NumberIntVal(int64(tt.wantCode)), got.GetAttr("status")); d != "" {
				t.Errorf("output status (-want +got):\n%s", d)
			}
			if tt.expect == nil && !strings.HasSuffix(err.Error(), ": status body") {
				t.Errorf("err = %q, want it to end with the first line of the body", err)
			}
		})
	}
}

func TestHTTPBadArguments(t *testing.T) {
	tests := []struct {
		name     string
		args     HTTPArgs
		wantArgs []string
	}{
		{"no URL", HTTPArgs{}, []string{"url"}},
		{"relative URL", HTTPArgs{URL: "/path"}, []string{"url"}},
		{"ftp URL", HTTPArgs{URL: "ftp://host/x"}, []string{"url"}},
		{"unparsable URL", HTTPArgs{URL: "http://[::1"}, []string{"url"}},
		{"bad method", HTTPArgs{URL: "http://127.0.0.1/", Method: "GE T"}, []string{"method"}},
		{"bad header name", HTTPArgs{URL: "http://127.0.0.1/", Headers: map[string]string{"X Bad": "v"}}, []string{"headers"}},
		{"header value with newline", HTTPArgs{URL: "http://127.0.0.1/", Headers: map[string]string{"X-A": "a\r\nX-B: b"}}, []string{"headers"}},
		{"empty expect_status", HTTPArgs{URL: "http://127.0.0.1/", ExpectStatus: []int{}}, []string{"expect_status"}},
		{"bad expect_status", HTTPArgs{URL: "http://127.0.0.1/", ExpectStatus: []int{99, 200, 600}}, []string{"expect_status", "expect_status"}},
		{"everything at once", HTTPArgs{URL: "x", Method: "?"}, []string{"url", "method"}},
	}
	typ, _ := Builtins().Lookup("http")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := typ.Run(context.Background(), &tt.args, Runtime{})
			if !IsPermanent(err) {
				t.Fatalf("err = %v, want a permanent error", err)
			}
			if d := cmp.Diff(tt.wantArgs, argNames(err)); d != "" {
				t.Errorf("arguments named by %v (-want +got):\n%s", err, d)
			}
			if d := cmp.Diff(tt.wantArgs, argNames(Validate(typ, &tt.args))); d != "" {
				t.Errorf("Validate (-want +got):\n%s", d)
			}
		})
	}
}

func TestHTTPNetworkErrorIsRetried(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	_, err := runBuiltin(context.Background(), t, Builtins(), "http", &HTTPArgs{URL: url}, Runtime{})
	if err == nil || IsPermanent(err) {
		t.Fatalf("err = %v, want a retryable error", err)
	}
}

func TestHTTPTimeout(t *testing.T) {
	srv := newTestServer(t, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := runBuiltin(ctx, t, Builtins(), "http", &HTTPArgs{URL: srv.URL + "/slow"}, Runtime{})
	if !errors.Is(err, context.DeadlineExceeded) || IsPermanent(err) {
		t.Fatalf("err = %v, want context.DeadlineExceeded, not permanent", err)
	}
}

func TestHTTPBodyLimit(t *testing.T) {
	srv := newTestServer(t, nil)
	p := newHTTPPipe()
	p.bodyLimit = 99
	_, err := p.run(context.Background(), &HTTPArgs{URL: srv.URL + "/big"}, Runtime{})
	if !IsPermanent(err) || !strings.Contains(err.Error(), "larger than 99 bytes") {
		t.Fatalf("err = %v, want a permanent error about the size", err)
	}
	p.bodyLimit = 100
	if _, err := p.run(context.Background(), &HTTPArgs{URL: srv.URL + "/big"}, Runtime{}); err != nil {
		t.Fatalf("body of exactly the limit: %v", err)
	}
}
