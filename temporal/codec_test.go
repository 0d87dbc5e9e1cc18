package temporal

import (
	"bytes"
	"strings"
	"testing"

	"go.temporal.io/sdk/converter"
)

func TestEncryptionCodec(t *testing.T) {
	oldKey, newKey := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 32)
	old, err := NewEncryptionCodec(oldKey)
	if err != nil {
		t.Fatal(err)
	}
	p, err := DataConverter(old).ToPayload(map[string]string{"token": "hunter2"})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(p.GetData(), []byte("hunter2")) || string(p.GetMetadata()[metaKeyID]) != KeyID(oldKey) {
		t.Fatalf("encrypted payload %v", p)
	}
	// Rotated: the new key encrypts, the old one still decrypts.
	rotated, err := NewEncryptionCodec(newKey, oldKey)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]string
	if err := DataConverter(rotated).FromPayload(p, &got); err != nil || got["token"] != "hunter2" {
		t.Fatalf("decoding with the rotated keys: %v %v", got, err)
	}
	if q, _ := DataConverter(rotated).ToPayload("x"); string(q.GetMetadata()[metaKeyID]) != KeyID(newKey) {
		t.Errorf("the rotated codec encrypts with key %s, want the first (%s)", q.GetMetadata()[metaKeyID], KeyID(newKey))
	}
	// Without the key: a clear error, not garbage.
	only, _ := NewEncryptionCodec(newKey)
	if err := DataConverter(only).FromPayload(p, &got); err == nil || !strings.Contains(err.Error(), "not among this process's keys") {
		t.Errorf("decoding without the key: %v", err)
	}
	// Tampered data does not decrypt.
	p.Data[len(p.Data)-1] ^= 1
	if err := DataConverter(old).FromPayload(p, &got); err == nil {
		t.Error("a tampered payload decoded")
	}
	// A payload that was never encrypted passes through.
	plain, _ := converter.GetDefaultDataConverter().ToPayload("clear")
	var s string
	if err := DataConverter(old).FromPayload(plain, &s); err != nil || s != "clear" {
		t.Errorf("a clear payload: %q %v", s, err)
	}
	if _, err := NewEncryptionCodec([]byte("short")); err == nil {
		t.Error("a 5-byte key was taken")
	}
}
