package pipes

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// HTTPBodyLimit is the largest response body an http pipe reads. A larger body
// fails the attempt with a permanent error rather than being cut, since a cut
// body is wrong in a way downstream pipes cannot see.
const HTTPBodyLimit = 32 << 20

// HTTPArgs are the arguments of the http pipe type, which sends one request.
//
// The output is {status, headers, body, json}: the status code (a number); the
// response headers as a map from canonical name ("Content-Type") to the values
// joined with ", "; the body as a string (invalid UTF-8 replaced by U+FFFD); and
// json, the body parsed as JSON whenever it parses, whatever its Content-Type,
// else null. Redirects are followed (at most 10). The response body may be at
// most HTTPBodyLimit bytes.
//
// A status not in expect_status fails the attempt with a *StatusError, output
// still returned. The error is permanent for 4xx other than 408 and 429; 5xx,
// 408, 429, other statuses and network errors are retried. Bad arguments are
// permanent. The attempt's timeout and cancellation come from its context (there
// is no timeout argument: timeout is a meta-argument).
//
// Each request has its own connection (no keep-alive), so no connection or
// goroutine outlives the attempt. Proxies are taken from HTTP_PROXY, HTTPS_PROXY
// and NO_PROXY. The request carries "User-Agent: dagrun" unless headers set one.
type HTTPArgs struct {
	URL          string            `hcl:"url" doc:"absolute http:// or https:// URL"`
	Method       string            `hcl:"method,optional" default:"GET" doc:"request method; upper-cased, so \"post\" sends POST"`
	Headers      map[string]string `hcl:"headers,optional" doc:"request headers; a Host entry sets the Host header"`
	Body         string            `hcl:"body,optional" doc:"request body, sent as is; set Content-Type in headers"`
	ExpectStatus []int             `hcl:"expect_status,optional" default:"200-299" doc:"response statuses that count as success. Any other fails the attempt: permanently for 4xx other than 408 and 429, retried otherwise"`
}

// method returns the request method, GET when none is given.
func (a *HTTPArgs) method() string {
	if a.Method == "" {
		return http.MethodGet
	}
	return strings.ToUpper(a.Method)
}

// checkHTTP validates http arguments; see Type.Check.
func checkHTTP(a *HTTPArgs) error {
	var errs []error
	if u, err := url.Parse(a.URL); err != nil {
		errs = append(errs, argErrorf("url", "%v", err))
	} else if s := strings.ToLower(u.Scheme); (s != "http" && s != "https") || u.Host == "" {
		errs = append(errs, argErrorf("url", "%q is not an absolute http or https URL", a.URL))
	}
	if a.Method != "" && !isToken(a.Method) {
		errs = append(errs, argErrorf("method", "%q is not a valid HTTP method", a.Method))
	}
	for _, k := range slices.Sorted(maps.Keys(a.Headers)) {
		if !isToken(k) {
			errs = append(errs, argErrorf("headers", "%q is not a valid header name", k))
		} else if !validHeaderValue(a.Headers[k]) {
			errs = append(errs, argErrorf("headers", "the value of %s contains a control character", k))
		}
	}
	if a.ExpectStatus != nil && len(a.ExpectStatus) == 0 {
		errs = append(errs, argErrorf("expect_status", "must not be empty"))
	}
	for _, c := range a.ExpectStatus {
		if c < 100 || c > 599 {
			errs = append(errs, argErrorf("expect_status", "%d is not an HTTP status (100-599)", c))
		}
	}
	return errors.Join(errs...)
}

// isToken reports whether s is an RFC 9110 token (method and header names).
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
		case strings.ContainsRune("!#$%&'*+-.^_`|~", r):
		default:
			return false
		}
	}
	return true
}

// validHeaderValue rejects control characters other than tab (CR and LF would
// split the header).
func validHeaderValue(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}

// StatusError is the error of an http attempt whose response status is not
// expected. The attempt's output (status, headers, body) is returned with it.
type StatusError struct {
	// Code is the response status code.
	Code int
	// Status is the status line, e.g. "404 Not Found".
	Status string
	// BodyStart is the start of the response body (at most 200 bytes, first
	// line only), to say why without reading the output.
	BodyStart string
}

func (e *StatusError) Error() string {
	msg := "unexpected status " + e.Status
	if e.BodyStart != "" {
		msg += ": " + e.BodyStart
	}
	return msg
}

// permanentStatus reports whether retrying a request that got code is pointless:
// a 4xx says the request itself is wrong, except 408 Request Timeout and 429 Too
// Many Requests, which say "later".
func permanentStatus(code int) bool {
	return code >= 400 && code < 500 && code != http.StatusRequestTimeout && code != http.StatusTooManyRequests
}

// httpPipe holds what http pipes of one registry share: a client with its own
// transport (no http.DefaultClient or DefaultTransport).
type httpPipe struct {
	client    *http.Client
	bodyLimit int64
}

func newHTTPPipe() *httpPipe {
	transport := &http.Transport{
		Proxy: http.ProxyFromEnvironment,
		DialContext: (&net.Dialer{
			Timeout:   30 * time.Second,
			KeepAlive: 30 * time.Second,
		}).DialContext,
		ForceAttemptHTTP2:     true,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
		// Every request gets its own connection, closed when its body is read:
		// a registry then keeps no idle connections, and no goroutines outlive a
		// run. Pipes are coarse steps; connection reuse buys little.
		DisableKeepAlives: true,
	}
	return &httpPipe{client: &http.Client{Transport: transport}, bodyLimit: HTTPBodyLimit}
}

// run does one attempt of an http pipe.
func (p *httpPipe) run(ctx context.Context, a *HTTPArgs, rt Runtime) (cty.Value, error) {
	if err := checkHTTP(a); err != nil {
		return cty.NilVal, Permanent(err)
	}
	method := a.method()
	var body io.Reader
	if a.Body != "" {
		body = strings.NewReader(a.Body)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.URL, body)
	if err != nil {
		return cty.NilVal, Permanent(fmt.Errorf("http: %w", err))
	}
	req.Header.Set("User-Agent", "dagrun")
	for k, v := range a.Headers {
		if http.CanonicalHeaderKey(k) == "Host" {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}

	resp, err := tracedClient(ctx, p.client, req.URL.String(), logURL(req.URL)).Do(req)
	if err != nil {
		return cty.NilVal, fmt.Errorf("http: %w", err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, p.bodyLimit+1))
	if err != nil {
		return cty.NilVal, fmt.Errorf("http: reading the response body: %w", err)
	}
	if int64(len(data)) > p.bodyLimit {
		return cty.NilVal, Permanent(fmt.Errorf("http: response body is larger than %d bytes", p.bodyLimit))
	}

	log := rt.LogWriter()
	fmt.Fprintf(log, "%s %s: %s (%d bytes)\n", method, logURL(req.URL), resp.Status, len(data))
	jsonVal, jsonErr := parseJSONBody(data)
	if jsonErr != nil && isJSONContentType(resp.Header.Get("Content-Type")) {
		fmt.Fprintf(log, "dagrun: the response says it is JSON but does not parse (output.json is null): %v\n", jsonErr)
	}
	out := cty.ObjectVal(map[string]cty.Value{
		"status":  cty.NumberIntVal(int64(resp.StatusCode)),
		"headers": headerMap(resp.Header),
		"body":    cty.StringVal(strings.ToValidUTF8(string(data), "\uFFFD")),
		"json":    jsonVal,
	})

	if !statusExpected(resp.StatusCode, a.ExpectStatus) {
		err := &StatusError{Code: resp.StatusCode, Status: resp.Status, BodyStart: firstLine(data, 200)}
		if permanentStatus(resp.StatusCode) {
			return out, Permanent(err)
		}
		return out, err
	}
	return out, nil
}

func statusExpected(code int, expect []int) bool {
	if expect == nil {
		return code >= 200 && code <= 299
	}
	return slices.Contains(expect, code)
}

// headerMap joins each header's values with ", " (RFC 9110's list form) under
// the canonical header name.
func headerMap(h http.Header) cty.Value {
	if len(h) == 0 {
		return cty.MapValEmpty(cty.String)
	}
	m := make(map[string]cty.Value, len(h))
	for k, vs := range h {
		m[k] = cty.StringVal(strings.ToValidUTF8(strings.Join(vs, ", "), "\uFFFD"))
	}
	return cty.MapVal(m)
}

// parseJSONBody returns the body as a cty value when it is a JSON document, and
// a null of unknown type (with the reason) when it is not.
func parseJSONBody(data []byte) (cty.Value, error) {
	null := cty.NullVal(cty.DynamicPseudoType)
	if len(strings.TrimSpace(string(data))) == 0 {
		return null, errors.New("empty body")
	}
	ty, err := ctyjson.ImpliedType(data)
	if err != nil {
		return null, err
	}
	v, err := ctyjson.Unmarshal(data, ty)
	if err != nil {
		return null, err
	}
	return v, nil
}

// isJSONContentType reports whether ct is application/json or a +json type.
func isJSONContentType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

// logURL shows a URL without credentials or query string: both often carry
// secrets that the engine's redaction cannot know about.
func logURL(u *url.URL) string {
	v := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawPath: u.RawPath}
	s := v.String()
	if u.RawQuery != "" {
		s += "?…"
	}
	return s
}

func firstLine(data []byte, max int) string {
	s := string(data)
	if len(s) > max {
		s = s[:max]
	}
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(strings.ToValidUTF8(s, ""))
}
