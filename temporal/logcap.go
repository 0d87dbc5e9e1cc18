package temporal

import (
	"fmt"
	"sync"
)

// attemptLog keeps what an attempt wrote, for its result: all of it up to
// limit bytes, else the first and the last half of limit with a line saying
// how much was dropped between them (as a pipe's log file keeps an attempt
// past pipe_log_limit). Safe for concurrent writes (stdout and stderr).
type attemptLog struct {
	mu    sync.Mutex
	limit int
	head  []byte
	tail  []byte // the last bytes past the head, up to twice the half
	n     int64  // bytes written
}

func newAttemptLog(limit int) *attemptLog { return &attemptLog{limit: limit} }

func (l *attemptLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	written := len(p)
	l.n += int64(written)
	half := l.limit / 2
	if room := half - len(l.head); room > 0 {
		k := min(room, len(p))
		l.head = append(l.head, p[:k]...)
		p = p[k:]
	}
	l.tail = append(l.tail, p...)
	if len(l.tail) > 2*half {
		l.tail = append(l.tail[:0], l.tail[len(l.tail)-half:]...)
	}
	return written, nil
}

// String is what is kept.
func (l *attemptLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.n <= int64(l.limit) {
		return string(l.head) + string(l.tail)
	}
	half := l.limit / 2
	tail := l.tail[max(len(l.tail)-half, 0):]
	dropped := l.n - int64(len(l.head)) - int64(len(tail))
	return fmt.Sprintf("%s\n... %d bytes dropped (the attempt wrote %d; a Temporal run keeps %d of each attempt) ...\n%s",
		l.head, dropped, l.n, l.limit, tail)
}
