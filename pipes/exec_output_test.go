package pipes

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseValues(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    map[string]string
		wantErr string
	}{
		{"empty", "", map[string]string{}, ""},
		{"simple", "a=1\nb=two words\n", map[string]string{"a": "1", "b": "two words"}, ""},
		{"no final newline", "a=1", map[string]string{"a": "1"}, ""},
		{"CRLF", "a=1\r\nb=2\r\n", map[string]string{"a": "1", "b": "2"}, ""},
		{"blank lines ignored", "\n  \na=1\n\n", map[string]string{"a": "1"}, ""},
		{"value keeps = and spaces", "url=http://x/?a=b \n", map[string]string{"url": "http://x/?a=b "}, ""},
		{"empty value", "a=\n", map[string]string{"a": ""}, ""},
		{"last wins", "a=1\na=2\n", map[string]string{"a": "2"}, ""},
		{"heredoc", "a<<END\nx=1\n\ny\nEND\nb=2\n", map[string]string{"a": "x=1\n\ny", "b": "2"}, ""},
		{"empty heredoc", "a<<END\nEND\n", map[string]string{"a": ""}, ""},
		{"<< inside a value", "a=b<<c\n", map[string]string{"a": "b<<c"}, ""},
		{"line without =", "a=1\noops\n", map[string]string{"a": "1"}, `line 2: "oops" is not key=value`},
		{"empty key", "=1\n", map[string]string{}, "line 1: empty key"},
		{"key with spaces", "a =1\n", map[string]string{}, `line 1: key "a " has leading or trailing spaces`},
		{"heredoc without end", "a<<END\nx\n", map[string]string{}, `line 1: no line "END" ends the value of a`},
		{"heredoc without delimiter", "a<<\n", map[string]string{}, "line 1: \"a<<\" has no delimiter after <<"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseValues(tt.in)
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
			}
			if gotErr != tt.wantErr {
				t.Errorf("err = %q, want %q", gotErr, tt.wantErr)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("values (-want +got):\n%s", d)
			}
		})
	}
}

func TestTailBuffer(t *testing.T) {
	tests := []struct {
		name          string
		limit         int
		writes        []string
		want          string
		wantTruncated bool
	}{
		{"under the limit", 10, []string{"abc", "def"}, "abcdef", false},
		{"exactly the limit", 6, []string{"abc", "def"}, "abcdef", false},
		{"many small writes", 4, strings.Split("abcdefghijklmnop", ""), "mnop", true},
		{"one big write", 4, []string{"ab", "cdefghij"}, "ghij", true},
		{"cut rune dropped", 4, []string{"aé€"}, "€", true}, // é€ is 5 bytes: the cut leaves half of é
		{"invalid UTF-8 replaced", 10, []string{"a\xffb"}, "a\uFFFDb", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &tailBuffer{limit: tt.limit}
			for _, w := range tt.writes {
				b.Write([]byte(w))
			}
			if got := b.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			if b.truncated() != tt.wantTruncated {
				t.Errorf("truncated() = %v", b.truncated())
			}
		})
	}
}

func TestLineForwarder(t *testing.T) {
	var got []string
	out := &lockedWriter{w: writerFunc(func(p []byte) { got = append(got, string(p)) })}
	f := &lineForwarder{out: out, max: 8}
	for _, w := range []string{"ab", "c\nd", "e\nf\ng", "0123456789", "end"} {
		f.Write([]byte(w))
	}
	f.Flush()
	want := []string{"abc\n", "de\nf\n", "g0123456789", "end"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("writes (-want +got):\n%s", d)
	}
}

type writerFunc func(p []byte)

func (f writerFunc) Write(p []byte) (int, error) {
	f(p)
	return len(p), nil
}
