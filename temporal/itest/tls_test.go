package itest

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// The connection to Temporal over mutual TLS: the dev server (which has no
// TLS of its own) behind a proxy the test starts, which terminates TLS,
// requires a client certificate signed by the test's CA, and forwards the
// gRPC stream (HTTP/2) as it is. A worker and apply connect with the TLS
// flags and run a pipeline; without a client certificate apply is refused.
func TestTemporalMutualTLS(t *testing.T) {
	dir := t.TempDir()
	ca, caKey := newCA(t)
	writePEM(t, filepath.Join(dir, "ca.pem"), "CERTIFICATE", ca.Raw)
	serverCert := issue(t, ca, caKey, "temporal.test", filepath.Join(dir, "server"), x509.ExtKeyUsageServerAuth)
	issue(t, ca, caKey, "dagrun", filepath.Join(dir, "client"), x509.ExtKeyUsageClientAuth)
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	proxy := startTLSProxy(t, &tls.Config{Certificates: []tls.Certificate{serverCert}, ClientAuth: tls.RequireAndVerifyClientCert,
		ClientCAs: pool, NextProtos: []string{"h2"}, MinVersion: tls.VersionTLS12}, address)

	tlsArgs := []string{"--temporal-tls-cert", filepath.Join(dir, "client.pem"), "--temporal-tls-key", filepath.Join(dir, "client-key.pem"),
		"--temporal-tls-ca", filepath.Join(dir, "ca.pem"), "--temporal-tls-server-name", "temporal.test"}
	queue := queueName(t)
	w := exec.Command(dagrunBin, append([]string{"worker", "--temporal-address", proxy, "--task-queue", queue}, tlsArgs...)...)
	var wlogs syncBuffer
	w.Stdout, w.Stderr = &wlogs, &wlogs
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = w.Process.Signal(os.Interrupt)
		_ = w.Wait()
		if t.Failed() {
			t.Logf("worker logs:\n%s", wlogs.String())
		}
	})
	path := writePipeline(t, `
pipe "hello" {
  use     = "exec"
  command = ["echo", "over TLS"]
}
`)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, dagrunBin, append([]string{"apply", path, "--output", "json", "--engine", "temporal",
		"--temporal-address", proxy, "--task-queue", queue}, tlsArgs...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("apply over mutual TLS: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), `"type":"pipe_succeeded","pipeline":"itest","pipe":"hello"`) {
		t.Errorf("apply over mutual TLS:\n%s", out)
	}

	// The same from the environment, as the Temporal CLI reads it.
	apply := exec.CommandContext(ctx, dagrunBin, "apply", path, "--engine", "temporal", "--temporal-address", proxy, "--task-queue", queue)
	apply.Env = append(os.Environ(), "TEMPORAL_TLS_CERT="+filepath.Join(dir, "client.pem"), "TEMPORAL_TLS_KEY="+filepath.Join(dir, "client-key.pem"),
		"TEMPORAL_TLS_CA="+filepath.Join(dir, "ca.pem"), "TEMPORAL_TLS_SERVER_NAME=temporal.test")
	if out, err := apply.CombinedOutput(); err != nil {
		t.Errorf("apply with TEMPORAL_TLS_*: %v\n%s", err, out)
	}

	// Without a client certificate the proxy refuses the handshake.
	out, err = exec.CommandContext(ctx, dagrunBin, "apply", path, "--engine", "temporal", "--temporal-address", proxy, "--task-queue", queue,
		"--temporal-tls-ca", filepath.Join(dir, "ca.pem"), "--temporal-tls-server-name", "temporal.test").CombinedOutput()
	if err == nil || !strings.Contains(string(out), "connecting to Temporal at "+proxy) {
		t.Errorf("apply without a client certificate: %v\n%s", err, out)
	}
	// A certificate without its key is a usage error.
	out, err = exec.CommandContext(ctx, dagrunBin, "apply", path, "--engine", "temporal", "--temporal-address", proxy,
		"--temporal-tls-cert", filepath.Join(dir, "client.pem")).CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 || !strings.Contains(string(out), "--temporal-tls-cert and --temporal-tls-key go together") {
		t.Errorf("a certificate without its key: %v\n%s", err, out)
	}
}

func newCA(t *testing.T) (*x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "dagrun test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert, key
}

// issue makes a certificate for name signed by the CA, written to
// base.pem and base-key.pem.
func issue(t *testing.T, ca *x509.Certificate, caKey *ecdsa.PrivateKey, name, base string, usage x509.ExtKeyUsage) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tmpl := &x509.Certificate{SerialNumber: serial, Subject: pkix.Name{CommonName: name}, DNSNames: []string{name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{usage}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	writePEM(t, base+".pem", "CERTIFICATE", der)
	writePEM(t, base+"-key.pem", "EC PRIVATE KEY", keyDER)
	pair, err := tls.LoadX509KeyPair(base+".pem", base+"-key.pem")
	if err != nil {
		t.Fatal(err)
	}
	return pair
}

func writePEM(t *testing.T, path, typ string, der []byte) {
	t.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}

// startTLSProxy terminates TLS on a free port of 127.0.0.1 and forwards
// each connection's bytes to backend, in both directions.
func startTLSProxy(t *testing.T, cfg *tls.Config, backend string) string {
	t.Helper()
	ln, err := tls.Listen("tcp", "127.0.0.1:0", cfg)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			in, err := ln.Accept()
			if err != nil {
				return
			}
			out, err := net.Dial("tcp", backend)
			if err != nil {
				in.Close()
				continue
			}
			mu.Lock()
			conns = append(conns, in, out)
			mu.Unlock()
			wg.Add(2)
			go func() { defer wg.Done(); _, _ = io.Copy(out, in); out.Close() }()
			go func() { defer wg.Done(); _, _ = io.Copy(in, out); in.Close() }()
		}
	}()
	return ln.Addr().String()
}
