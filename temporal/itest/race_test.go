//go:build race

package itest

// raceEnabled: the test binary has the race detector, so the dagrun binary
// under test (its workers run the pipe activities) gets it too.
const raceEnabled = true
