package main

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// escapeText makes text that dagrun did not write itself (a pipeline file's
// source, an instance key, a pipe's error or output) safe to print on a
// terminal or in a log line: control characters (escape sequences that would
// recolour, move the cursor or retitle the window), Unicode bidirectional
// overrides and invalid UTF-8 become Go-style escapes (\x1b, \u202e, \xff).
// Newlines and tabs stay: diagnostics are several lines long.
func escapeText(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x80 && unsafeRune(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// needsEscape reports whether escapeText would change s.
func needsEscape(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c != '\n' && c != '\t' && unsafeRune(rune(c)) {
				return true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || unsafeRune(r) {
			return true
		}
		i += size
	}
	return false
}

// unsafeRune: C0 and C1 controls, DEL, and the formatting characters that
// reorder or hide text (bidirectional overrides and isolates).
func unsafeRune(r rune) bool {
	switch {
	case unicode.IsControl(r):
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	}
	return false
}

// errLine is how a view shows an error on one line: sensitive values
// redacted, control characters escaped, cut at the first newline.
func errLine(redact func(string) string, err error) string {
	return firstLine(redact(errText(err)))
}

// errTail is what follows an error's first line (an exec failure's last
// lines of output), redacted and escaped, a line each.
func errTail(redact func(string) string, err error) []string {
	text := redact(errText(err))
	i := strings.IndexByte(text, '\n')
	if i < 0 {
		return nil
	}
	lines := strings.Split(text[i+1:], "\n")
	for k, l := range lines {
		lines[k] = escapeText(l)
	}
	return lines
}
