package dag

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

func TestDraw(t *testing.T) {
	// Ids with characters that need quoting in both formats.
	ids := []string{"fetch", "routing.load", `say "hi"`, "classify[0]", `back\slash`, "a#b<c>&`d`", "end"}
	edges := []edge{
		{"fetch", "routing.load"}, {"fetch", "classify[0]"}, {"routing.load", `say "hi"`},
		{"classify[0]", `say "hi"`}, {`say "hi"`, `back\slash`}, {"fetch", "end"},
	}
	c := mustBuild(t, ids, edges)
	labels := map[string]string{"fetch": "fetch\n(http)", "end": "end"}
	groups := map[string]string{"routing.load": "routing", `say "hi"`: `rou"ting`, "classify[0]": "routing"}
	full := DrawOptions{
		Name: `ticket "routing"`,
		Label: func(i int) string {
			if l, ok := labels[c.IDs[i]]; ok {
				return l
			}
			return c.IDs[i]
		},
		Group: func(i int) string { return groups[c.IDs[i]] },
	}
	tests := []struct {
		name string
		opts DrawOptions
	}{
		{"plain", DrawOptions{}},
		{"full", full},
	}
	for _, tt := range tests {
		for _, format := range []struct {
			ext   string
			write func(*bytes.Buffer, DrawOptions) error
		}{
			{"dot", func(b *bytes.Buffer, o DrawOptions) error { return c.WriteDOT(b, o) }},
			{"mmd", func(b *bytes.Buffer, o DrawOptions) error { return c.WriteMermaid(b, o) }},
		} {
			t.Run(tt.name+"."+format.ext, func(t *testing.T) {
				var buf bytes.Buffer
				if err := format.write(&buf, tt.opts); err != nil {
					t.Fatal(err)
				}
				golden := filepath.Join("testdata", tt.name+"."+format.ext+".golden")
				if *update {
					if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test -update to create it)", err)
				}
				if diff := cmp.Diff(string(want), buf.String()); diff != "" {
					t.Errorf("%s (-want +got):\n%s", golden, diff)
				}
				// Deterministic: a second rendering is identical.
				var again bytes.Buffer
				format.write(&again, tt.opts)
				if again.String() != buf.String() {
					t.Errorf("second rendering differs")
				}
			})
		}
	}
}

func TestDrawEmpty(t *testing.T) {
	c := mustBuild(t, nil, nil)
	var dot, mmd strings.Builder
	if err := c.WriteDOT(&dot, DrawOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := c.WriteMermaid(&mmd, DrawOptions{}); err != nil {
		t.Fatal(err)
	}
	if got, want := dot.String(), "digraph {\n}\n"; got != want {
		t.Errorf("DOT = %q, want %q", got, want)
	}
	if got, want := mmd.String(), "flowchart TD\n"; got != want {
		t.Errorf("Mermaid = %q, want %q", got, want)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestDrawWriteError(t *testing.T) {
	c := mustBuild(t, []string{"a", "b"}, []edge{{"a", "b"}})
	if err := c.WriteDOT(failWriter{}, DrawOptions{}); err == nil {
		t.Errorf("WriteDOT to a failing writer: no error")
	}
	if err := c.WriteMermaid(failWriter{}, DrawOptions{}); err == nil {
		t.Errorf("WriteMermaid to a failing writer: no error")
	}
}
