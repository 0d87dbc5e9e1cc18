package uptodate

import (
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/zclconf/go-cty/cty"
)

// BenchmarkCheck is the up-to-date check of a pipe with 10 source files of
// 4 KiB each that is up to date (the whole path: glob, read and hash every
// file, key, record, generated file): ns/file is the cost per source file.
func BenchmarkCheck(b *testing.B) {
	dir := b.TempDir()
	for i := range 10 {
		data := make([]byte, 4<<10)
		rand.Read(data)
		if err := os.MkdirAll(filepath.Join(dir, "src"), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "src", fmt.Sprintf("f%d.c", i)), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "out.o"), []byte("obj"), 0o644); err != nil {
		b.Fatal(err)
	}
	o := &Options{Store: Open(filepath.Join(dir, "records"))}
	p := Pipe{Dir: dir, Sources: []string{"src/*.c"}, Generates: []string{"out.o"}}
	in := Inputs{Pipe: "compile", Type: "exec", Args: &struct{ Command []string }{[]string{"cc", "-c", "src/f0.c"}},
		Upstreams: []cty.Value{cty.ObjectVal(map[string]cty.Value{"stdout": cty.StringVal("ok")})}}
	c, err := o.Begin(p, in)
	if err != nil {
		b.Fatal(err)
	}
	if err := c.Succeeded(cty.StringVal("built"), time.Now()); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		c, err := o.Begin(p, in)
		if err != nil || !c.UpToDate {
			b.Fatalf("not up to date: %v", err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/10, "ns/file")
}

// BenchmarkHash hashes one file of 1 MiB: ns/MiB is the cost of hashing.
func BenchmarkHash(b *testing.B) {
	dir := b.TempDir()
	data := make([]byte, 1<<20)
	rand.Read(data)
	if err := os.WriteFile(filepath.Join(dir, "big"), data, 0o644); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(1 << 20)
	for b.Loop() {
		if _, err := HashFiles(dir, []string{"big"}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/MiB")
}
