package metrics

import (
	"bufio"
	"os"
	"path/filepath"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"
)

// WriteTextfile writes the metrics of g to path in the text exposition format,
// for node_exporter's textfile collector. The write is atomic: the metrics go to a
// temporary file in the same directory, which is synced and then renamed over
// path, so a reader sees the old file or the complete new one, even if dagrun
// dies halfway. (prometheus.WriteToTextfile renames but does not sync, so after a
// crash the rename can survive while the data does not.) The temporary file's name
// starts with a dot and does not end in .prom, so the collector never reads it.
func WriteTextfile(path string, g prometheus.Gatherer) (err error) {
	mfs, err := g.Gather()
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	w := bufio.NewWriter(tmp)
	for _, mf := range mfs {
		if _, err := expfmt.MetricFamilyToText(w, mf); err != nil {
			return err
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	// Make the rename itself durable. Not every file system lets a directory be
	// synced; the file is in place either way, so that failure is not reported.
	if d, derr := os.Open(dir); derr == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
