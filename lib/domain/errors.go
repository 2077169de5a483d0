package domain

import (
	"errors"
	"fmt"
	"strings"
)

// FieldError is a mistake at one place of an input document. Path is a
// JSON path from the document's root (spec.hosts[2].nics[0].mac); the
// tool that read the file turns it into file:line for the operator.
type FieldError struct {
	Doc  string // the kind of document the path is in: Site, Inventory, Scores
	Path string
	Line int // 1-based line in the file, when the decoder knows it
	Msg  string
	Hint string // what to change; may be empty
}

func (e *FieldError) Error() string {
	if e.Path == "" {
		return e.Msg
	}
	return e.Path + ": " + e.Msg
}

// In returns err with its document kind set to doc, unless it has one.
func In(doc string, err error) error {
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Doc != "" {
		return err
	}
	out := *fe
	out.Doc = doc
	return &out
}

// fieldErrorf builds a FieldError with a hint.
func fieldErrorf(path, hint, format string, args ...any) *FieldError {
	return &FieldError{Path: path, Msg: fmt.Sprintf(format, args...), Hint: hint}
}

// Under returns err with its path placed under prefix, so an error found
// in a Score's spec can be reported at its place in the Scores document.
// Errors that are not FieldErrors are returned as they are.
func Under(prefix string, err error) error {
	var fe *FieldError
	if !errors.As(err, &fe) {
		return err
	}
	out := *fe
	switch {
	case fe.Path == "":
		out.Path = prefix
	case strings.HasPrefix(fe.Path, "["):
		out.Path = prefix + fe.Path
	default:
		out.Path = prefix + "." + fe.Path
	}
	return &out
}

// Hint returns the operator's next step carried by err, if any.
func Hint(err error) string {
	var fe *FieldError
	if errors.As(err, &fe) {
		return fe.Hint
	}
	var ce *CapabilityError
	if errors.As(err, &ce) {
		return ce.Hint()
	}
	return ""
}

// CapabilityError says that a Score needs a capability the site lacks, or
// that the site offers it ambiguously.
type CapabilityError struct {
	Score      string     // the Score's name
	Kind       string     // the Score's kind
	Capability Capability // what it needs
	Site       string     // the site's name
	Providers  []string   // devices that provide it, when more than one does
}

func (e *CapabilityError) Error() string {
	if len(e.Providers) > 1 {
		return fmt.Sprintf("score %q (%s) needs one device providing %s, but site %q has %d: %s",
			e.Score, e.Kind, e.Capability, e.Site, len(e.Providers), strings.Join(e.Providers, ", "))
	}
	return fmt.Sprintf("score %q (%s) needs capability %s, but no device of site %q provides it",
		e.Score, e.Kind, e.Capability, e.Site)
}

// Hint says what to change in the Site.
func (e *CapabilityError) Hint() string {
	if len(e.Providers) > 1 {
		return fmt.Sprintf("keep %s in the provides list of exactly one device", e.Capability)
	}
	return fmt.Sprintf("add %s to the provides list of the Site device that runs it, "+
		"e.g. provides: [%s], or remove score %q", e.Capability, e.Capability, e.Score)
}
