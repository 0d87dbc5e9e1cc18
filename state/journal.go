package state

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"time"
)

// Record types of the journal, as written in Record.Type.
const (
	RecordRunStarted      = "run_started"
	RecordAttemptStarted  = "attempt_started"
	RecordAttemptFinished = "attempt_finished"
	RecordRetrying        = "retrying"
	RecordPipeFinished    = "pipe_finished"
	RecordRunFinished     = "run_finished"
)

// Record is one line of a run's journal.
type Record struct {
	Time time.Time `json:"time"`
	Type string    `json:"type"`
	// Pipe is the task: the pipe's id, or id[key] for a for_each instance.
	Pipe string `json:"pipe,omitempty"`
	// Series is the pipe a for_each instance belongs to (empty otherwise).
	Series      string `json:"series,omitempty"`
	Key         string `json:"key,omitempty"`
	Attempt     int    `json:"attempt,omitempty"`
	MaxAttempts int    `json:"max_attempts,omitempty"`
	// Result is an attempt's result: ok, error, timeout.
	Result string `json:"result,omitempty"`
	// Status is how a pipe (pipe_finished) or the run (run_finished) ended.
	Status   string  `json:"status,omitempty"`
	Reason   string  `json:"reason,omitempty"`
	Delay    float64 `json:"delay_seconds,omitempty"`
	Duration float64 `json:"duration_seconds,omitempty"`
	// Error is redacted.
	Error string `json:"error,omitempty"`
	// Reused: the result was taken from an earlier run.
	Reused bool `json:"reused,omitempty"`
	// Output: the pipe's output was written to outputs.jsonl before this record.
	Output bool `json:"output,omitempty"`
	// OutputError says why a succeeded pipe's output could not be recorded (it
	// will not be reused).
	OutputError string `json:"output_error,omitempty"`
}

// outputRecord is one line of outputs.jsonl: a value with its cty type, so that
// it decodes to exactly the value that was recorded.
type outputRecord struct {
	Pipe  string          `json:"pipe"`
	Type  json.RawMessage `json:"type"`
	Value json.RawMessage `json:"value"`
}

// readLines calls fn with each complete line of the file at path. It stops,
// reporting damaged, at a last line without its newline (torn by a crash) or at
// the first line fn rejects: what follows a corrupt line is not trusted. An
// absent file has no lines.
func readLines(path string, fn func(line []byte) error) (damaged bool, err error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 64<<10)
	for {
		line, err := r.ReadBytes('\n')
		if err == io.EOF {
			return len(line) > 0, nil
		}
		if err != nil {
			return false, err
		}
		line = bytes.TrimSuffix(line, []byte("\n"))
		if len(line) == 0 {
			continue
		}
		if fn(line) != nil {
			return true, nil
		}
	}
}

// readJournal returns the records of the journal at path.
func readJournal(path string) ([]Record, bool, error) {
	var recs []Record
	damaged, err := readLines(path, func(line []byte) error {
		var r Record
		if err := json.Unmarshal(line, &r); err != nil {
			return err
		}
		if r.Type == "" {
			return errors.New("record without a type")
		}
		recs = append(recs, r)
		return nil
	})
	return recs, damaged, err
}

// readOutputs returns the recorded outputs of the file at path, by pipe.
func readOutputs(path string) (map[string]outputRecord, bool, error) {
	outs := map[string]outputRecord{}
	damaged, err := readLines(path, func(line []byte) error {
		var o outputRecord
		if err := json.Unmarshal(line, &o); err != nil {
			return err
		}
		if o.Pipe == "" || len(o.Type) == 0 || len(o.Value) == 0 {
			return errors.New("incomplete output record")
		}
		outs[o.Pipe] = o
		return nil
	})
	return outs, damaged, err
}
