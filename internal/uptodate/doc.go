// Package uptodate decides whether a pipe with `sources` or `generates` may
// be left out of a run: it is up to date when its evaluated arguments, its
// upstreams' outputs and the contents of its source files are those of its
// last successful run, and every file it generates is still there, as that
// run left it. The binding (internal/bind) asks it before an attempt and
// tells it after a success; every engine that binds with a Store gets the
// same decision.
//
// What a successful run leaves is a Record, one small JSON file per pipe (or
// for_each instance) in a directory of the run state (Store). A record is
// written after the pipe's success, by a rename, so a crash leaves the old
// record or the new one, never half of one; a record that cannot be read is
// treated as missing (the pipe runs).
//
// Files are compared by the SHA-256 of their contents, not by their times:
// a checkout or a copy that changes the times and not the contents leaves a
// pipe up to date, and an edit that keeps the time (or a clock set back)
// does not.
package uptodate
