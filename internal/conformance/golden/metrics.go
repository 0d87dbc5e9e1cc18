package golden

import (
	"fmt"
	"os"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/dagrun/dagrun/metrics"
)

// Counters are the values of the per-pipe counters by series, as
// "metric{pipe,label}" keys; zeros are left out, so that a series created
// at zero and an absent one compare equal.
type Counters map[string]float64

func (c Counters) add(key string, v float64) {
	if v == 0 {
		return
	}
	c[key] += v
}

func runsKey(pipe, status string) string {
	return fmt.Sprintf("%s{pipe=%q,status=%q}", metrics.PipeRunsTotal, pipe, status)
}

func attemptsKey(pipe, result string) string {
	return fmt.Sprintf("%s{pipe=%q,result=%q}", metrics.PipeAttemptsTotal, pipe, result)
}

func retriesKey(pipe string) string {
	return fmt.Sprintf("%s{pipe=%q}", metrics.PipeRetriesTotal, pipe)
}

// WantCounters derives the counters of one run from the golden: every
// working row counts once in dagrun_pipe_runs_total by its status; its
// attempts count by result (the last attempt of a succeeded row, or of one
// that skipped itself, ok; the others error but for its timeouts); its retries are attempts-1 unless the golden
// says otherwise. Groups have no series of their own.
func WantCounters(s Shape) (Counters, error) {
	c := Counters{}
	for _, p := range s.g.Pipes {
		grp, err := s.Group(p.ID)
		if err != nil {
			return nil, err
		}
		if grp {
			continue
		}
		series, err := s.Series(p.ID)
		if err != nil {
			return nil, err
		}
		c.add(runsKey(series, p.Status), 1)
		failedAttempts := p.Attempts
		// A pipe that skipped itself did so in an attempt that did its work.
		if (p.Status == "succeeded" || p.Reason == "self") && p.Attempts > 0 {
			c.add(attemptsKey(series, "ok"), 1)
			failedAttempts--
		}
		c.add(attemptsKey(series, "timeout"), float64(p.Timeouts))
		c.add(attemptsKey(series, "error"), float64(failedAttempts-p.Timeouts))
		retries := max(p.Attempts-1, 0)
		if p.Retries != nil {
			retries = *p.Retries
		}
		c.add(retriesKey(series), float64(retries))
	}
	return c, nil
}

// ReadCounters reads the per-pipe counters of a metrics textfile.
func ReadCounters(path string) (Counters, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	p := expfmt.NewTextParser(model.UTF8Validation)
	mfs, err := p.TextToMetricFamilies(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	c := Counters{}
	for _, name := range []string{metrics.PipeRunsTotal, metrics.PipeAttemptsTotal, metrics.PipeRetriesTotal} {
		mf, ok := mfs[name]
		if !ok {
			return nil, fmt.Errorf("%s: no %s", path, name)
		}
		for _, m := range mf.GetMetric() {
			labels := map[string]string{}
			for _, lp := range m.GetLabel() {
				labels[lp.GetName()] = lp.GetValue()
			}
			pipe := labels[metrics.LabelPipe]
			key := retriesKey(pipe)
			switch name {
			case metrics.PipeRunsTotal:
				key = runsKey(pipe, labels[metrics.LabelStatus])
			case metrics.PipeAttemptsTotal:
				key = attemptsKey(pipe, labels[metrics.LabelResult])
			}
			c.add(key, m.GetCounter().GetValue())
		}
	}
	return c, nil
}
