package pipes

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// syncBuffer is a log that tests can read while a pipe writes to it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// runBuiltin runs one attempt of the built-in type name from reg with args.
func runBuiltin(ctx context.Context, t *testing.T, reg *Registry, name string, args any, rt Runtime) (cty.Value, error) {
	t.Helper()
	typ, ok := reg.Lookup(name)
	if !ok {
		t.Fatalf("type %q not registered", name)
	}
	if rt.Pipe == "" {
		rt.Pipe = "test_pipe"
	}
	if rt.Attempt == 0 {
		rt.Attempt = 1
	}
	return typ.Run(ctx, args, rt)
}

// diffCty compares cty values by their Go syntax, which shows types and marks.
func diffCty(want, got cty.Value) string {
	if got.RawEquals(want) {
		return ""
	}
	return cmp.Diff(want.GoString(), got.GoString())
}

// argNames returns the Arg of every ArgError in err.
func argNames(err error) []string {
	var names []string
	for _, e := range ArgErrors(err) {
		names = append(names, e.Arg)
	}
	return names
}
