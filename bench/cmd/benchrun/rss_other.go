//go:build !unix

package main

import "os"

// maxRSS is not known here without /usr/bin/time.
func maxRSS(*os.ProcessState) (int64, bool) { return 0, false }
