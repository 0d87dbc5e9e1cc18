package temporal

import (
	"testing"

	"go.temporal.io/sdk/testsuite"

	"github.com/dagrun/dagrun/executor"
)

// eventsIn is every event of the run in env, fetched page by page as a
// client does.
func eventsIn(t *testing.T, env *testsuite.TestWorkflowEnvironment) []Event {
	t.Helper()
	return eventsFrom(t, env, 0)
}

// eventsFrom are the events of the run's workflow in env from index from
// on.
func eventsFrom(t *testing.T, env *testsuite.TestWorkflowEnvironment, from int) []Event {
	t.Helper()
	var events []Event
	for {
		v, err := env.QueryWorkflow(EventsQuery, from+len(events))
		if err != nil {
			t.Fatal(err)
		}
		var page EventPage
		if err := v.Get(&page); err != nil {
			t.Fatal(err)
		}
		events = append(events, page.Events...)
		if !page.More || len(page.Events) == 0 {
			return events
		}
	}
}

// reportOf is the report a client builds of a run whose workflow returned
// out, having followed its events.
func reportOf(t *testing.T, out *Output, events []Event) *executor.Report {
	t.Helper()
	for _, r := range out.Amended {
		t.Errorf("result %s amended: its pipe_finished says otherwise (%+v)", r.ID, r)
	}
	f := &follower{}
	f.take(events)
	f.next = len(events)
	rep, err := f.report(out)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// reportIn is the report a client builds of the run in env, which ended.
func reportIn(t *testing.T, env *testsuite.TestWorkflowEnvironment) *executor.Report {
	t.Helper()
	if err := env.GetWorkflowError(); err != nil {
		t.Fatal(err)
	}
	var out Output
	if err := env.GetWorkflowResult(&out); err != nil {
		t.Fatal(err)
	}
	return reportOf(t, &out, eventsIn(t, env))
}

func errOf(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}
