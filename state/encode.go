package state

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// The journal is written by hand rather than with encoding/json: reflection
// over Record was a third of what recording a pipe cost. The lines
// are what json.Marshal(rec) would give, field for field, except that <, > and
// & are not escaped; encode_test.go checks both decode to the same Record.

// appendJSON appends rec as one JSON object, omitting empty fields as the
// struct tags of Record say.
func (rec *Record) appendJSON(b []byte) []byte {
	b = append(b, `{"time":"`...)
	b = rec.Time.AppendFormat(b, time.RFC3339Nano)
	b = append(b, `","type":`...)
	b = appendJSONString(b, rec.Type)
	b = appendStringField(b, "pipe", rec.Pipe)
	b = appendStringField(b, "series", rec.Series)
	b = appendStringField(b, "key", rec.Key)
	if rec.Attempt != 0 {
		b = strconv.AppendInt(append(b, `,"attempt":`...), int64(rec.Attempt), 10)
	}
	if rec.MaxAttempts != 0 {
		b = strconv.AppendInt(append(b, `,"max_attempts":`...), int64(rec.MaxAttempts), 10)
	}
	b = appendStringField(b, "result", rec.Result)
	b = appendStringField(b, "status", rec.Status)
	b = appendStringField(b, "reason", rec.Reason)
	if rec.Delay != 0 {
		b = appendJSONFloat(append(b, `,"delay_seconds":`...), rec.Delay)
	}
	if rec.Duration != 0 {
		b = appendJSONFloat(append(b, `,"duration_seconds":`...), rec.Duration)
	}
	b = appendStringField(b, "error", rec.Error)
	if rec.Reused {
		b = append(b, `,"reused":true`...)
	}
	if rec.Allowed {
		b = append(b, `,"allowed":true`...)
	}
	if rec.Handler {
		b = append(b, `,"handler":true`...)
	}
	if rec.Deadline != 0 {
		b = appendJSONFloat(append(b, `,"deadline_seconds":`...), rec.Deadline)
	}
	if rec.Output {
		b = append(b, `,"output":true`...)
	}
	b = appendStringField(b, "output_error", rec.OutputError)
	return append(b, '}')
}

func appendStringField(b []byte, name, v string) []byte {
	if v == "" {
		return b
	}
	b = append(b, ',', '"')
	b = append(b, name...)
	b = append(b, '"', ':')
	return appendJSONString(b, v)
}

// appendJSONFloat appends a finite float as encoding/json does.
func appendJSONFloat(b []byte, f float64) []byte {
	format := byte('f')
	if abs := max(f, -f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	return strconv.AppendFloat(b, f, format, -1, 64)
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string. Invalid UTF-8 becomes U+FFFD,
// as with encoding/json; U+2028 and U+2029 are escaped for JavaScript readers.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
