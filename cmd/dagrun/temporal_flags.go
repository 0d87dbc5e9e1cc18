package main

import (
	"os"
	"strings"

	"github.com/spf13/cobra"
)

// defaultTaskQueue is temporal.DefaultTaskQueue, spelled out so that a build
// without the Temporal engine has the same flags (TestDefaultTaskQueue checks
// they agree).
const defaultTaskQueue = "dagrun"

// temporalFlags say which Temporal service to use (apply --engine temporal,
// worker) and how to connect to it. The connection's settings default to the
// environment variables the Temporal CLI reads (TEMPORAL_TLS_CERT, ...), which
// are also what the runs commands connect with.
type temporalFlags struct {
	address   string
	namespace string
	taskQueue string
	tls       temporalTLS
	// encryptionKeys are files of the keys that encrypt payloads (the
	// first) and decrypt them (all).
	encryptionKeys []string
}

// encryptionKeysEnv lists key files, comma-separated, when no flag does.
const encryptionKeysEnv = "DAGRUN_TEMPORAL_ENCRYPTION_KEYS"

// encryptionKeysFromEnv are the key files of the environment.
func encryptionKeysFromEnv() []string {
	var files []string
	for _, f := range strings.Split(os.Getenv(encryptionKeysEnv), ",") {
		if f = strings.TrimSpace(f); f != "" {
			files = append(files, f)
		}
	}
	return files
}

// temporalTLS is how the connection to Temporal is secured: mutual TLS with a
// client certificate, a CA of its own, a server name other than the
// address's host, an API key (which implies TLS).
type temporalTLS struct {
	cert, key, ca, serverName, apiKey string
}

// temporalTLSFromEnv is the connection's security from the environment.
func temporalTLSFromEnv() temporalTLS {
	return temporalTLS{cert: os.Getenv("TEMPORAL_TLS_CERT"), key: os.Getenv("TEMPORAL_TLS_KEY"), ca: os.Getenv("TEMPORAL_TLS_CA"),
		serverName: os.Getenv("TEMPORAL_TLS_SERVER_NAME"), apiKey: os.Getenv("TEMPORAL_API_KEY")}
}

func (t *temporalFlags) add(c *cobra.Command) {
	env := temporalTLSFromEnv()
	c.Flags().StringVar(&t.address, "temporal-address", "", "Temporal frontend HOST:PORT")
	c.Flags().StringVar(&t.namespace, "temporal-namespace", "default", "Temporal namespace")
	c.Flags().StringVar(&t.taskQueue, "task-queue", defaultTaskQueue, "Temporal task queue of runs and pipes")
	c.Flags().StringVar(&t.tls.cert, "temporal-tls-cert", env.cert, "client certificate `FILE` (PEM) for mutual TLS with Temporal ($TEMPORAL_TLS_CERT)")
	c.Flags().StringVar(&t.tls.key, "temporal-tls-key", env.key, "its private key `FILE` (PEM) ($TEMPORAL_TLS_KEY)")
	c.Flags().StringVar(&t.tls.ca, "temporal-tls-ca", env.ca, "CA certificates `FILE` (PEM) that sign Temporal's certificate, instead of the system's ($TEMPORAL_TLS_CA)")
	c.Flags().StringVar(&t.tls.serverName, "temporal-tls-server-name", env.serverName, "the `NAME` Temporal's certificate must hold, when not the address's host ($TEMPORAL_TLS_SERVER_NAME)")
	c.Flags().StringArrayVar(&t.encryptionKeys, "temporal-encryption-key", encryptionKeysFromEnv(), "`FILE` of a key (32 bytes: raw, hex or base64) that encrypts what the run sends to Temporal; repeat to rotate: the first encrypts, all decrypt ($"+encryptionKeysEnv+", comma-separated)")
	c.Flags().StringVar(&t.tls.apiKey, "temporal-api-key", env.apiKey, "API `KEY` sent to Temporal (Temporal Cloud); implies TLS ($TEMPORAL_API_KEY; prefer the variable: a flag shows in ps)")
}

// enabled reports whether the connection uses TLS.
func (t temporalTLS) enabled() bool {
	return t.cert != "" || t.key != "" || t.ca != "" || t.serverName != "" || t.apiKey != ""
}

// check refuses settings that cannot work together.
func (t temporalTLS) check() error {
	if (t.cert == "") != (t.key == "") {
		return usageError("--temporal-tls-cert and --temporal-tls-key go together (a client certificate and its key)")
	}
	return nil
}
