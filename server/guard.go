package server

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// guard refuses, before anything else sees them, the requests a web page in
// the user's browser could make to a server on their own machine:
//
//   - On a connection that arrived on a loopback address, a Host that is not
//     a loopback name or address (localhost, 127.0.0.0/8, ::1, any port), nor
//     one of Options.AllowedHosts, gets 421: a page whose name was rebound to
//     127.0.0.1 (DNS rebinding) reads nothing, not even /metrics.
//   - A request of a method that changes state (anything but GET, HEAD and
//     OPTIONS) gets 403 when the browser says it comes from another origin
//     (Sec-Fetch-Site other than same-origin or none; without it, an Origin
//     whose host is not the Host), and 415 when it has a body that is not
//     Content-Type: application/json (which no HTML form can send).
//
// Every refusal is a JSON error, as the API's others. The checks do not
// depend on the token: they hold with and without one.
func (s *Server) guard(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	allowed := map[string]bool{}
	for _, h := range s.opts.AllowedHosts {
		allowed[strings.ToLower(h)] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if onLoopback(r.Context()) && !loopbackHost(r.Host) && !allowed[strings.ToLower(hostOnly(r.Host))] {
			writeError(w, http.StatusMisdirectedRequest, fmt.Sprintf(
				"host %q refused: on a loopback address this server answers only to localhost, 127.0.0.1 or [::1] (see --allow-host)", r.Host), nil)
			return
		}
		if safeMethod(r.Method) {
			next.ServeHTTP(w, r)
			return
		}
		if err := cop.Check(r); err != nil {
			writeError(w, http.StatusForbidden,
				"cross-origin request refused: a web page of another site may not change anything here (Origin or Sec-Fetch-Site says the request is not same-origin)", nil)
			return
		}
		if code, msg := checkContentType(r); code != 0 {
			writeError(w, code, msg, nil)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// checkContentType lets a body through only as application/json; a request
// without a body may say anything (curl with an empty -d sends a form
// type). It returns a status and message for a refusal, else 0.
func checkContentType(r *http.Request) (int, string) {
	if r.ContentLength == 0 {
		return 0, ""
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err == nil && mt == "application/json" {
		return 0, ""
	}
	// The length may be unknown (chunked): a body is refused once a byte of
	// it is seen. A refused request's body is not read further.
	var one [1]byte
	n, err := io.ReadFull(r.Body, one[:])
	switch {
	case n > 0:
		return http.StatusUnsupportedMediaType, fmt.Sprintf(
			"Content-Type %q refused: a request body must be application/json", r.Header.Get("Content-Type"))
	case err != nil && err != io.EOF:
		return http.StatusBadRequest, "reading the request body: " + err.Error()
	}
	return 0, ""
}

// onLoopback reports whether the request's connection arrived on a loopback
// address of this machine. A request not served from a listener (a handler
// called directly) has no such address: false.
func onLoopback(ctx context.Context) bool {
	addr, ok := ctx.Value(http.LocalAddrContextKey).(net.Addr)
	if !ok {
		return false
	}
	ap, err := netip.ParseAddrPort(addr.String())
	return err == nil && ap.Addr().Unmap().IsLoopback()
}

// loopbackHost reports whether a Host header names this machine's loopback:
// localhost, an address of 127.0.0.0/8 or ::1, with or without a port.
func loopbackHost(host string) bool {
	h := hostOnly(host)
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(h)
	return err == nil && ip.Zone() == "" && ip.Unmap().IsLoopback()
}

// hostOnly strips the port (and an IPv6 literal's brackets) from a Host.
func hostOnly(host string) string {
	if h, port, err := net.SplitHostPort(host); err == nil {
		if strings.Trim(port, "0123456789") != "" {
			return host // not a port: matches no name
		}
		return h
	}
	return strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
}
