// Package itest runs dagrun's Temporal backend against a real Temporal server
// and real `dagrun worker` processes. It is a module of its own so that the
// main module never depends on a Temporal server.
//
// The server: DAGRUN_TEMPORAL_ADDRESS (HOST:PORT of a running one), else a dev
// server started from the Temporal CLI (DAGRUN_TEMPORAL_CLI, else `temporal`
// on PATH: go install github.com/temporalio/cli/cmd/temporal@v1.5.1). Without
// either the tests skip, unless DAGRUN_REQUIRE_TEMPORAL=1 (CI), which makes
// that a failure.
package itest

import (
	"github.com/dagrun/dagrun/internal/jaegertest"

	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	tlog "go.temporal.io/sdk/log"
)

var (
	address     string // Temporal frontend
	dagrunBin   string // the dagrun binary under test
	temporalCLI string // the Temporal CLI that started the dev server ("": a server given by address)
)

func TestMain(m *testing.M) {
	if os.Getenv(jaegertest.TracedChildEnv) == "1" {
		os.Exit(jaegertest.TracedChild()) // the trace test's exec pipe
	}
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	required := os.Getenv("DAGRUN_REQUIRE_TEMPORAL") == "1"
	tmp, err := os.MkdirTemp("", "dagrun-itest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(tmp)

	address = os.Getenv("DAGRUN_TEMPORAL_ADDRESS")
	if address == "" {
		cli := os.Getenv("DAGRUN_TEMPORAL_CLI")
		if cli == "" {
			cli, _ = exec.LookPath("temporal")
		}
		if cli == "" {
			msg := "no Temporal server: set DAGRUN_TEMPORAL_ADDRESS, or put the Temporal CLI on PATH (go install github.com/temporalio/cli/cmd/temporal@v1.5.1)"
			if required {
				fmt.Fprintln(os.Stderr, "FAIL: DAGRUN_REQUIRE_TEMPORAL=1 but", msg)
				return 1
			}
			fmt.Fprintln(os.Stderr, "SKIP: the Temporal integration tests did not run:", msg)
			return 0
		}
		temporalCLI = cli
		ports, err := freePorts(3)
		if err != nil {
			fmt.Fprintln(os.Stderr, "FAIL: starting the Temporal dev server:", err)
			return 1
		}
		stop, addr, err := startDevServer(cli, tmp, ports)
		if err != nil {
			fmt.Fprintln(os.Stderr, "FAIL: starting the Temporal dev server:", err)
			return 1
		}
		defer stop()
		address = addr
	}
	if err := waitForServer(address, 60*time.Second); err != nil {
		fmt.Fprintln(os.Stderr, "FAIL: Temporal at", address, "is not answering:", err)
		return 1
	}

	dagrunBin = filepath.Join(tmp, "dagrun")
	args := []string{"build", "-tags", "temporal", "-o", dagrunBin}
	if raceEnabled {
		args = append(args, "-race")
	}
	build := exec.Command("go", append(args, "./cmd/dagrun")...)
	build.Dir = filepath.Join("..", "..")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "FAIL: building dagrun:", err)
		return 1
	}
	return m.Run()
}

// startDevServer starts `temporal server start-dev` on ports (frontend,
// HTTP, metrics), its log in dir, with an in-memory store unless extra
// names a database file (--db-filename).
func startDevServer(cli, dir string, ports []int, extra ...string) (stop func(), addr string, err error) {
	logf, err := os.OpenFile(filepath.Join(dir, "temporal.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, "", err
	}
	cmd := exec.Command(cli, append([]string{"server", "start-dev", "--headless", "--ip", "127.0.0.1",
		"--port", strconv.Itoa(ports[0]), "--http-port", strconv.Itoa(ports[1]), "--metrics-port", strconv.Itoa(ports[2]),
		"--log-level", "warn"}, extra...)...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, "", err
	}
	stop = func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Wait()
		logf.Close()
	}
	return stop, fmt.Sprintf("127.0.0.1:%d", ports[0]), nil
}

func freePorts(n int) ([]int, error) {
	var ports []int
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// waitForServer dials until the frontend answers with the default namespace.
func waitForServer(addr string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		c, err := client.DialContext(ctx, client.Options{HostPort: addr, Logger: quietLogger()})
		if err == nil {
			_, err = c.WorkflowService().DescribeNamespace(ctx, &workflowservice.DescribeNamespaceRequest{Namespace: "default"})
			c.Close()
		}
		cancel()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return err
		}
		time.Sleep(250 * time.Millisecond)
	}
}

func quietLogger() tlog.Logger {
	return tlog.NewStructuredLogger(slog.New(slog.DiscardHandler))
}

// newClient is a client of the test server.
func newClient(t *testing.T) client.Client {
	t.Helper()
	c, err := client.Dial(client.Options{HostPort: address, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// worker is a `dagrun worker` process.
type worker struct {
	cmd  *exec.Cmd
	logs *syncBuffer
	done chan struct{}
}

// startWorker starts a `dagrun worker` on queue; it is killed when the test
// ends.
func startWorker(t *testing.T, queue string, extra ...string) *worker {
	t.Helper()
	return startWorkerOn(t, address, queue, extra...)
}

// startWorkerOn is startWorker with the Temporal server at addr.
func startWorkerOn(t *testing.T, addr, queue string, extra ...string) *worker {
	t.Helper()
	args := append([]string{"worker", "--temporal-address", addr, "--task-queue", queue}, extra...)
	return startWorkerCmd(t, exec.Command(dagrunBin, args...), "worker", queue)
}

// startWorkerCmd starts cmd, a worker (what names it in the test's log) on
// queue; it is stopped when the test ends, and its logs are shown if the
// test failed.
func startWorkerCmd(t *testing.T, cmd *exec.Cmd, what, queue string) *worker {
	t.Helper()
	w := &worker{cmd: cmd, logs: &syncBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = w.logs, w.logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		_ = cmd.Wait()
		close(w.done)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-w.done:
		case <-time.After(15 * time.Second):
			_ = cmd.Process.Kill()
			<-w.done
		}
		if strings.Contains(w.logs.String(), "DATA RACE") {
			t.Errorf("the race detector found a data race in worker %d", cmd.Process.Pid)
		}
		if t.Failed() {
			t.Logf("%s %d (%s) logs:\n%s", what, cmd.Process.Pid, queue, w.logs.String())
		}
	})
	return w
}

// signal sends sig and waits for the worker to end. SIGKILL: it dies at
// once, as when its host is lost.
func (w *worker) signal(t *testing.T, sig syscall.Signal) {
	t.Helper()
	if err := w.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	select {
	case <-w.done:
	case <-time.After(30 * time.Second):
		t.Fatalf("worker %d did not end after %s", w.cmd.Process.Pid, sig)
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// runDagrun runs the dagrun binary and returns its stdout, stderr and exit code.
func runDagrun(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, dagrunBin, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code = 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("dagrun %s: %v", strings.Join(args, " "), err)
		}
		code = ee.ExitCode()
	}
	return out.String(), errb.String(), code
}

// queueName is a task queue of the test's own, so tests do not share workers.
func queueName(t *testing.T) string {
	return "itest-" + strings.ToLower(strings.NewReplacer("/", "-", "_", "-").Replace(t.Name())) + "-" + strconv.FormatInt(time.Now().UnixNano()%1e9, 36)
}
