package itest

import (
	"bytes"
	"context"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"google.golang.org/protobuf/proto"
)

// With an encryption key, the workflow history holds no value of the run in
// clear: neither a sensitive variable (the workflow's input) nor a pipe's
// output (an activity's result). The same run without a key has both in its
// history, which shows that the check can fail.
func TestEncryptedHistory(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "key")
	if err := os.WriteFile(keyFile, []byte(hex.EncodeToString(bytes.Repeat([]byte{7}, 32))+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	path := writePipeline(t, `
variable "token" {
  type      = string
  default   = "hunter2-secret"
  sensitive = true
}

pipe "fetch" {
  use     = "exec"
  env     = { TOKEN = var.token }
  command = ["echo", "classified-output"]
}
`)
	run := func(keyArgs ...string) []byte {
		t.Helper()
		queue := queueName(t)
		startWorker(t, queue, keyArgs...)
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		out, err := exec.CommandContext(ctx, dagrunBin, append([]string{"apply", path, "--engine", "temporal",
			"--temporal-address", address, "--task-queue", queue}, keyArgs...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("apply %v: %v\n%s", keyArgs, err, out)
		}
		m := startedLine.FindStringSubmatch(string(out))
		if m == nil {
			t.Fatalf("apply did not say which workflow it started:\n%s", out)
		}
		hist := &historypb.History{}
		it := newClient(t).GetWorkflowHistory(ctx, m[1], m[2], false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
		for it.HasNext() {
			ev, err := it.Next()
			if err != nil {
				t.Fatal(err)
			}
			hist.Events = append(hist.Events, ev)
		}
		raw, err := proto.Marshal(hist)
		if err != nil {
			t.Fatal(err)
		}
		return raw
	}
	for _, secret := range []string{"hunter2-secret", "classified-output"} {
		if plain := run(); !bytes.Contains(plain, []byte(secret)) {
			t.Fatalf("without a key the history lacks %q: the check below could not fail", secret)
		}
		if enc := run("--temporal-encryption-key", keyFile); bytes.Contains(enc, []byte(secret)) {
			t.Errorf("with a key the history holds %q in clear", secret)
		}
	}
}
