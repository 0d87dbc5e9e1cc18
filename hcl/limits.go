package hcl

import (
	"bytes"
	"fmt"
	"io"
	"math/big"
	"os"
	"regexp"
	"strconv"
	"sync/atomic"
	"unicode/utf8"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// Limits of the language. They stop hostile or mistaken input (a file of
// nested brackets, range(1e9), a product of sets) with a diagnostic before it
// takes the machine's memory: without them the process dies in the Go runtime
// with nothing that says which line did it.
const (
	// MaxNesting is how deep brackets ((, [, {) and template interpolations
	// may nest in a source file or a --var value.
	MaxNesting = 256
	// MaxCollection is the most elements setproduct() and a for_each
	// collection may make (range() stops at 1024 by itself).
	MaxCollection = 1_000_000
	// MaxForElements is the most elements the for expressions of one
	// evaluation (a local, an argument, an output) go through in all:
	// nested ones multiply.
	MaxForElements = 100_000
	// MaxFormatWidth is the widest field format() and formatlist() may pad to.
	MaxFormatWidth = 1_000_000
	// MaxValueDepth is how deep a pipe's output (lists, maps, objects) and
	// the text given to jsondecode() may nest: a deeper output fails its
	// attempt, as it could not be recorded.
	MaxValueDepth = 1000
	// MaxFileSize is the largest file Load reads (a pipeline file, a
	// --var-file, file()): /dev/zero or a log left where a file was expected
	// would otherwise be read until memory runs out.
	MaxFileSize = 64 << 20
)

// readFileLimited is os.ReadFile of at most MaxFileSize bytes.
func readFileLimited(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxFileSize {
		return nil, fmt.Errorf("%s is larger than %d MiB, the limit", name, MaxFileSize>>20)
	}
	return b, nil
}

// CheckSource checks what must hold before a file is parsed at all: it is
// UTF-8 text, and its brackets nest at most MaxNesting deep. A file that
// fails gets one diagnostic, at the first place that is wrong.
func CheckSource(filename string, src []byte) hcl2.Diagnostics {
	if d := checkText(filename, src); d != nil {
		return hcl2.Diagnostics{d}
	}
	if d := checkNesting(filename, src); d != nil {
		return hcl2.Diagnostics{d}
	}
	return nil
}

// posAt is the position of byte offset off in src.
func posAt(src []byte, off int) hcl2.Pos {
	line := 1 + bytes.Count(src[:off], []byte{'\n'})
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	return hcl2.Pos{Line: line, Column: 1 + utf8.RuneCount(src[start:off]), Byte: off}
}

func rangeAt(filename string, src []byte, off int) *hcl2.Range {
	p := posAt(src, off)
	end := p
	end.Byte++
	end.Column++
	return &hcl2.Range{Filename: filename, Start: p, End: end}
}

// checkText reports a file that is not UTF-8 text: a NUL byte, or a byte
// sequence that is not UTF-8.
func checkText(filename string, src []byte) *hcl2.Diagnostic {
	bad, what := -1, ""
	if i := bytes.IndexByte(src, 0); i >= 0 {
		bad, what = i, "a NUL byte"
	}
	for i := 0; i < len(src) && (bad < 0 || i < bad); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size == 1 {
			bad, what = i, fmt.Sprintf("the byte 0x%02x, which is not UTF-8", src[i])
			break
		}
		i += size
	}
	if bad < 0 {
		return nil
	}
	return &hcl2.Diagnostic{
		Severity: hcl2.DiagError,
		Summary:  "Not a text file",
		Detail:   fmt.Sprintf("%s is not UTF-8 text: it has %s here. A pipeline file is HCL text; is this the right file?", filename, what),
		Subject:  rangeAt(filename, src, bad),
	}
}

// checkNesting reports the first bracket or template interpolation nested
// deeper than MaxNesting. It reads HCL's lexical structure only as far as it
// must: quoted strings and heredocs (whose text holds no brackets, but whose
// ${...} and %{...} do) and comments.
func checkNesting(filename string, src []byte) *hcl2.Diagnostic {
	// A frame is an open bracket, or an interpolation that returns to a
	// quoted string (heredoc "") or to a heredoc (its closing marker).
	type frame struct {
		interp  bool
		heredoc string
		quoted  bool
	}
	var stack []frame
	const (
		code = iota
		quoted
		heredoc
	)
	mode, marker := code, ""
	deep := func(i int) *hcl2.Diagnostic {
		return &hcl2.Diagnostic{
			Severity: hcl2.DiagError,
			Summary:  "Nesting too deep",
			Detail:   fmt.Sprintf("Brackets and template interpolations nest more than %d deep here; that is the limit.", MaxNesting),
			Subject:  rangeAt(filename, src, i),
		}
	}
	push := func(f frame, i int) bool {
		stack = append(stack, f)
		return len(stack) > MaxNesting
	}
	lineStart := func(i int) bool { return i == 0 || src[i-1] == '\n' }
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch mode {
		case quoted, heredoc:
			if mode == heredoc && lineStart(i) {
				end := bytes.IndexByte(src[i:], '\n')
				if end < 0 {
					end = len(src) - i
				}
				if string(bytes.TrimSpace(src[i:i+end])) == marker {
					mode = code
					i += end - 1
					continue
				}
			}
			switch {
			case mode == quoted && c == '\\':
				i++
			case mode == quoted && c == '"':
				mode = code
			case (c == '$' || c == '%') && i+2 < len(src) && src[i+1] == c && src[i+2] == '{':
				i += 2 // $${ and %%{ are literal
			case (c == '$' || c == '%') && i+1 < len(src) && src[i+1] == '{':
				if push(frame{interp: true, quoted: mode == quoted, heredoc: marker}, i) {
					return deep(i)
				}
				mode = code
				i++
			}
		case code:
			switch {
			case c == '"':
				mode = quoted
			case c == '#' || c == '/' && i+1 < len(src) && src[i+1] == '/':
				for i < len(src) && src[i] != '\n' {
					i++
				}
			case c == '/' && i+1 < len(src) && src[i+1] == '*':
				end := bytes.Index(src[i+2:], []byte("*/"))
				if end < 0 {
					return nil // an unclosed comment: the parser says so
				}
				i += 2 + end + 1
			case c == '<' && i+1 < len(src) && src[i+1] == '<':
				j := i + 2
				if j < len(src) && src[j] == '-' {
					j++
				}
				k := j
				for k < len(src) && (identStart(src[k]) || src[k] >= '0' && src[k] <= '9' || src[k] == '-') {
					k++
				}
				if k > j && k < len(src) && (src[k] == '\n' || src[k] == '\r') {
					mode, marker = heredoc, string(src[j:k])
					i = k
				}
			case c == '(' || c == '[' || c == '{':
				if push(frame{}, i) {
					return deep(i)
				}
			case c == ')' || c == ']' || c == '}':
				if len(stack) == 0 {
					continue // unbalanced: the parser says so
				}
				f := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if f.interp {
					if f.quoted {
						mode = quoted
					} else {
						mode, marker = heredoc, f.heredoc
					}
				}
			}
		}
	}
	return nil
}

// valueDepth returns how deep v nests, stopping once it passes limit.
func valueDepth(v cty.Value, limit int) int {
	if v == cty.NilVal || !v.IsKnown() || v.IsNull() {
		return 0
	}
	ty := v.Type()
	if !ty.IsCollectionType() && !ty.IsObjectType() && !ty.IsTupleType() {
		return 0
	}
	deepest := 0
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if d := valueDepth(e, limit-1); d > deepest {
			deepest = d
			if deepest >= limit {
				break
			}
		}
	}
	return deepest + 1
}

// CheckOutputDepth returns an error when an output nests deeper than
// MaxValueDepth; the error is short whatever the value.
func CheckOutputDepth(v cty.Value) error {
	if d := valueDepth(v, MaxValueDepth+1); d > MaxValueDepth {
		return fmt.Errorf("the output nests more than %d levels deep (lists, maps, objects), the limit: it cannot be recorded", MaxValueDepth)
	}
	return nil
}

// limited is f with check run on its arguments first: a function whose
// result would be too big fails before it is computed.
func limited(f function.Function, check func(args []cty.Value) error) function.Function {
	spec := &function.Spec{
		Description: f.Description(),
		Params:      f.Params(),
		VarParam:    f.VarParam(),
		Type:        func(args []cty.Value) (cty.Type, error) { return f.ReturnTypeForValues(args) },
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			if err := check(args); err != nil {
				return cty.DynamicVal, err
			}
			return f.Call(args)
		},
	}
	return function.New(spec)
}

func tooMany(n *big.Float) error {
	return fmt.Errorf("the result would have %s elements; the limit is %d", n.Text('f', 0), MaxCollection)
}

// checkSetProduct: the product of the sizes of the sets.
func checkSetProduct(args []cty.Value) error {
	n := big.NewFloat(1)
	for _, a := range args {
		if !a.IsKnown() || a.IsNull() || !(a.Type().IsCollectionType() || a.Type().IsTupleType()) {
			return nil
		}
		n.Mul(n, big.NewFloat(float64(a.LengthInt())))
	}
	if n.Cmp(big.NewFloat(MaxCollection)) > 0 {
		return tooMany(n)
	}
	return nil
}

var formatWidth = regexp.MustCompile(`%[-+# 0]*(\[\d+\])?(\d*)(\.(\d+))?`)

// checkFormat: field widths and precisions of format's first argument.
func checkFormat(args []cty.Value) error {
	if len(args) == 0 || !args[0].IsKnown() || args[0].IsNull() || args[0].Type() != cty.String {
		return nil
	}
	for _, m := range formatWidth.FindAllStringSubmatch(args[0].AsString(), -1) {
		for _, w := range []string{m[2], m[4]} {
			if w == "" {
				continue
			}
			if n, err := strconv.Atoi(w); err != nil || n > MaxFormatWidth {
				return fmt.Errorf("a field width or precision of %s is more than the limit of %d", w, MaxFormatWidth)
			}
		}
	}
	return nil
}

// checkIndent: indent's number of spaces.
func checkIndent(args []cty.Value) error {
	if len(args) == 0 || !args[0].IsKnown() || args[0].IsNull() || args[0].Type() != cty.Number {
		return nil
	}
	if args[0].AsBigFloat().Cmp(big.NewFloat(MaxFormatWidth)) > 0 {
		return fmt.Errorf("indenting by more than %d spaces is over the limit", MaxFormatWidth)
	}
	return nil
}

// checkJSONDepth: jsondecode's text may nest at most MaxValueDepth deep (the
// decoder takes seconds on a few thousand levels).
func checkJSONDepth(args []cty.Value) error {
	if len(args) == 0 || !args[0].IsKnown() || args[0].IsNull() || args[0].Type() != cty.String {
		return nil
	}
	depth, inString := 0, false
	src := args[0].AsString()
	for i := 0; i < len(src); i++ {
		switch c := src[i]; {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case inString:
		case c == '[' || c == '{':
			if depth++; depth > MaxValueDepth {
				return fmt.Errorf("the JSON nests more than %d levels deep, the limit", MaxValueDepth)
			}
		case c == ']' || c == '}':
			depth--
		}
	}
	return nil
}

// forFunc is the name of the function every for expression's collection goes
// through (see limitForExprs): a name no source can call, as it has a space.
const forFunc = "for expression"

// limitForExprs makes every for expression in body count the elements it
// goes through against the budget of its evaluation context (see
// budgetContext), so that nested for expressions (1000 × 1000 × 1000) fail
// with a diagnostic instead of taking the memory of the machine. The
// collection is wrapped in a call of forFunc: a node HCL knows, so that the
// references inside it are still found.
func limitForExprs(body hcl2.Body) {
	sb, ok := body.(*hclsyntax.Body)
	if !ok {
		return
	}
	hclsyntax.VisitAll(sb, func(n hclsyntax.Node) hcl2.Diagnostics {
		if fe, ok := n.(*hclsyntax.ForExpr); ok {
			if call, ok := fe.CollExpr.(*hclsyntax.FunctionCallExpr); ok && call.Name == forFunc {
				return nil
			}
			rng := fe.CollExpr.Range()
			fe.CollExpr = &hclsyntax.FunctionCallExpr{
				Name: forFunc, Args: []hclsyntax.Expression{fe.CollExpr},
				NameRange: rng, OpenParenRange: rng, CloseParenRange: rng,
			}
		}
		return nil
	})
}

// forBudgetFunc counts the elements of the collections given to it in
// *spent, failing past MaxForElements; spent nil counts nothing.
func forBudgetFunc(spent *atomic.Int64) function.Function {
	return function.New(&function.Spec{
		Description: "The collection of a for expression, counted against the limit of its evaluation (not callable).",
		Params: []function.Parameter{{
			Name: "collection", Type: cty.DynamicPseudoType,
			AllowNull: true, AllowUnknown: true, AllowDynamicType: true, AllowMarked: true,
		}},
		Type: func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil },
		Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
			v := args[0]
			if spent == nil || !v.IsKnown() || v.IsNull() {
				return v, nil
			}
			if ty := v.Type(); ty.IsCollectionType() || ty.IsTupleType() || ty.IsObjectType() {
				if n := spent.Add(int64(v.LengthInt())); n > MaxForElements {
					if n-int64(v.LengthInt()) > MaxForElements {
						// Said once: the enclosing for expressions go on
						// with their other elements, now unknown.
						return cty.UnknownVal(ret), nil
					}
					return cty.UnknownVal(ret), fmt.Errorf("the for expressions of this value go through more than %d elements in all, the limit", MaxForElements)
				}
			}
			return v, nil
		},
	})
}

// budgetContext is an evaluation context with vars and functions whose for
// expressions share one budget (see limitForExprs).
func budgetContext(vars map[string]cty.Value, functions map[string]function.Function) *hcl2.EvalContext {
	ctx := (&hcl2.EvalContext{Functions: functions}).NewChild()
	ctx.Variables = vars
	ctx.Functions = map[string]function.Function{forFunc: forBudgetFunc(new(atomic.Int64))}
	return ctx
}
