package temporal

import (
	"strings"
	"testing"
)

func TestAttemptLogKeepsHeadAndTail(t *testing.T) {
	l := newAttemptLog(20)
	if _, err := l.Write([]byte("0123456789")); err != nil {
		t.Fatal(err)
	}
	if got := l.String(); got != "0123456789" {
		t.Fatalf("under the limit: %q", got)
	}
	for i := 0; i < 10; i++ {
		if n, _ := l.Write([]byte("abcdefghij")); n != 10 {
			t.Fatalf("Write returned %d, want 10", n)
		}
	}
	got := l.String()
	if !strings.HasPrefix(got, "0123456789\n... 90 bytes dropped (the attempt wrote 110;") || !strings.HasSuffix(got, "...\nabcdefghij") {
		t.Errorf("past the limit: %q", got)
	}
}
