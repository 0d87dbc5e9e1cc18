package state

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dagrun/dagrun"
)

func indexIDs(t *testing.T, x *Index, pipeline, status string) []string {
	t.Helper()
	page, total, err := x.Query(pipeline, status, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if total != len(page) {
		t.Errorf("total %d, %d runs listed", total, len(page))
	}
	var ids []string
	for _, s := range page {
		ids = append(ids, s.ID+" "+s.Pipeline+" "+s.Status)
	}
	return ids
}

// The index lists what Store.Runs lists, newest first, filtered and paged;
// it follows runs that start and finish, and is rebuilt from the run
// directories when its file is missing, torn or behind.
func TestIndex(t *testing.T) {
	store := Open(t.TempDir())
	ok := dagrun.New("ok").Add("a", func(context.Context, dagrun.Inputs) (any, error) { return "x", nil })
	bad := dagrun.New("bad").Add("a", func(context.Context, dagrun.Inputs) (any, error) { return nil, errors.New("no") })
	x := store.NewIndex()
	if ids := indexIDs(t, x, "", ""); len(ids) != 0 {
		t.Fatalf("an empty store lists %v", ids)
	}
	var want []string
	for i, p := range []*dagrun.Pipeline{ok, bad, ok} {
		rec, _ := runWith(t, store, p, nil)
		status := map[bool]string{true: "succeeded", false: "failed"}[i != 1]
		want = append([]string{rec.ID() + " " + p.Name() + " " + status}, want...)
	}
	if diff := cmp.Diff(want, indexIDs(t, x, "", "")); diff != "" {
		t.Errorf("all runs (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{want[0], want[2]}, indexIDs(t, x, "ok", "succeeded")); diff != "" {
		t.Errorf("ok, succeeded (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{want[1]}, indexIDs(t, x, "", "failed")); diff != "" {
		t.Errorf("failed (-want +got):\n%s", diff)
	}
	page, total, err := x.Query("", "", 1, 1)
	if err != nil || total != 3 || len(page) != 1 || page[0].ID+" bad failed" != want[1] {
		t.Errorf("page 2 of 1: %v, %d, %v", page, total, err)
	}
	if b, err := os.ReadFile(filepath.Join(store.Dir(), indexFile)); err != nil || strings.Count(string(b), "\n") != 3 {
		t.Errorf("index file: %v; want a line per finished run:\n%s", err, b)
	}

	// A run in progress is listed running, then as it ended.
	rec := startRecorder(t, store, ok)
	if got := indexIDs(t, x, "", "running"); len(got) != 1 || !strings.HasPrefix(got[0], rec.ID()) {
		t.Errorf("running: %v; want %s", got, rec.ID())
	}
	crash(rec) // killed: it never records its end
	if got := indexIDs(t, x, "", StatusAborted); len(got) != 1 || !strings.HasPrefix(got[0], rec.ID()) {
		t.Errorf("aborted: %v; want %s", got, rec.ID())
	}
	want = append([]string{rec.ID() + " ok aborted"}, want...)

	// Missing: a new index (a new process) rebuilds it from the runs.
	if err := os.Remove(filepath.Join(store.Dir(), indexFile)); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, indexIDs(t, store.NewIndex(), "", "")); diff != "" {
		t.Errorf("rebuilt (-want +got):\n%s", diff)
	}
	if b, _ := os.ReadFile(filepath.Join(store.Dir(), indexFile)); strings.Count(string(b), "\n") != 4 {
		t.Errorf("rebuilt index file: want 4 lines:\n%s", b)
	}

	// Torn and corrupt lines are skipped; the runs they stood for are read
	// from their directories.
	if err := os.WriteFile(filepath.Join(store.Dir(), indexFile), []byte("{\"id\": \"garbage\nnot json\n{\"id\":\"2024"), 0o600); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, indexIDs(t, store.NewIndex(), "", "")); diff != "" {
		t.Errorf("after a corrupt index file (-want +got):\n%s", diff)
	}

	// Behind: a run deleted by hand is dropped; one the file lacks (another
	// process died before appending it) is found.
	if err := os.RemoveAll(store.runDir(strings.Fields(want[3])[0])); err != nil {
		t.Fatal(err)
	}
	bumpMtime(t, filepath.Join(store.Dir(), runsDir))
	if diff := cmp.Diff(want[:3], indexIDs(t, x, "", "")); diff != "" {
		t.Errorf("after a deletion (-want +got):\n%s", diff)
	}
}

// bumpMtime makes a directory's change visible even on a file system whose
// clock is coarse.
func bumpMtime(t *testing.T, dir string) {
	t.Helper()
	st, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	later := st.ModTime().Add(time.Second)
	if err := os.Chtimes(dir, later, later); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkIndexQuery100k measures the first page of the runs of one
// pipeline and status among 100,000 recorded runs, the index loaded: what
// GET /api/v1/runs costs serve.
func BenchmarkIndexQuery100k(b *testing.B) {
	store := fakeRuns(b, 100_000)
	x := store.NewIndex()
	if _, _, err := x.Query("", "", 0, 1); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		page, _, err := x.Query("p6", "failed", 0, 50)
		if err != nil || len(page) != 50 {
			b.Fatalf("%d runs, %v", len(page), err)
		}
	}
}

// BenchmarkIndexLoad100k measures loading the index of 100,000 recorded
// runs: what serve's first list of runs costs.
func BenchmarkIndexLoad100k(b *testing.B) {
	store := fakeRuns(b, 100_000)
	for b.Loop() {
		if _, _, err := store.NewIndex().Query("p6", "failed", 0, 50); err != nil {
			b.Fatal(err)
		}
	}
}

// fakeRuns writes n finished runs of 10 pipelines (a run directory with its
// run.json each) and their index.
func fakeRuns(tb testing.TB, n int) *Store {
	tb.Helper()
	store := Open(tb.TempDir())
	if err := os.MkdirAll(filepath.Join(store.Dir(), runsDir), 0o700); err != nil {
		tb.Fatal(err)
	}
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	statuses := []string{"succeeded", "succeeded", "failed", "cancelled"}
	var sums []Summary
	for i := range n {
		started := t0.Add(time.Duration(i) * time.Minute)
		sum := Summary{ID: fmt.Sprintf("%s-%04x", started.Format(idLayout), i%65536), Pipeline: fmt.Sprintf("p%d", i%10),
			Started: started, Finished: started.Add(time.Second), Status: statuses[i%len(statuses)], Counts: Counts{Succeeded: 3}}
		if err := os.Mkdir(store.runDir(sum.ID), 0o700); err != nil {
			tb.Fatal(err)
		}
		b, _ := json.Marshal(sum)
		if err := os.WriteFile(filepath.Join(store.runDir(sum.ID), summaryFile), b, 0o600); err != nil {
			tb.Fatal(err)
		}
		sums = append(sums, sum)
	}
	store.appendIndex(sums...)
	return store
}
