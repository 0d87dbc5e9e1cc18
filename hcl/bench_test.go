package hcl

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// benchSource is a pipeline of n pipes: a chain through upstream outputs, with
// a composite of five steps every fifty pipes.
func benchSource(n int) []byte {
	var b strings.Builder
	b.WriteString("variable \"env\" {\n  default = \"dev\"\n}\nlocals {\n  base = \"https://${var.env}.example\"\n}\n")
	prev := ""
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("p%d", i)
		switch {
		case i%50 == 49:
			fmt.Fprintf(&b, "pipe %q {\n  sequential = true\n  depends_on = [pipe.%s]\n", id, prev)
			for s := 0; s < 5; s++ {
				fmt.Fprintf(&b, "  pipe \"%s_s%d\" {\n    use = \"exec\"\n    command = [\"./s\", \"%d\"]\n  }\n", id, s, s)
			}
			b.WriteString("}\n")
		case prev == "":
			fmt.Fprintf(&b, "pipe %q {\n  use = \"http\"\n  url = \"${local.base}/%d\"\n}\n", id, i)
		default:
			fmt.Fprintf(&b, "pipe %q {\n  use = \"exec\"\n  command = [\"./run\", jsonencode(pipe.%s.output)]\n  if = pipe.%s.status == \"succeeded\"\n  retries = 3\n}\n", id, prev, prev)
		}
		prev = id
	}
	return []byte(b.String())
}

// BenchmarkLoad reports, besides the time of a load, its time and
// allocations per pipe block (ns/pipe, allocs/pipe): the figures that grow
// with the size of a pipeline.
func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{100, 2000} {
		src := benchSource(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			opts := testOptions()
			b.SetBytes(int64(len(src)))
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			for b.Loop() {
				if _, diags := LoadSource("bench.hcl", src, opts); diags.HasErrors() {
					b.Fatal(diags)
				}
			}
			runtime.ReadMemStats(&after)
			pipes := float64(b.N * n)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/pipes, "ns/pipe")
			b.ReportMetric(float64(after.Mallocs-before.Mallocs)/pipes, "allocs/pipe")
		})
	}
}
