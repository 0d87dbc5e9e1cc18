// Command dashgen writes the Grafana dashboard of examples/grafana from Go, with
// the metric names of package metrics, so the dashboard cannot drift from what
// dagrun exports. Run it with `go generate ./metrics`; a test checks that the
// committed JSON equals its output.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	out := flag.String("o", "", "write the dashboard JSON to this file (default: stdout)")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "dashgen:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	b, err := Render()
	if err != nil {
		return err
	}
	if out == "" {
		_, err = os.Stdout.Write(b)
		return err
	}
	return os.WriteFile(out, b, 0o644)
}
