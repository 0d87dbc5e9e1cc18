package dagrun

import (
	"context"
	"fmt"
	"slices"

	"github.com/zclconf/go-cty/cty"

	"github.com/dagrun/dagrun/executor"
)

// Item is one element of a ForEach pipe's collection: its Key names the
// instance (id[Key]) and must be unique in the collection; Value is what
// the instance works on.
type Item struct {
	Key   string // names the instance: id[Key]
	Value any    // what the instance works on
}

// ItemsFunc computes a ForEach pipe's collection once its dependencies are
// done: from their outputs (in), or fixed. An error fails the pipe without
// retries.
type ItemsFunc func(ctx context.Context, in Inputs) ([]Item, error)

// ItemFunc is the work of one instance of a ForEach pipe, on item. in
// gives the pipe's upstreams, as to a plain pipe; in.Key() is item.Key.
type ItemFunc func(ctx context.Context, in Inputs, item Item) (any, error)

// Items is an ItemsFunc for a collection known when the pipeline is built:
// one item per key of m, in sorted key order.
func Items[V any](m map[string]V) ItemsFunc {
	items := make([]Item, 0, len(m))
	for _, k := range sortedKeys(m) {
		items = append(items, Item{Key: k, Value: m[k]})
	}
	return func(context.Context, Inputs) ([]Item, error) { return items, nil }
}

// ForEach adds a fan-out pipe, as HCL `for_each` makes: once its
// dependencies are done (and its trigger and If hold), items gives the
// collection, and fn runs once per item as an instance of its own, named
// id[key], with the pipe's options each: its own retries, timeout, pool
// slot and events. The pipe ends when all its instances have, succeeded
// when they all have; what depends on it waits for all of them and reads
// them with Inputs.Instances (its own output is the object of their
// outputs by key). RunOptions.Targets may name one instance, id[key].
func (p *Pipeline) ForEach(id string, items ItemsFunc, fn ItemFunc, opts ...PipeOption) *Pipeline {
	p.Add(id, nil, opts...)
	n := &p.nodes[p.index[id]]
	n.Expand = func(ctx context.Context, in executor.Input) ([]executor.Instance, error) {
		list, err := items(ctx, Inputs{in})
		if err != nil {
			return nil, err
		}
		insts := make([]executor.Instance, len(list))
		for k, item := range list {
			if item.Key == "" {
				return nil, fmt.Errorf("item %d of %q has an empty key", k, id)
			}
			insts[k] = executor.Instance{Key: item.Key, Task: func(ctx context.Context, in executor.Input) (cty.Value, error) {
				v, err := fn(ctx, Inputs{in}, item)
				out, cerr := toCty(v)
				if err == nil && cerr != nil {
					err = fmt.Errorf("output of %q: %w", in.Node, cerr)
				}
				return out, err
			}}
		}
		return insts, nil
	}
	return p
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
