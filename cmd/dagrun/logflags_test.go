package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
)

func TestLogFlagsParse(t *testing.T) {
	for _, tc := range []struct {
		format, level string
		want          slog.Level
		on            bool
		err           string
	}{
		{on: false},
		{format: "json", want: slog.LevelInfo, on: true},
		{format: "text", want: slog.LevelInfo, on: true},
		{level: "debug", want: slog.LevelDebug, on: true},
		{level: "WARN", want: slog.LevelWarn, on: true},
		{level: "warning", want: slog.LevelWarn, on: true},
		{level: "error", format: "json", want: slog.LevelError, on: true},
		{level: "off", format: "json", on: false},
		{level: "loud", err: `--log-level "loud": want debug, info, warn, error or off`},
		{format: "yaml", err: `--log-format "yaml": want text or json`},
	} {
		t.Run(tc.format+"/"+tc.level, func(t *testing.T) {
			l := logFlags{format: tc.format, level: tc.level}
			level, on, err := l.parse()
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || on != tc.on || (on && level != tc.want) {
				t.Errorf("parse() = %v, %v, %v; want %v, %v", level, on, err, tc.want, tc.on)
			}
		})
	}
}

// TestApplyLogs: apply writes structured logs to stderr only when asked, and
// stdout keeps the view alone.
func TestApplyLogs(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "pipeline.hcl")
	writeFile(t, path, `
pipe "hello" {
  use   = "value"
  value = "hi"
}
`)
	apply := func(args ...string) (stdout, stderr string, code int) {
		var out, errOut bytes.Buffer
		code = run(context.Background(), append(append([]string{"apply"}, args...), path), strings.NewReader(""), &out, &errOut)
		return out.String(), errOut.String(), code
	}

	stdout, stderr, code := apply()
	if code != 0 || stderr != "" {
		t.Fatalf("no log flags: exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(stdout, "hello") {
		t.Errorf("no view on stdout:\n%s", stdout)
	}

	stdout, stderr, code = apply("--log-format", "json", "--log-level", "debug")
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	if strings.Contains(stdout, `"level"`) {
		t.Errorf("log records on stdout:\n%s", stdout)
	}
	events := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
		var rec struct {
			Level, Msg, Event, Pipe string
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("stderr line is not JSON: %q", line)
		}
		events[rec.Level+" "+rec.Event+" "+rec.Pipe] = true
	}
	for _, want := range []string{"INFO run_started ", "DEBUG pipe_ready hello", "INFO pipe_finished hello", "INFO run_finished "} {
		if !events[want] {
			t.Errorf("no %q record; got %v", want, events)
		}
	}

	_, stderr, code = apply("--log-level", "loud")
	if code != exitUsage || !strings.Contains(stderr, `--log-level "loud"`) {
		t.Errorf("--log-level loud: exit %d, stderr %q", code, stderr)
	}
}
