// Package hcl is dagrun's pipeline language: it parses pipeline files (HCL),
// decodes their blocks into a Pipeline, finds the references between
// expressions statically to build each pipe's dependencies, checks everything
// that can be checked before a run (types, durations, names, cycles, arguments
// already known), and evaluates the expressions that read upstream results
// (arguments, conditions, outputs) on demand, once those results exist. Every
// problem is an hcl.Diagnostic with a source range. It never runs anything: the
// caller turns the Pipeline into executor nodes.
//
// The language is documented in docs/reference.md, which is generated from the
// schema tables and the function list of this package (go generate).
package hcl

//go:generate go test -run ^TestReferenceDocs$ -update .
