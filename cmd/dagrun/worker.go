//go:build temporal

package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/spf13/cobra"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	tlog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/workflow"

	"github.com/dagrun/dagrun/metrics"
	"github.com/dagrun/dagrun/temporal"
)

// dial connects to Temporal; its own logs go to w from level warn up.
func (t *temporalFlags) dial(ctx context.Context, w io.Writer) (client.Client, error) {
	c, _, err := t.dialConverter(ctx, w)
	return c, err
}

// dialConverter is dial, and returns the client's data converter too (for
// what reads payloads without the client: a workflow's history).
func (t *temporalFlags) dialConverter(ctx context.Context, w io.Writer) (client.Client, converter.DataConverter, error) {
	if t.address == "" {
		return nil, nil, usageError("--temporal-address is required")
	}
	if err := t.tls.check(); err != nil {
		return nil, nil, err
	}
	logger := slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelWarn}))
	opts := client.Options{
		HostPort:  t.address,
		Namespace: t.namespace,
		Logger:    tlog.NewStructuredLogger(logger),
		// A run's trace goes from apply to the workflow and its activities.
		ContextPropagators: []workflow.ContextPropagator{temporal.TracePropagator()},
	}
	if t.tls.enabled() {
		cfg, err := t.tls.config()
		if err != nil {
			return nil, nil, &exitError{code: exitUsage, err: err}
		}
		opts.ConnectionOptions.TLS = cfg
	}
	if t.tls.apiKey != "" {
		opts.Credentials = client.NewAPIKeyStaticCredentials(t.tls.apiKey)
	}
	dc, err := t.dataConverter()
	if err != nil {
		return nil, nil, &exitError{code: exitUsage, err: err}
	}
	opts.DataConverter = dc
	c, err := client.DialContext(ctx, opts)
	if err != nil {
		return nil, nil, &exitError{code: exitFailed, err: fmt.Errorf("connecting to Temporal at %s: %w", t.address, err)}
	}
	return c, dc, nil
}

type workerFlags struct {
	temporal      temporalFlags
	maxConcurrent int
	metricsListen string
	quiet         bool
	drain         time.Duration
}

func workerCmd(e *env) *cobra.Command {
	f := &workerFlags{}
	c := &cobra.Command{
		Use:   "worker",
		Short: "Run pipes of pipelines started with apply --engine temporal, on this host",
		Args:  cobra.NoArgs,
		RunE:  func(*cobra.Command, []string) error { return e.worker(f) },
	}
	f.temporal.add(c)
	c.Flags().IntVar(&f.maxConcurrent, "max-concurrent", 0, "pipes this worker runs at once (default: Temporal's, 1000)")
	c.Flags().StringVar(&f.metricsListen, "metrics-listen", "", "serve Prometheus /metrics of the pipes run here on ADDR (no host: 127.0.0.1)")
	c.Flags().BoolVar(&f.quiet, "quiet", false, "do not copy the pipes' output (exec stdout and stderr) to stderr")
	c.Flags().DurationVar(&f.drain, "drain-timeout", 0, "on SIGTERM, SIGINT or SIGHUP, poll for no more work and let running pipes finish for up to `D` before cutting them (0: cut at once; a cut attempt is retried on another worker)")
	return c
}

func (e *env) worker(f *workerFlags) error {
	if f.drain < 0 {
		return usageError("--drain-timeout %s: want a duration ≥ 0", f.drain)
	}
	if f.maxConcurrent < 0 {
		return usageError("--max-concurrent %d: want a number of pipes ≥ 1 (0: Temporal's default)", f.maxConcurrent)
	}
	c, err := f.temporal.dial(e.ctx, e.stderr)
	if err != nil {
		return err
	}
	defer c.Close()
	logs := &lockedWriter{w: e.stderr}
	opts := temporal.WorkerOptions{
		TaskQueue:     f.temporal.taskQueue,
		MaxConcurrent: f.maxConcurrent,
		Version:       version(),
		Types:         pipeTypes(),
		Logger:        slog.New(slog.NewTextHandler(logs, nil)),
		Drain:         f.drain,
	}
	tp, stopTracing, err := e.startTracing("dagrun-worker")
	if err != nil {
		return err
	}
	defer stopTracing()
	opts.TracerProvider = tp
	if !f.quiet {
		opts.PipeLog = func(task string) io.Writer { return &prefixWriter{w: logs, prefix: []byte(task + " | ")} }
	}
	if f.metricsListen != "" {
		reg := prometheus.NewRegistry()
		opts.Registerer = reg
		sctx, cancel := context.WithCancel(context.Background())
		bound, wait, err := metrics.Serve(sctx, f.metricsListen, reg)
		if err != nil {
			cancel()
			return usageError("--metrics-listen: %v", err)
		}
		fmt.Fprintf(e.stderr, "serving metrics on http://%s/metrics\n", bound)
		defer func() { cancel(); _ = wait() }()
	}
	w, err := temporal.NewWorker(c, opts)
	if err != nil {
		return &exitError{code: exitFailed, err: err}
	}
	fmt.Fprintf(e.stderr, "worker polling task queue %q on %s (namespace %s)\n", f.temporal.taskQueue, f.temporal.address, f.temporal.namespace)
	if err := w.Run(e.ctx); err != nil {
		return &exitError{code: exitFailed, err: err}
	}
	return nil
}

// lockedWriter serializes writes from concurrent pipes and loggers.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// prefixWriter starts every line with prefix (the pipe's task name). exec
// writes whole lines, so a write never ends mid-line in practice; a write
// that does is ended with a newline.
type prefixWriter struct {
	w      io.Writer
	prefix []byte
}

func (p *prefixWriter) Write(b []byte) (int, error) {
	n := len(b)
	if _, err := p.w.Write(prefixLines(p.prefix, b)); err != nil {
		return 0, err
	}
	return n, nil
}

// config is the TLS configuration of the connection to Temporal.
func (t temporalTLS) config() (*tls.Config, error) {
	cfg := &tls.Config{ServerName: t.serverName, MinVersion: tls.VersionTLS12}
	if t.cert != "" {
		pair, err := tls.LoadX509KeyPair(t.cert, t.key)
		if err != nil {
			return nil, fmt.Errorf("--temporal-tls-cert, --temporal-tls-key: %w", err)
		}
		cfg.Certificates = []tls.Certificate{pair}
	}
	if t.ca != "" {
		pem, err := os.ReadFile(t.ca)
		if err != nil {
			return nil, fmt.Errorf("--temporal-tls-ca: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("--temporal-tls-ca: %s holds no PEM certificate", t.ca)
		}
		cfg.RootCAs = pool
	}
	return cfg, nil
}

// dataConverter is the client's data converter: payloads encrypted when
// keys are given.
func (t *temporalFlags) dataConverter() (converter.DataConverter, error) {
	if len(t.encryptionKeys) == 0 {
		return temporal.DataConverter(nil), nil
	}
	var keys [][]byte
	for _, f := range t.encryptionKeys {
		k, err := readKey(f)
		if err != nil {
			return nil, fmt.Errorf("--temporal-encryption-key %s: %w", f, err)
		}
		keys = append(keys, k)
	}
	codec, err := temporal.NewEncryptionCodec(keys...)
	if err != nil {
		return nil, err
	}
	return temporal.DataConverter(codec), nil
}

// readKey reads a 32-byte key written raw, in hex or in base64.
func readKey(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	text := strings.TrimSpace(string(b))
	if k, err := hex.DecodeString(text); err == nil && len(k) == 32 {
		return k, nil
	}
	if k, err := base64.StdEncoding.DecodeString(text); err == nil && len(k) == 32 {
		return k, nil
	}
	if len(b) == 32 {
		return b, nil
	}
	return nil, errors.New("want 32 bytes (AES-256): raw, or 64 hex digits, or base64")
}
