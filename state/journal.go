package state

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
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
	// RecordDeadlineMissed: a deadline passed before its pipe (Pipe set) or
	// the run's pipes ended; the run went on.
	RecordDeadlineMissed = "deadline_missed"
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
	// Allowed: a failure the pipeline allows (allow_failure): the run's
	// status left it out.
	Allowed bool `json:"allowed,omitempty"`
	// Handler: the record is of a handler of the run (handler.<kind>).
	Handler bool `json:"handler,omitempty"`
	// Deadline is a missed deadline, from the run's start (deadline_missed).
	Deadline float64 `json:"deadline_seconds,omitempty"`
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

// Problem is a damaged record in a run's files: a line of the journal or of
// the outputs that cannot be read, or a summary that cannot be.
type Problem struct {
	// File is the file's name in the run's directory (journal.jsonl,
	// outputs.jsonl, run.json).
	File string
	// Line is the line of the file, from 1; 0 when the problem is a
	// record missing from the file.
	Line int
	// Pipe is the pipe the line was about, when what is left of it still says.
	Pipe string
	Err  string
}

func (p Problem) String() string {
	s := p.File
	if p.Line > 0 {
		s += fmt.Sprintf(":%d", p.Line)
	}
	s += ": " + p.Err
	if p.Pipe != "" {
		s += fmt.Sprintf(" (a record of pipe %s)", p.Pipe)
	}
	return s
}

// readLines calls fn with each complete line of the file at path. A line fn
// rejects is corrupt: it becomes a Problem and reading goes on, so every
// record still readable is kept. A last line without its newline is torn (a
// crash while it was written): it is left out and only reported as torn. An
// absent file has no lines.
func readLines(path string, fn func(line []byte) error) (torn bool, problems []Problem, err error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil, nil
	}
	if err != nil {
		return false, nil, err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 64<<10)
	for n := 1; ; n++ {
		line, err := r.ReadBytes('\n')
		if err == io.EOF {
			return len(line) > 0, problems, nil
		}
		if err != nil {
			return false, problems, err
		}
		line = bytes.TrimSuffix(line, []byte("\n"))
		if len(line) == 0 {
			continue
		}
		if err := fn(line); err != nil {
			problems = append(problems, Problem{File: filepath.Base(path), Line: n, Pipe: pipeOfLine(line), Err: lineError(err)})
		}
	}
}

// lineError says what is wrong with a line, without quoting it.
func lineError(err error) string {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return fmt.Sprintf("not valid JSON at byte %d", syn.Offset)
	}
	return err.Error()
}

// pipeField finds the pipe a damaged record was about.
var pipeField = regexp.MustCompile(`"pipe":("(?:[^"\\]|\\.)*")`)

// pipeOfLine returns the pipe named in what is left of a damaged line, or "".
func pipeOfLine(line []byte) string {
	m := pipeField.FindSubmatch(line)
	if m == nil {
		return ""
	}
	var pipe string
	if json.Unmarshal(m[1], &pipe) != nil {
		return ""
	}
	return pipe
}

// readJournal returns the records of the journal at path.
func readJournal(path string) ([]Record, bool, []Problem, error) {
	var recs []Record
	torn, problems, err := readLines(path, func(line []byte) error {
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
	return recs, torn, problems, err
}

// readOutputs returns the recorded outputs of the file at path, by pipe.
func readOutputs(path string) (map[string]outputRecord, []Problem, error) {
	outs := map[string]outputRecord{}
	_, problems, err := readLines(path, func(line []byte) error {
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
	return outs, problems, err
}
