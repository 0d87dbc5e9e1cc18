package temporal

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
	"google.golang.org/protobuf/proto"
)

// Metadata of an encrypted payload.
const (
	encodingEncrypted = "binary/encrypted"
	metaKeyID         = "encryption-key-id"
)

// EncryptionCodec encrypts every payload a client or worker sends to
// Temporal (workflow inputs: the pipeline, its variables; activity inputs
// and results: arguments, outputs, errors' details; memo) with AES-256-GCM,
// so that the workflow history holds no value of a run in clear. The first
// key encrypts; every key decrypts, found by the key id each payload
// carries in its metadata, so that keys can be rotated: put the new key
// first and keep the old ones while histories written with them live.
type EncryptionCodec struct {
	keys  map[string]cipher.AEAD
	first string
}

var _ converter.PayloadCodec = (*EncryptionCodec)(nil)

// NewEncryptionCodec returns the codec of keys, each 32 bytes (AES-256).
func NewEncryptionCodec(keys ...[]byte) (*EncryptionCodec, error) {
	if len(keys) == 0 {
		return nil, fmt.Errorf("encryption: no key")
	}
	c := &EncryptionCodec{keys: map[string]cipher.AEAD{}}
	for i, k := range keys {
		if len(k) != 32 {
			return nil, fmt.Errorf("encryption key %d: %d bytes, want 32 (AES-256)", i+1, len(k))
		}
		block, err := aes.NewCipher(k)
		if err != nil {
			return nil, err
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, err
		}
		id := KeyID(k)
		c.keys[id] = aead
		if i == 0 {
			c.first = id
		}
	}
	return c, nil
}

// KeyID names a key in the payloads it encrypted: the first 8 bytes of its
// SHA-256, in hex (the key cannot be found from it).
func KeyID(key []byte) string {
	sum := sha256.Sum256(key)
	return hex.EncodeToString(sum[:8])
}

// Encode encrypts each payload whole (metadata and data).
func (c *EncryptionCodec) Encode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	aead := c.keys[c.first]
	out := make([]*commonpb.Payload, len(payloads))
	for i, p := range payloads {
		plain, err := proto.Marshal(p)
		if err != nil {
			return nil, err
		}
		nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plain)+aead.Overhead())
		if _, err := rand.Read(nonce); err != nil {
			return nil, err
		}
		out[i] = &commonpb.Payload{
			Metadata: map[string][]byte{converter.MetadataEncoding: []byte(encodingEncrypted), metaKeyID: []byte(c.first)},
			Data:     aead.Seal(nonce, nonce, plain, []byte(c.first)),
		}
	}
	return out, nil
}

// Decode decrypts the payloads Encode made (others are left as they are).
func (c *EncryptionCodec) Decode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	out := make([]*commonpb.Payload, len(payloads))
	for i, p := range payloads {
		if string(p.GetMetadata()[converter.MetadataEncoding]) != encodingEncrypted {
			out[i] = p
			continue
		}
		id := string(p.GetMetadata()[metaKeyID])
		aead, ok := c.keys[id]
		if !ok {
			return nil, fmt.Errorf("encryption: a payload is encrypted with key %s, which is not among this process's keys", id)
		}
		data := p.GetData()
		if len(data) < aead.NonceSize() {
			return nil, fmt.Errorf("encryption: a payload of key %s is too short", id)
		}
		plain, err := aead.Open(nil, data[:aead.NonceSize()], data[aead.NonceSize():], []byte(id))
		if err != nil {
			return nil, fmt.Errorf("encryption: a payload of key %s does not decrypt: %w", id, err)
		}
		dec := &commonpb.Payload{}
		if err := proto.Unmarshal(plain, dec); err != nil {
			return nil, err
		}
		out[i] = dec
	}
	return out, nil
}

// DataConverter is the data converter of a client and its workers: the
// SDK's default one, its payloads encoded by codec when not nil.
func DataConverter(codec converter.PayloadCodec) converter.DataConverter {
	if codec == nil {
		return converter.GetDefaultDataConverter()
	}
	return converter.NewCodecDataConverter(converter.GetDefaultDataConverter(), codec)
}
