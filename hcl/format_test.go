package hcl

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFormat(t *testing.T) {
	src := "pipe \"a\" {\nuse=\"exec\"\n  command    = [\"./a\"]\n}\n"
	want := "pipe \"a\" {\n  use     = \"exec\"\n  command = [\"./a\"]\n}\n"
	got, diags := Format("a.hcl", []byte(src))
	mustNoErrors(t, diags)
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("Format (-want +got):\n%s", diff)
	}
	again, _ := Format("a.hcl", got)
	if string(again) != string(got) {
		t.Error("Format is not idempotent")
	}
	if out, diags := Format("bad.hcl", []byte("pipe \"a\" {\n")); out != nil || !diags.HasErrors() {
		t.Errorf("Format of a broken file = %q, %v", out, diags)
	}
}
