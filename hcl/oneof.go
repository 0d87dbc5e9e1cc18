package hcl

import (
	"fmt"
	"slices"
	"strings"

	hcl2 "github.com/hashicorp/hcl/v2"
)

// checkOneOf checks the groups of arguments of which a pipe's type wants
// exactly one (pipes.Type.OneOf) from the arguments present: their values
// may be known only at run time.
func (l *loader) checkOneOf(pp *Pipe, args *hcl2.BodyContent) {
	if pp.Type == nil {
		return
	}
	for _, group := range pp.Type.OneOf {
		var set []*hcl2.Attribute
		for _, name := range group {
			if a := args.Attributes[name]; a != nil {
				set = append(set, a)
			}
		}
		switch len(set) {
		case 1:
		case 0:
			l.diags = append(l.diags, errorDiag("Missing argument",
				fmt.Sprintf("Pipe %q (%s) needs exactly one of %s.", pp.ID, pp.Type.Name, orList(group)), pp.DeclRange))
		default:
			slices.SortFunc(set, func(a, b *hcl2.Attribute) int { return a.Range.Start.Byte - b.Range.Start.Byte })
			names := make([]string, len(set))
			for i, a := range set {
				names[i] = a.Name
			}
			l.diags = append(l.diags, errorDiag("Conflicting arguments",
				fmt.Sprintf("Pipe %q (%s) sets %s: it takes exactly one of %s (%s is set at %s).", pp.ID, pp.Type.Name, strings.Join(names, " and "), orList(group), set[0].Name, rangeString(set[0].Range)), set[1].Range))
		}
		if len(set) != 1 {
			l.argsErrors[pp.ID] = true // the type's Check would say it again
		}
	}
}

// orList is "a, b or c".
func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
