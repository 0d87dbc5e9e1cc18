package state

import (
	"errors"
	"path/filepath"

	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/rules"
)

// Results returns what run ref recorded of each pipe and for_each instance,
// in the run's order, with the outputs of those that succeeded: what
// `dagrun console --run` evaluates expressions against. A result whose
// record is damaged has no output. The id is the run's.
func (s *Store) Results(ref string) (id string, results []executor.Result, err error) {
	if id, err = s.Resolve(ref); err != nil {
		return "", nil, err
	}
	run, err := s.load(id, false)
	if err != nil {
		return "", nil, err
	}
	outs, _, err := readOutputs(filepath.Join(s.runDir(id), outputsFile))
	if err != nil {
		return "", nil, err
	}
	for _, st := range run.Pipes {
		status, ok := rules.ParseStatus(st.Status)
		if !ok {
			continue // a pipe the run did not finish
		}
		r := executor.Result{ID: st.ID, Pipe: st.Series, Key: st.Key, Status: status, Reason: st.Reason,
			Attempts: st.Attempts, Started: st.Started, Finished: st.Finished, Duration: st.Duration, Reused: st.Reused}
		if r.Pipe == "" {
			r.Pipe = st.ID
		}
		if st.Error != "" {
			r.Err = errors.New(st.Error)
		}
		if o, ok := outs[st.ID]; ok {
			if typ, err := ctyjson.UnmarshalType(o.Type); err == nil {
				if v, err := ctyjson.Unmarshal(o.Value, typ); err == nil {
					r.Output = v
				}
			}
		}
		results = append(results, r)
	}
	return id, results, nil
}
