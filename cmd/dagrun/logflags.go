package main

import (
	"io"
	"log/slog"
	"strings"

	"github.com/spf13/cobra"
)

// logFlags turn on structured logs (log/slog) on stderr. Like `terraform apply`
// (TF_LOG) and `docker compose` (--log-level), the run's view is the output and
// logs are off until asked for: --log-level sets the threshold, and
// --log-format alone means "on, at info".
type logFlags struct {
	format string
	level  string
}

func (l *logFlags) add(c *cobra.Command) {
	c.Flags().StringVar(&l.format, "log-format", "", "structured log format on stderr: text or json (given alone, logs at info)")
	c.Flags().StringVar(&l.level, "log-level", "", "write structured logs to stderr from this level up: debug, info, warn, error or off (default off)")
}

// check validates the flags, so that a typo is a usage error before anything runs.
func (l *logFlags) check() error {
	_, _, err := l.parse()
	return err
}

func (l *logFlags) parse() (level slog.Level, on bool, err error) {
	switch l.format {
	case "", "text", "json":
	default:
		return 0, false, usageError("--log-format %q: want text or json", l.format)
	}
	switch name := strings.ToLower(l.level); name {
	case "":
		return slog.LevelInfo, l.format != "", nil
	case "off", "none":
		return 0, false, nil
	case "debug", "info", "warn", "warning", "error":
		if name == "warning" {
			name = "warn"
		}
		if err := level.UnmarshalText([]byte(name)); err != nil {
			return 0, false, usageError("--log-level %q: %v", l.level, err)
		}
		return level, true, nil
	}
	return 0, false, usageError("--log-level %q: want debug, info, warn, error or off", l.level)
}

// logger returns the logger the flags ask for, writing to w, or nil when logs are off.
func (l *logFlags) logger(w io.Writer) (*slog.Logger, error) {
	level, on, err := l.parse()
	if err != nil || !on {
		return nil, err
	}
	opts := &slog.HandlerOptions{Level: level}
	if l.format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return slog.New(slog.NewTextHandler(w, opts)), nil
}
