package dagrun_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/dagrun/dagrun"
)

// BenchmarkForEachDynamic expands a value pipe's output, a list of n numbers,
// into n value-pipe instances at run time (each decoding its argument with
// each.value), then a downstream pipe reads the whole map of instances.
//
//	go test -run '^$' -bench ForEachDynamic -benchtime 3x .
func BenchmarkForEachDynamic(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			p := loadHCL(b, fmt.Sprintf(`
# range makes at most 1024 values.
pipe "list" {
  use   = "value"
  value = flatten([for i in range(%d) : range(i * 1000, i * 1000 + 1000)])
}

pipe "fan" {
  use      = "value"
  for_each = pipe.list.output
  value    = each.value * 2
}

pipe "count" {
  use   = "value"
  value = length(pipe.fan)
}
`, n/1000), dagrun.LoadOptions{})
			b.ReportAllocs()
			var list, fan, count time.Duration
			for b.Loop() {
				res := run(b, p, dagrun.RunOptions{})
				if res.Status != dagrun.Succeeded {
					for _, r := range res.Pipes {
						if r.Err != nil {
							b.Fatal(r.ID, r.Err)
						}
					}
				}
				if count, _ := res.Pipe("count"); res.Status != dagrun.Succeeded || !count.Output.RawEquals(cty.NumberIntVal(int64(n))) {
					b.Fatalf("status %v, count %#v", res.Status, count.Output)
				}
				for id, d := range map[string]*time.Duration{"list": &list, "fan": &fan, "count": &count} {
					r, _ := res.Pipe(id)
					*d += r.Duration
				}
			}
			// Where the time goes: making the list, the fan-out (from its
			// expansion to its last instance), reading the map of instances.
			for name, d := range map[string]time.Duration{"list": list, "fan": fan, "count": count} {
				b.ReportMetric(float64(d.Milliseconds())/float64(b.N), name+"-ms/op")
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/instance")
		})
	}
}
