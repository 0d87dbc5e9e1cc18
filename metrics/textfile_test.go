package metrics_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/metrics"
)

func TestWriteTextfile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "dagrun.prom")
	reg := prometheus.NewRegistry()
	c := metrics.New("p", metrics.Options{Version: "test"})
	if err := c.Register(reg); err != nil {
		t.Fatal(err)
	}
	// Many pipes make the file large enough that a non-atomic write would be
	// caught half-done by the reader.
	pipes := make([]string, 200)
	for i := range pipes {
		pipes[i] = fmt.Sprintf("pipe_%03d", i)
	}
	c.Init(pipes)

	// A reader polls the file while it is rewritten: every read sees either no
	// file yet or a complete exposition (the last family is dagrun_pipeline_running).
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var readErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			b, err := os.ReadFile(path)
			if errors.Is(err, os.ErrNotExist) {
				continue
			}
			if err == nil {
				err = checkComplete(b)
			}
			if err != nil {
				readErr = err
				return
			}
		}
	}()
	for i := 0; i < 50; i++ {
		new(script).attempt("pipe_000", "pipe_000", 1, 0, time.Second, executor.AttemptOK, false).feed(c)
		if err := metrics.WriteTextfile(path, reg); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	if readErr != nil {
		t.Fatalf("reader saw an incomplete file: %v", readErr)
	}

	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := checkComplete(b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(`dagrun_pipe_attempts_total{pipe="pipe_000",pipeline="p",result="ok"} 50`)) {
		t.Error("the file does not hold the last write")
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644 (node_exporter runs as another user)", fi.Mode().Perm())
	}
	assertOnlyFiles(t, dir, "dagrun.prom")
}

func TestWriteTextfileFailureLeavesNoTrace(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "dagrun.prom")
	if err := os.WriteFile(path, []byte("# old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := prometheus.GathererFunc(func() ([]*dto.MetricFamily, error) { return nil, errors.New("gather failed") })
	if err := metrics.WriteTextfile(path, bad); err == nil {
		t.Error("WriteTextfile succeeded with a failing gatherer")
	}
	if b, _ := os.ReadFile(path); string(b) != "# old\n" {
		t.Errorf("old file replaced by %q", b)
	}
	assertOnlyFiles(t, dir, "dagrun.prom")

	if err := metrics.WriteTextfile(filepath.Join(dir, "missing", "x.prom"), prometheus.NewRegistry()); err == nil {
		t.Error("WriteTextfile into a missing directory succeeded")
	}
}

func checkComplete(b []byte) error {
	p := expfmt.NewTextParser(model.UTF8Validation)
	mfs, err := p.TextToMetricFamilies(bytes.NewReader(b))
	if err != nil {
		return err
	}
	if _, ok := mfs[metrics.PipelineRunning]; !ok {
		return errors.New("file lacks " + metrics.PipelineRunning)
	}
	if _, ok := mfs[metrics.BuildInfo]; !ok {
		return errors.New("file lacks " + metrics.BuildInfo)
	}
	return nil
}

func assertOnlyFiles(t *testing.T, dir string, want ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("directory holds %v, want %v (temporary files left behind?)", got, want)
	}
}
