// Package conformance is a suite of small pipelines, each with the result it
// must have, checked against every way of running it: the library, the
// dagrun command's JSON output, its run history, a resumed run, and its
// metrics. The suite is its tests; see README.md for the format of a case.
package conformance
