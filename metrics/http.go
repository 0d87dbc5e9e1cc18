package metrics

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Handler serves the metrics of g in the Prometheus exposition formats.
func Handler(g prometheus.Gatherer) http.Handler {
	return promhttp.HandlerFor(g, promhttp.HandlerOpts{
		// A failing collector should not blank the whole page: serve what was
		// gathered, as the promhttp default handler does.
		ErrorHandling: promhttp.ContinueOnError,
		// OpenMetrics, when the scraper asks for it, carries the
		// exemplars (trace ids) of the duration histograms.
		EnableOpenMetrics: true,
	})
}

// ListenAddr returns the address Serve listens on for addr: an address without a
// host (":9464" or "9464") binds 127.0.0.1, so metrics are not exposed
// beyond the machine unless the user names a host such as 0.0.0.0.
func ListenAddr(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		// A bare port.
		if _, perr := net.LookupPort("tcp", addr); perr != nil || addr == "" {
			return "", err
		}
		host, port = "", addr
	}
	if host == "" {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port), nil
}

// shutdownTimeout bounds how long Serve waits for in-flight scrapes at shutdown.
const shutdownTimeout = 5 * time.Second

// Serve listens on addr (see ListenAddr; port 0 picks a free port) and serves
// GET /metrics from g until ctx ends. It returns the address actually bound and a
// wait function that returns once the server has shut down: nil after ctx ended,
// or the error that stopped the server early.
func Serve(ctx context.Context, addr string, g prometheus.Gatherer) (bound string, wait func() error, err error) {
	addr, err = ListenAddr(addr)
	if err != nil {
		return "", nil, err
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return "", nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", Handler(g))
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
	}

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	done := make(chan error, 1)
	go func() {
		var err error
		select {
		case <-ctx.Done():
			sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
			defer cancel()
			if serr := srv.Shutdown(sctx); serr != nil {
				srv.Close()
			}
			err = <-served
		case err = <-served:
		}
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		done <- err
	}()

	return ln.Addr().String(), sync.OnceValue(func() error { return <-done }), nil
}
