package metrics_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/dagrun/dagrun/metrics"
)

func TestListenAddr(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{":9464", "127.0.0.1:9464"},
		{"9464", "127.0.0.1:9464"},
		{"0", "127.0.0.1:0"},
		{"0.0.0.0:9464", "0.0.0.0:9464"},
		{"localhost:1234", "localhost:1234"},
		{"[::1]:9464", "[::1]:9464"},
	} {
		got, err := metrics.ListenAddr(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ListenAddr(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "no-such-port-name", "1.2.3.4"} {
		if got, err := metrics.ListenAddr(bad); err == nil {
			t.Errorf("ListenAddr(%q) = %q, want an error", bad, got)
		}
	}
}

func TestServeBindsLoopbackWithoutHost(t *testing.T) {
	for _, addr := range []string{":0", "0"} {
		t.Run(addr, func(t *testing.T) {
			reg := prometheus.NewRegistry()
			c := metrics.New("served", metrics.Options{Version: "test"})
			if err := c.Register(reg); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			bound, wait, err := metrics.Serve(ctx, addr, reg)
			if err != nil {
				t.Fatal(err)
			}
			host, _, err := net.SplitHostPort(bound)
			if err != nil || host != "127.0.0.1" {
				t.Errorf("bound %q, want host 127.0.0.1", bound)
			}

			body := get(t, "http://"+bound+"/metrics")
			if !strings.Contains(body, `dagrun_pipeline_runs_total{pipeline="served",status="succeeded"} 0`) {
				t.Errorf("/metrics lacks the pipeline's series:\n%s", body)
			}
			if !strings.Contains(body, `dagrun_build_info{`) {
				t.Errorf("/metrics lacks dagrun_build_info:\n%s", body)
			}

			cancel()
			if err := wait(); err != nil {
				t.Errorf("wait() = %v after ctx ended, want nil", err)
			}
			if err := wait(); err != nil {
				t.Errorf("second wait() = %v, want nil", err)
			}
			if _, err := http.Get("http://" + bound + "/metrics"); err == nil {
				t.Error("server still answers after ctx ended")
			}
		})
	}
}

func TestServeReportsListenError(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if _, _, err := metrics.Serve(context.Background(), ln.Addr().String(), prometheus.NewRegistry()); err == nil {
		t.Error("Serve on a busy port succeeded")
	}
}

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s\n%s", url, resp.Status, b)
	}
	return string(b)
}
