package dagrun_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/dagrun/dagrun"
)

// TestGoHandlers: a pipeline built in Go has the handlers of HCL ones: the
// failure handler reads the failed pipes and any pipe's result, and the run
// keeps its pipes' status.
func TestGoHandlers(t *testing.T) {
	var saw dagrun.RunView
	var upstream string
	p := dagrun.New("go").
		Add("ok", func(context.Context, dagrun.Inputs) (any, error) { return "fine", nil }).
		Add("bad", func(context.Context, dagrun.Inputs) (any, error) { return nil, errors.New("boom") }).
		Add("notify", func(_ context.Context, in dagrun.Inputs) (any, error) {
			saw = in.Run()
			if r, ok := in.Upstream("ok"); ok {
				upstream = r.Status.String()
			}
			return nil, errors.New("the notifier is down")
		}, dagrun.Handler(dagrun.HandlerFailure))
	res, err := p.Run(t.Context(), dagrun.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != dagrun.Failed {
		t.Errorf("status %v, want failed", res.Status)
	}
	if !saw.Ended || saw.Status != dagrun.Failed || !slices.Equal(saw.Failed, []string{"bad"}) || upstream != "succeeded" {
		t.Errorf("the handler saw %+v and ok %q", saw, upstream)
	}
	if r, _ := res.Pipe("notify"); r.Status != dagrun.Failed || !r.Handler {
		t.Errorf("notify: %v handler=%v, want a failed handler", r.Status, r.Handler)
	}
}
