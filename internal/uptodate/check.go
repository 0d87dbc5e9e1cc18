package uptodate

import (
	"fmt"
	"time"

	"github.com/zclconf/go-cty/cty"
)

// Options are the up-to-date checks of one run.
type Options struct {
	Store *Store
	// Force: no pipe is up to date; every one runs (and its success is
	// recorded).
	Force bool
	// Replace, when set, says of a task that it runs even if it is up to
	// date (the pipes replaced and everything downstream of them).
	Replace func(task string) bool
	// Unmatched, when set, is told of the sources patterns of a task that
	// matched no file when its first attempt's check was made.
	Unmatched func(task string, patterns []string)
}

// Pipe is what a check reads of a pipe's definition.
type Pipe struct {
	Dir       string   // the directory its relative patterns start from
	Sources   []string // globs of the files it reads
	Generates []string // globs of the files it makes
}

// Check is the decision for one attempt of a pipe, made before it starts.
type Check struct {
	UpToDate bool      // the pipe need not run: Output is its output
	Output   cty.Value // the recorded output, when UpToDate
	// Unmatched are the sources patterns that matched no file.
	Unmatched []string
	store     *Store
	task      string
	key       string
	pipe      Pipe
}

// Begin decides whether the pipe p, an attempt of which is about to start
// with inputs in, is up to date. Its sources are hashed now, before the
// pipe runs: a source changed while it runs makes it out of date next time.
// A source that cannot be read is an error naming it (the pipe fails).
func (o *Options) Begin(p Pipe, in Inputs) (*Check, error) {
	files, unmatched, err := Expand(p.Dir, p.Sources)
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	if in.Sources, err = HashFiles(p.Dir, files); err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	in.Generates = p.Generates
	key, err := Key(in)
	if err != nil {
		return nil, err
	}
	c := &Check{store: o.Store, task: in.Pipe, key: key, pipe: p, Unmatched: unmatched}
	if o.Force || (o.Replace != nil && o.Replace(in.Pipe)) {
		return c, nil
	}
	rec, ok := o.Store.Load(in.Pipe)
	if !ok || rec.Key != key || !rec.Generated(p.Dir, p.Generates) {
		return c, nil
	}
	out, err := rec.OutputValue()
	if err != nil {
		return c, nil // a record that cannot be read: run
	}
	c.UpToDate, c.Output = true, out
	return c, nil
}

// Succeeded records the success of the attempt with output out at now:
// the files the pipe generated are hashed and kept with the key of its
// inputs. A generates pattern that matches nothing is an error (the pipe
// did not make what it says it makes), and so is a generated file that
// cannot be read.
func (c *Check) Succeeded(out cty.Value, now time.Time) error {
	files, empty, err := Expand(c.pipe.Dir, c.pipe.Generates)
	if err != nil {
		return fmt.Errorf("generates: %w", err)
	}
	if len(empty) > 0 {
		return fmt.Errorf("generates %q: no such file after a successful run", empty[0])
	}
	gen, err := HashFiles(c.pipe.Dir, files)
	if err != nil {
		return fmt.Errorf("generates: %w", err)
	}
	// A record that cannot be written (a state directory that cannot be
	// written, as a run that is not recorded has) only makes the pipe run
	// next time.
	_ = c.store.Save(c.task, c.key, gen, out, now)
	return nil
}
