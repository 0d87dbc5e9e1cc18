//go:build temporal

package main

import (
	"testing"

	"github.com/dagrun/dagrun/temporal"
)

// The flags of a build without the engine spell the default task queue out.
func TestDefaultTaskQueue(t *testing.T) {
	if defaultTaskQueue != temporal.DefaultTaskQueue {
		t.Errorf("defaultTaskQueue = %q, temporal.DefaultTaskQueue = %q", defaultTaskQueue, temporal.DefaultTaskQueue)
	}
}
