package hcl

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	hcl2 "github.com/hashicorp/hcl/v2"

	"github.com/dagrun/dagrun/pipes"
)

// testNow is the clock of every test load.
var testNow = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

// testOptions are hermetic load options: the built-in types, no environment,
// a fixed clock.
func testOptions() LoadOptions {
	return LoadOptions{
		Types:     pipes.Builtins(),
		LookupEnv: func(string) (string, bool) { return "", false },
		Now:       func() time.Time { return testNow },
	}
}

// mark is an expected diagnostic: a line of an invalid file ending with
// `# ERROR: <summary substring>` (or WARNING) expects a diagnostic of that
// severity whose summary contains the substring and whose subject starts on
// that line.
type mark struct {
	line     int
	severity hcl2.DiagnosticSeverity
	summary  string
}

var markRE = regexp.MustCompile(`#\s*(ERROR|WARNING):\s*(.+?)\s*$`)

func parseMarks(t *testing.T, src []byte) []mark {
	t.Helper()
	var marks []mark
	sc := bufio.NewScanner(bytes.NewReader(src))
	for line := 1; sc.Scan(); line++ {
		m := markRE.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		sev := hcl2.DiagError
		if m[1] == "WARNING" {
			sev = hcl2.DiagWarning
		}
		marks = append(marks, mark{line: line, severity: sev, summary: m[2]})
	}
	return marks
}

func (m mark) matches(d *hcl2.Diagnostic) bool {
	return d.Severity == m.severity && d.Subject != nil && d.Subject.Start.Line == m.line &&
		strings.Contains(d.Summary, m.summary)
}

func describe(d *hcl2.Diagnostic) string {
	sev := "ERROR"
	if d.Severity == hcl2.DiagWarning {
		sev = "WARNING"
	}
	where := "no subject"
	if d.Subject != nil {
		where = fmt.Sprintf("line %d", d.Subject.Start.Line)
	}
	return fmt.Sprintf("%s at %s: %s: %s", sev, where, d.Summary, d.Detail)
}

func TestInvalidFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/invalid/*.hcl")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 30 {
		t.Fatalf("%d invalid files; want at least 30", len(files))
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".hcl"), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			marks := parseMarks(t, src)
			if len(marks) == 0 {
				t.Fatal("the file marks no expected diagnostic")
			}
			p, diags := Load(file, testOptions())
			if p == nil {
				t.Fatal("Load returned a nil Pipeline")
			}
			if DiagnosticsError(diags) == nil {
				t.Fatal("no error diagnostics")
			}
			for _, m := range marks {
				found := false
				for _, d := range diags {
					if m.matches(d) {
						found = true
						break
					}
				}
				if !found {
					t.Errorf("line %d: no diagnostic %q", m.line, m.summary)
				}
			}
			for _, d := range diags {
				if d.Severity != hcl2.DiagError {
					continue
				}
				if d.Subject == nil {
					t.Errorf("error without a subject: %s", describe(d))
					continue
				}
				marked := false
				for _, m := range marks {
					if m.matches(d) {
						marked = true
						break
					}
				}
				if !marked {
					t.Errorf("unexpected %s", describe(d))
				}
			}
			if t.Failed() {
				var buf bytes.Buffer
				_ = WriteDiagnostics(&buf, p.Files(), diags, false, 100)
				t.Logf("diagnostics:\n%s", buf.String())
			}
		})
	}
}
