// Package metrics exposes a dagrun run to Prometheus. A Collector is an
// executor.Observer that turns run events into the documented metrics, and a
// prometheus.Collector that a caller registers on a registry of its choosing
// (never the default one). The package also serves /metrics, pushes to a
// Pushgateway, writes node_exporter textfiles, and holds the source of the
// Grafana dashboard shipped in examples/grafana.
package metrics

//go:generate go run ./internal/dashgen -o ../examples/grafana/dashboards/dagrun.json
