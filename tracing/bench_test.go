package tracing_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"go.opentelemetry.io/otel/trace"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/tracing"
)

// BenchmarkRunTracing runs a pipeline of 500 in-process pipes (value pipes,
// ten chains of 50) without tracing and with spans exported over OTLP/HTTP
// (batched, as the command does) to a collector on 127.0.0.1 that reads and
// drops them: the difference per pipe is what tracing costs a pipe.
func BenchmarkRunTracing(b *testing.B) {
	var src strings.Builder
	src.WriteString("pipeline \"bench\" {\n  parallelism = 4\n}\n")
	for c := range 10 {
		for i := range 50 {
			fmt.Fprintf(&src, "pipe \"p%d_%d\" {\n  use = \"value\"\n  value = %d\n", c, i, i)
			if i > 0 {
				fmt.Fprintf(&src, "  depends_on = [pipe.p%d_%d]\n", c, i-1)
			}
			src.WriteString("}\n")
		}
	}
	p, err := dagrun.LoadSource("bench.hcl", []byte(src.String()), dagrun.LoadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	const pipes = 500
	collector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/x-protobuf")
	}))
	defer collector.Close()

	for _, tc := range []struct {
		name string
		tp   func() (trace.TracerProvider, func())
	}{
		{"off", func() (trace.TracerProvider, func()) { return nil, func() {} }},
		{"otlp", func() (trace.TracerProvider, func()) {
			tp, err := tracing.NewProviderFromEnv(context.Background(), func(k string) string {
				return map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": collector.URL}[k]
			}, "bench", "test")
			if err != nil || tp == nil {
				b.Fatal(tp, err)
			}
			var once sync.Once
			return tp, func() { once.Do(func() { _ = tp.Shutdown(context.Background()) }) }
		}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			tp, stop := tc.tp()
			defer stop()
			b.ReportAllocs()
			before := cpuTime()
			for b.Loop() {
				res, err := p.Run(context.Background(), dagrun.RunOptions{TracerProvider: tp})
				if err != nil || res.Status != dagrun.Succeeded {
					b.Fatal(err, res.Status)
				}
			}
			stop() // the spans still buffered are exported: their cost is the run's
			// CPU time (user and system, every thread) says more than the
			// wall clock on a shared machine.
			b.ReportMetric(float64((cpuTime()-before).Nanoseconds())/float64(b.N)/pipes, "cpu-ns/pipe")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/pipes, "ns/pipe")
		})
	}
}
