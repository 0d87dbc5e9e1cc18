package state_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/state"
)

// A program that embeds dagrun records its runs and resumes the last one.
func Example() {
	dir, err := os.MkdirTemp("", "dagrun-state")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	store := state.Open(filepath.Join(dir, state.DirName))

	broken := true
	p := dagrun.New("nightly").
		Add("extract", func(context.Context, dagrun.Inputs) (any, error) {
			fmt.Println("extracting")
			return map[string]int{"rows": 42}, nil
		}).
		Add("load", func(_ context.Context, in dagrun.Inputs) (any, error) {
			if broken {
				return nil, fmt.Errorf("database is down")
			}
			var x struct{ Rows int }
			err := in.Decode("extract", &x)
			fmt.Println("loading", x.Rows, "rows")
			return nil, err
		}, dagrun.DependsOn("extract"))

	run := func(resume *state.Resume) dagrun.Status {
		rec, err := store.Start(p, state.StartOptions{Resume: resume})
		if err != nil {
			log.Fatal(err)
		}
		res, err := p.Run(context.Background(), rec.Options(dagrun.RunOptions{}))
		if err := rec.Finish(res, err); err != nil {
			log.Fatal(err)
		}
		if err != nil {
			log.Fatal(err)
		}
		return res.Status
	}

	fmt.Println(run(nil))
	broken = false
	resume, err := store.Resume(state.Last, p, "")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("reusing", resume.Reusable)
	fmt.Println(run(resume))
	// Output:
	// extracting
	// failed
	// reusing [extract]
	// loading 42 rows
	// succeeded
}
