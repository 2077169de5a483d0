// Package document reads Harmony's input documents (Site, Inventory,
// Scores) from YAML or JSON, strictly: an unknown field, a wrong type or a
// duplicate key is an error that names the file, the line, the JSON path
// and the fix. The types it fills come from lib/domain and the Scores.
package document

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/nationtech/harmony-go/lib/domain"
	"go.yaml.in/yaml/v3"
)

// Doc is one document of a file (a YAML file may hold several).
type Doc struct {
	File       string // as given, or "<stdin>"
	Kind       string
	APIVersion string
	root       *yaml.Node // the document's top mapping
}

// Stdin is the name documents read from standard input carry.
const Stdin = "<stdin>"

// ReadPaths reads every document of the given paths: files, directories
// (their *.yaml, *.yml and *.json files, sorted, not recursive) and "-" for
// stdin. No paths means stdin.
// MaxInput is the most one input file (or stdin) may hold: 8 MiB, some
// 100,000 hosts of Inventory — a micro datacenter has hundreds. A larger
// one is refused, not read: parsed, YAML takes some fifty times its size
// in memory.
const MaxInput = 8 << 20

// ReadLimited reads r whole, refusing more than limit bytes.
func ReadLimited(r io.Reader, limit int64, name, what string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, &Error{File: name, Err: &domain.FieldError{Msg: "cannot read: " + err.Error(), Hint: "check the path and its permissions"}}
	}
	if int64(len(data)) > limit {
		return nil, &Error{File: name, Err: &domain.FieldError{Msg: fmt.Sprintf("is larger than the %d MiB %s may be", limit>>20, what),
			Hint: "split it (one Inventory per site or per rack); files are read whole"}}
	}
	return data, nil
}

func ReadPaths(paths []string, stdin io.Reader) ([]*Doc, error) {
	if len(paths) == 0 {
		paths = []string{"-"}
	}
	var files []string
	for _, p := range paths {
		fs, err := expand(p)
		if err != nil {
			return nil, err
		}
		files = append(files, fs...)
	}
	// Files parse in parallel; documents keep the order of the files.
	docs := make([][]*Doc, len(files))
	errs := make([]error, len(files))
	var wg sync.WaitGroup
	for i, f := range files {
		if f == "-" {
			data, err := ReadLimited(stdin, MaxInput, Stdin, "an input")
			if err != nil {
				return nil, err
			}
			docs[i], errs[i] = Read(Stdin, data)
			continue
		}
		wg.Go(func() {
			fh, err := os.Open(f)
			if err != nil {
				errs[i] = &Error{File: f, Err: &domain.FieldError{Msg: "cannot read: " + errors.Unwrap(err).Error(),
					Hint: "check the path and its permissions"}}
				return
			}
			defer fh.Close()
			data, err := ReadLimited(fh, MaxInput, f, "an input")
			if err != nil {
				errs[i] = err
				return
			}
			docs[i], errs[i] = Read(f, data)
		})
	}
	wg.Wait()
	var out []*Doc
	for i := range files {
		if errs[i] != nil {
			return nil, errs[i]
		}
		out = append(out, docs[i]...)
	}
	return out, nil
}

func expand(p string) ([]string, error) {
	if p == "-" {
		return []string{p}, nil
	}
	st, err := os.Stat(p)
	if err != nil {
		return nil, &Error{File: p, Err: &domain.FieldError{Msg: "no such file or directory",
			Hint: "give a Site, Inventory or Scores file, a directory of them, or - for stdin"}}
	}
	if !st.IsDir() {
		return []string{p}, nil
	}
	entries, err := os.ReadDir(p)
	if err != nil {
		return nil, &Error{File: p, Err: &domain.FieldError{Msg: "cannot read the directory"}}
	}
	var out []string
	for _, e := range entries {
		switch filepath.Ext(e.Name()) {
		case ".yaml", ".yml", ".json":
			if !e.IsDir() {
				out = append(out, filepath.Join(p, e.Name()))
			}
		}
	}
	slices.Sort(out)
	if len(out) == 0 {
		return nil, &Error{File: p, Err: &domain.FieldError{Msg: "the directory has no .yaml, .yml or .json file"}}
	}
	return out, nil
}

// Read splits data into its documents. JSON input is one document; YAML
// input may hold several separated by ---.
func Read(name string, data []byte) ([]*Doc, error) {
	var roots []*yaml.Node
	if t := bytes.TrimLeft(data, " \t\r\n"); len(t) > 0 && t[0] == '{' {
		n, err := jsonNode(data)
		if err != nil {
			return nil, &Error{File: name, Err: err}
		}
		roots = append(roots, n)
	} else {
		dec := yaml.NewDecoder(bytes.NewReader(data))
		for {
			var n yaml.Node
			err := dec.Decode(&n)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return nil, &Error{File: name, Err: yamlError(err)}
			}
			if len(n.Content) == 0 || n.Content[0].ShortTag() == "!!null" {
				continue // an empty document, e.g. after a trailing ---
			}
			roots = append(roots, n.Content[0])
		}
	}
	if len(roots) == 0 {
		return nil, &Error{File: name, Err: &domain.FieldError{Msg: "no document found",
			Hint: "give a document with apiVersion: " + domain.APIVersion + " and a kind"}}
	}
	docs := make([]*Doc, 0, len(roots))
	for _, r := range roots {
		if r.Kind != yaml.MappingNode {
			return nil, &Error{File: name, Err: &domain.FieldError{Line: r.Line,
				Msg: "a document must be a mapping with apiVersion, kind, metadata and spec"}}
		}
		d := &Doc{File: name, root: r}
		d.APIVersion = scalar(r, "apiVersion")
		d.Kind = scalar(r, "kind")
		if d.Kind == "" {
			return nil, d.Wrap(&domain.FieldError{Path: "kind", Line: r.Line, Msg: "the document has no kind",
				Hint: "set kind: Site, Inventory or Scores"})
		}
		docs = append(docs, d)
	}
	return docs, nil
}

// yamlError rewords a YAML syntax error with its line.
func yamlError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if n, err := fmt.Sscanf(rest, "%d:", &line); n == 1 && err == nil {
			_, msg, _ = strings.Cut(rest, ": ")
		}
	}
	return &domain.FieldError{Line: line, Msg: "invalid YAML: " + msg}
}

func scalar(m *yaml.Node, key string) string {
	if v := lookup(m, key); v != nil && v.Kind == yaml.ScalarNode {
		return v.Value
	}
	return ""
}

func lookup(m *yaml.Node, key string) *yaml.Node {
	m = resolve(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// Decode fills v from the whole document, strictly.
func (d *Doc) Decode(v any) error {
	return d.Wrap(decode(d.root, v, ""))
}

// DecodeAt fills v from the node at path (spec.scores[2].spec), strictly;
// errors carry their full path from the document's root.
func (d *Doc) DecodeAt(path string, v any) error {
	n := d.node(path)
	if n == nil {
		return d.Wrap(&domain.FieldError{Path: path, Line: d.Line(path), Msg: "missing", Hint: "add " + path})
	}
	return d.Wrap(decode(n, v, path))
}

// Line returns the line of the node at path, or of its nearest ancestor
// present in the document.
func (d *Doc) Line(path string) int {
	n := d.root
	line := n.Line
	for _, step := range splitPath(path) {
		n = resolve(n)
		var next *yaml.Node
		switch {
		case step.key != "":
			next = lookup(n, step.key)
		case n != nil && n.Kind == yaml.SequenceNode && step.index < len(n.Content):
			next = n.Content[step.index]
		}
		if next == nil {
			break
		}
		n, line = next, next.Line
	}
	return line
}

func (d *Doc) node(path string) *yaml.Node {
	n := d.root
	for _, step := range splitPath(path) {
		n = resolve(n)
		switch {
		case step.key != "":
			n = lookup(n, step.key)
		case n != nil && n.Kind == yaml.SequenceNode && step.index < len(n.Content):
			n = n.Content[step.index]
		default:
			n = nil
		}
		if n == nil {
			return nil
		}
	}
	return n
}

// Wrap places err in this document: a FieldError without a line gets the
// line of its path.
func (d *Doc) Wrap(err error) error {
	if err == nil {
		return nil
	}
	var fe *domain.FieldError
	if errors.As(err, &fe) && fe.Line == 0 && fe.Path != "" {
		c := *fe
		c.Line = d.Line(fe.Path)
		err = &c
	}
	return &Error{File: d.File, Err: err}
}

type pathStep struct {
	key   string
	index int
}

// splitPath reads a.b[2].c into its steps.
func splitPath(path string) []pathStep {
	var out []pathStep
	for _, part := range strings.Split(path, ".") {
		if part == "" {
			continue
		}
		key, rest, _ := strings.Cut(part, "[")
		if key != "" {
			out = append(out, pathStep{key: key})
		}
		for rest != "" {
			var i int
			num, after, _ := strings.Cut(rest, "]")
			if _, err := fmt.Sscanf(num, "%d", &i); err != nil {
				break
			}
			out = append(out, pathStep{index: i})
			_, rest, _ = strings.Cut(after, "[")
		}
	}
	return out
}

// Error is a mistake in a named file.
type Error struct {
	File string
	Err  error
}

func (e *Error) Error() string {
	var fe *domain.FieldError
	if errors.As(e.Err, &fe) && fe.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, fe.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }
