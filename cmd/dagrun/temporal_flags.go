package main

import "github.com/spf13/cobra"

// defaultTaskQueue is temporal.DefaultTaskQueue, spelled out so that a build
// without the Temporal engine has the same flags (TestDefaultTaskQueue checks
// they agree).
const defaultTaskQueue = "dagrun"

// temporalFlags say which Temporal service to use (apply --engine temporal,
// worker).
type temporalFlags struct {
	address   string
	namespace string
	taskQueue string
}

func (t *temporalFlags) add(c *cobra.Command) {
	c.Flags().StringVar(&t.address, "temporal-address", "", "Temporal frontend HOST:PORT")
	c.Flags().StringVar(&t.namespace, "temporal-namespace", "default", "Temporal namespace")
	c.Flags().StringVar(&t.taskQueue, "task-queue", defaultTaskQueue, "Temporal task queue of runs and pipes")
}
