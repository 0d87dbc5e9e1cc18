package dagrun_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dagrun/dagrun"
)

func TestCompositeResultIsTheSumOfItsSteps(t *testing.T) {
	src := []byte(`
pipe "group" {
  retries = 0
  pipe "ok" {
    use   = "value"
    value = 1
  }
  pipe "bad" {
    use     = "exec"
    command = ["false"]
  }
}
pipe "fine" {
  pipe "a" {
    use   = "value"
    value = 2
  }
}
`)
	p, err := dagrun.LoadSource("c.hcl", src, dagrun.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Run(t.Context(), dagrun.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	g, _ := res.Pipe("group")
	if g.Status != dagrun.Failed || g.Attempts != 2 || g.Err == nil {
		t.Errorf("group %+v", g)
	}
	f, _ := res.Pipe("fine")
	if f.Status != dagrun.Succeeded || f.Attempts != 1 {
		t.Errorf("fine %+v", f)
	}
}

func TestTargetingACompositeRunsItsSteps(t *testing.T) {
	dir := t.TempDir()
	src := []byte(`
pipe "group" {
  pipe "s1" {
    use     = "exec"
    command = ["touch", "s1.ran"]
  }
  pipe "s2" {
    use     = "exec"
    command = ["touch", "s2.ran"]
  }
}
pipe "other" {
  use     = "exec"
  command = ["touch", "other.ran"]
}
`)
	p, err := dagrun.LoadSource(filepath.Join(dir, "t.hcl"), src, dagrun.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Run(t.Context(), dagrun.RunOptions{Targets: []string{"group"}})
	if err != nil {
		t.Fatal(err)
	}
	var ran []string
	for _, f := range []string{"s1.ran", "s2.ran", "other.ran"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			ran = append(ran, f)
		} else if !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
	}
	if diff := cmp.Diff([]string{"s1.ran", "s2.ran"}, ran); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if res.Status != dagrun.Succeeded {
		t.Errorf("status %v", res.Status)
	}
}

func TestPipelineTimeoutFailsTheRun(t *testing.T) {
	src := []byte(`
pipeline "slow" {
  timeout = "200ms"
}
pipe "sleepy" {
  use      = "sleep"
  duration = "1m"
}
`)
	p, err := dagrun.LoadSource("s.hcl", src, dagrun.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Run(t.Context(), dagrun.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := res.Pipe("sleepy")
	if res.Status != dagrun.Failed || !errors.Is(res.Err, dagrun.ErrRunTimeout) || s.Reason != "run_timeout" {
		t.Errorf("status %v err %v sleepy %+v", res.Status, res.Err, s)
	}
}
