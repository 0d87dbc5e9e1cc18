package executor

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"
)

// typesSeen is an observer that records the types of the events it gets,
// optionally declaring the types it wants.
type typesSeen struct {
	mu    sync.Mutex
	want  EventMask // 0: no EventFilter
	types []EventType
}

func (o *typesSeen) Event(e Event) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.types = append(o.types, e.Type)
}

func (o *typesSeen) seen() []EventType {
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.types)
}

type filtering struct{ *typesSeen }

func (o filtering) EventTypes() EventMask { return o.want }

// A run builds an event only for observers that want its type, and
// Observers gives each member only the types it wants.
func TestEventFilter(t *testing.T) {
	fails := 0
	nodes := []Node{
		{ID: "a", Task: func(context.Context, Input) (cty.Value, error) {
			if fails++; fails == 1 {
				return cty.NilVal, errors.New("once")
			}
			return cty.True, nil
		}, Retry: RetryPolicy{Retries: 1}},
	}
	g, err := NewGraph(nodes)
	if err != nil {
		t.Fatal(err)
	}
	all := &typesSeen{}
	finished := filtering{&typesSeen{want: MaskOf(EventPipeFinished, EventRunFinished)}}
	if _, err := Run(context.Background(), g, Options{Observer: Observers{all, finished}, Clock: newFakeClock(true)}); err != nil {
		t.Fatal(err)
	}
	wantAll := []EventType{EventRunStarted, EventPipeReady, EventAttemptStarted, EventAttemptFinished, EventRetrying,
		EventAttemptStarted, EventAttemptFinished, EventPipeFinished, EventRunFinished}
	if diff := cmp.Diff(wantAll, all.seen()); diff != "" {
		t.Errorf("unfiltered observer (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]EventType{EventPipeFinished, EventRunFinished}, finished.seen()); diff != "" {
		t.Errorf("filtered observer (-want +got):\n%s", diff)
	}

	// Alone, a filtering observer gets only its types from the core.
	fails = 0
	only := filtering{&typesSeen{want: MaskOf(EventRetrying)}}
	if _, err := Run(context.Background(), g, Options{Observer: only, Clock: newFakeClock(true)}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]EventType{EventRetrying}, only.seen()); diff != "" {
		t.Errorf("alone (-want +got):\n%s", diff)
	}
	if got := Wants(nil); got != 0 {
		t.Errorf("Wants(nil) = %b", got)
	}
	if got := Wants(all); got != AllEvents || !got.Has(EventRunFinished) {
		t.Errorf("Wants(no filter) = %b", got)
	}
}
