package metrics

import (
	"math"
	"math/rand/v2"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/google/go-cmp/cmp"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

// TestHistogramSparse observes, from several goroutines at once, values that
// fall in few buckets (the slots hold them) and in every bucket (the dense
// counts take the rest), and checks each bucket's count and the sum against
// a plain count of the same values.
func TestHistogramSparse(t *testing.T) {
	bounds := bounds(defaultDurationBuckets())
	for _, tc := range []struct {
		name    string
		buckets int // distinct buckets the values fall in
	}{
		{"one bucket", 1},
		{"as many buckets as slots", histSlots},
		{"more buckets than slots", histSlots + 3},
		{"every bucket", len(bounds) + 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Values at, just under and just over each bound, in the
			// first tc.buckets buckets.
			var values []time.Duration
			for b := 0; b < tc.buckets; b++ {
				upper := 2 * bounds[len(bounds)-1] // +Inf bucket
				if b < len(bounds) {
					upper = bounds[b]
				}
				d := time.Duration(upper * 1e9)
				values = append(values, d, d-1)
				if b > 0 {
					values = append(values, time.Duration(bounds[b-1]*1e9)+1)
				}
			}
			const workers, rounds = 8, 200
			want := make([]uint64, len(bounds)+1)
			var wantSum int64
			for _, d := range values {
				b := 0
				for b < len(bounds) && d.Seconds() > bounds[b] {
					b++
				}
				want[b] += workers * rounds
				wantSum += workers * rounds * int64(d)
			}

			var h histogram
			ns := boundsNs(bounds)
			var wg sync.WaitGroup
			for w := range workers {
				order := rand.New(rand.NewPCG(uint64(w), 1)).Perm(len(values))
				wg.Go(func() {
					for range rounds {
						for _, k := range order {
							h.observe(ns, values[k])
						}
					}
				})
			}
			wg.Wait()

			if d := cmp.Diff(want, h.counts(len(bounds)+1)); d != "" {
				t.Errorf("bucket counts (-want +got):\n%s", d)
			}
			if got := h.sum.Load(); got != wantSum {
				t.Errorf("sum = %d ns, want %d", got, wantSum)
			}
			if dense := h.more.Load() != nil; dense != (tc.buckets > histSlots) {
				t.Errorf("dense counts allocated: %v, want %v (%d buckets, %d slots)", dense, !dense, tc.buckets, histSlots)
			}
			// No bucket holds two slots.
			seen := map[uint64]bool{}
			for i := range h.slots {
				if tag := h.slots[i].Load() >> slotCountBits; tag != 0 {
					if seen[tag] {
						t.Errorf("bucket %d has two slots", tag-1)
					}
					seen[tag] = true
				}
			}

			// The exported histogram is cumulative, its count the total.
			var m dto.Metric
			desc := prometheus.NewDesc("h", "h", nil, nil)
			if err := h.metric(desc, bounds).Write(&m); err != nil {
				t.Fatal(err)
			}
			var cum uint64
			for i, bk := range m.GetHistogram().GetBucket() {
				cum += want[i]
				if bk.GetCumulativeCount() != cum || bk.GetUpperBound() != bounds[i] {
					t.Errorf("bucket le=%g: %d, want le=%g: %d", bk.GetUpperBound(), bk.GetCumulativeCount(), bounds[i], cum)
				}
			}
			if total := cum + want[len(bounds)]; m.GetHistogram().GetSampleCount() != total {
				t.Errorf("count = %d, want %d", m.GetHistogram().GetSampleCount(), total)
			}
			if got, wantS := m.GetHistogram().GetSampleSum(), float64(wantSum)/1e9; got != wantS {
				t.Errorf("sum = %g s, want %g", got, wantS)
			}
		})
	}
}

// TestHistogramSlotRace starts goroutines at once on a fresh histogram, all
// observing the same bucket: the one slot they race for must end up with all
// the counts, and no other slot with that bucket.
func TestHistogramSlotRace(t *testing.T) {
	bounds := boundsNs(bounds(defaultDurationBuckets()))
	const goroutines = 4
	for range 20000 {
		var h histogram
		start := make(chan struct{})
		var wg sync.WaitGroup
		for range goroutines {
			wg.Go(func() {
				<-start
				h.observe(bounds, time.Second)
			})
		}
		close(start)
		wg.Wait()
		var used int
		for i := range h.slots {
			if h.slots[i].Load() != 0 {
				used++
			}
		}
		if used != 1 || h.counts(len(bounds) + 1)[3] != goroutines {
			t.Fatalf("%d slots used, counts %v; want one slot with %d in bucket 3 (le=1)", used, h.counts(len(bounds)+1), goroutines)
		}
	}
}

// TestBoundsNs: a duration falls above a bound in nanoseconds exactly when
// its seconds fall above the bound in seconds, at and around every bound,
// for bounds that have no exact binary or nanosecond form too.
func TestBoundsNs(t *testing.T) {
	bs := []float64{-0.5, 0, 1e-10, 1.5e-9, 0.001, 0.1, 0.25, 1.0 / 3, 1, 2.5, 3600, 21600, 1e12}
	ns := boundsNs(bs)
	for i, b := range bs {
		for _, d := range []time.Duration{ns[i] - 2, ns[i] - 1, ns[i], ns[i] + 1, ns[i] + 2, time.Duration(b * 1e9)} {
			if got, want := d > ns[i], d.Seconds() > b; got != want {
				t.Errorf("bound %g s (%d ns): %d ns above it: %v, by its seconds %v", b, ns[i], d, got, want)
			}
		}
	}
	if got := boundsNs([]float64{1e300})[0]; got != math.MaxInt64 {
		t.Errorf("a bound past the longest duration: %d, want the longest", got)
	}
}

// TestPipeStatsSize: the pipes' stats, in one block, each take whole cache
// lines, three at most.
func TestPipeStatsSize(t *testing.T) {
	if size := unsafe.Sizeof(pipeStats{}); size%64 != 0 {
		t.Errorf("sizeof(pipeStats) = %d, not a multiple of 64: pad it with %d bytes", size, 64-size%64)
	}
	// What a pipe that runs and succeeds updates takes three lines; the
	// rest is apart (pipeRare).
	if size := unsafe.Sizeof(pipeStats{}); size > 3*64 {
		t.Errorf("sizeof(pipeStats) = %d, more than three cache lines", size)
	}
}
