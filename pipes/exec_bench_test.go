package pipes

import (
	"context"
	"os/exec"
	"testing"
)

// BenchmarkExecProcess measures one exec attempt of /bin/true, one after the
// other (as in a chain), in each way runExec can wait, against a bare os/exec
// Run: the difference is what exec adds per process.
func BenchmarkExecProcess(b *testing.B) {
	b.Run("os-exec", func(b *testing.B) {
		for b.Loop() {
			if err := exec.Command("/bin/true").Run(); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, m := range waitModes {
		b.Run(m.name, func(b *testing.B) {
			reg := NewRegistry()
			cfg := defaultExecConfig()
			cfg.procs = m.procs
			if err := registerBuiltins(reg, cfg); err != nil {
				b.Fatal(err)
			}
			typ, _ := reg.Lookup("exec")
			args := &ExecArgs{Command: []string{"/bin/true"}}
			rt := Runtime{Pipe: "p", Attempt: 1, TempDir: b.TempDir()}
			for b.Loop() {
				if _, err := typ.Run(context.Background(), args, rt); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
