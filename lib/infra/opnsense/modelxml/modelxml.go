// Package modelxml reads OPNsense model definitions (the XML files under
// models/) into an intermediate representation: the tree of containers,
// lists (ArrayFields) and fields, with each field's type, options,
// defaults and constraints. The code generator writes Go types from it;
// the simulator validates writes with it.
package modelxml

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Model is one model file.
type Model struct {
	Mount       string // where it lives in config.xml, e.g. //OPNsense/Kea/dhcp4
	Version     string
	Description string
	Items       *Node // the root container
}

// Node is a container, a list of items (an ArrayField) or a field.
type Node struct {
	Name     string
	Kind     Kind
	Type     string  // the field or list class, e.g. BooleanField, ArrayField, .\FilterRuleField
	Children []*Node // of containers and lists, in file order
	Field    *Field  // of fields
}

// Kind says what a Node is.
type Kind int

// The kinds of nodes.
const (
	Container Kind = iota
	List
	Leaf
)

// Field is what a model says about one field.
type Field struct {
	Required          bool
	Default           string
	HasDefault        bool
	Multiple          bool // several values, one comma-separated string on the wire
	AsList            bool // a list-valued field (NetworkField, HostnameField, …) read back as a map
	Volatile          bool // computed, not stored
	Mask              string
	Min, Max          *int64
	Options           []Option
	BlankDesc         string
	ValidationMessage string
	Relation          *Relation
	Constraints       []Constraint
	Params            map[string]string // other settings by lowercased name: netmaskrequired, addressfamily, ipallowed, …
}

// Option is one key of an option field, with its label and group.
type Option struct {
	Key, Label, Group string
}

// Relation is the target of a ModelRelationField.
type Relation struct {
	Source  string // e.g. OPNsense.Kea.KeaDhcpv4
	Items   string // e.g. subnets.subnet4
	Display string
}

// Constraint is a field constraint.
type Constraint struct {
	Name            string // check001
	Type            string // UniqueConstraint, SetIfConstraint, …
	Message         string
	AddFields       []string
	CaseInsensitive bool
	Field, Check    string // SetIfConstraint
	Reference       string
}

// element is a generic XML element.
type element struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Text     string     `xml:",chardata"`
	Children []element  `xml:",any"`
}

func (e *element) attr(name string) (string, bool) {
	for _, a := range e.Attrs {
		if a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

func (e *element) child(name string) *element {
	for i := range e.Children {
		if e.Children[i].XMLName.Local == name {
			return &e.Children[i]
		}
	}
	return nil
}

func (e *element) text() string { return strings.TrimSpace(e.Text) }

// Parse reads one model file.
func Parse(r io.Reader) (*Model, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	var root element
	dec := xml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil {
		return nil, fmt.Errorf("model XML: %w", err)
	}
	if root.XMLName.Local != "model" {
		return nil, fmt.Errorf("model XML: root element is <%s>, want <model>", root.XMLName.Local)
	}
	m := &Model{}
	if e := root.child("mount"); e != nil {
		m.Mount = e.text()
	}
	if e := root.child("version"); e != nil {
		m.Version = e.text()
	}
	if e := root.child("description"); e != nil {
		m.Description = e.text()
	}
	items := root.child("items")
	if items == nil {
		return nil, fmt.Errorf("model XML: no <items>")
	}
	m.Items, err = node(items, 0)
	if err != nil {
		return nil, err
	}
	m.Items.Name = ""
	return m, nil
}

// node converts an element of <items> into a Node.
func node(e *element, depth int) (*Node, error) {
	if depth > 32 {
		return nil, fmt.Errorf("model XML: <%s> is nested too deeply", e.XMLName.Local)
	}
	n := &Node{Name: e.XMLName.Local}
	typ, typed := e.attr("type")
	n.Type = typ
	hasTypedChild := slices.ContainsFunc(e.Children, func(c element) bool { _, ok := c.attr("type"); return ok })
	switch {
	case typed && hasTypedChild:
		n.Kind = List
	case typed:
		n.Kind = Leaf
		f, err := field(e)
		if err != nil {
			return nil, fmt.Errorf("model XML: field %s: %w", n.Name, err)
		}
		if v, ok := e.attr("volatile"); ok && strings.EqualFold(v, "true") {
			f.Volatile = true // computed by the box, never stored
		}
		n.Field = f
		return n, nil
	default:
		n.Kind = Container
	}
	for i := range e.Children {
		c, err := node(&e.Children[i], depth+1)
		if err != nil {
			return nil, err
		}
		n.Children = append(n.Children, c)
	}
	return n, nil
}

func yes(e *element) bool { return e != nil && strings.EqualFold(e.text(), "Y") }

// field reads a field's settings.
func field(e *element) (*Field, error) {
	f := &Field{Params: map[string]string{}}
	for i := range e.Children {
		c := &e.Children[i]
		// OPNsense calls a setter per element, and PHP method names ignore
		// case: 24.7's HAProxy model writes <default> and <mask>.
		switch strings.ToLower(c.XMLName.Local) {
		case "required":
			f.Required = yes(c)
		case "default":
			f.Default, f.HasDefault = c.text(), true
		case "multiple":
			f.Multiple = yes(c)
		case "aslist":
			f.AsList = yes(c)
		case "mask":
			f.Mask = c.text()
		case "blankdesc":
			f.BlankDesc = c.text()
		case "validationmessage":
			f.ValidationMessage = c.text()
		case "minimumvalue", "maximumvalue":
			v, err := strconv.ParseInt(c.text(), 10, 64)
			if err != nil {
				return nil, fmt.Errorf("%s %q is not an integer", c.XMLName.Local, c.text())
			}
			if strings.EqualFold(c.XMLName.Local, "MinimumValue") {
				f.Min = &v
			} else {
				f.Max = &v
			}
		case "optionvalues":
			f.Options = options(c)
		case "model":
			for j := range c.Children {
				r := &c.Children[j]
				rel := &Relation{}
				if s := r.child("source"); s != nil {
					rel.Source = s.text()
				}
				if s := r.child("items"); s != nil {
					rel.Items = s.text()
				}
				if s := r.child("display"); s != nil {
					rel.Display = s.text()
				}
				f.Relation = rel
				break // the first target is the one the field relates to
			}
		case "constraints":
			for j := range c.Children {
				f.Constraints = append(f.Constraints, constraint(&c.Children[j]))
			}
		default:
			if len(c.Children) == 0 {
				f.Params[strings.ToLower(c.XMLName.Local)] = c.text()
			}
		}
	}
	return f, nil
}

// options reads <OptionValues>: <key>Label</key>, <x value="key">Label</x>,
// and groups of those one level down.
func options(e *element) []Option {
	var out []Option
	for i := range e.Children {
		c := &e.Children[i]
		if len(c.Children) > 0 {
			for j := range c.Children {
				o := option(&c.Children[j])
				o.Group = c.XMLName.Local
				out = append(out, o)
			}
			continue
		}
		out = append(out, option(c))
	}
	return out
}

func option(e *element) Option {
	key := e.XMLName.Local
	if v, ok := e.attr("value"); ok {
		key = v
	}
	return Option{Key: key, Label: e.text()}
}

func constraint(e *element) Constraint {
	c := Constraint{Name: e.XMLName.Local}
	for i := range e.Children {
		x := &e.Children[i]
		switch x.XMLName.Local {
		case "type":
			c.Type = x.text()
		case "ValidationMessage":
			c.Message = x.text()
		case "caseInsensitive":
			c.CaseInsensitive = yes(x)
		case "reference":
			c.Reference = x.text()
		case "field":
			c.Field = x.text()
		case "check":
			c.Check = x.text()
		case "addFields":
			for j := range x.Children {
				c.AddFields = append(c.AddFields, x.Children[j].text())
			}
		}
	}
	return c
}

// Find returns the node at a dotted path below the model's items, such as
// "reservations.reservation".
func (m *Model) Find(path string) (*Node, bool) {
	n := m.Items
	for _, part := range strings.Split(path, ".") {
		i := slices.IndexFunc(n.Children, func(c *Node) bool { return c.Name == part })
		if i < 0 {
			return nil, false
		}
		n = n.Children[i]
	}
	return n, true
}

// Leaves returns the fields below n with their paths relative to n
// (option_data.routers), in file order.
func (n *Node) Leaves() []LeafPath {
	var out []LeafPath
	var walk func(n *Node, prefix string)
	walk = func(n *Node, prefix string) {
		for _, c := range n.Children {
			p := c.Name
			if prefix != "" {
				p = prefix + "." + c.Name
			}
			switch c.Kind {
			case Leaf:
				out = append(out, LeafPath{Path: p, Node: c})
			case Container:
				walk(c, p)
			}
		}
	}
	walk(n, "")
	return out
}

// LeafPath is a field and its path.
type LeafPath struct {
	Path string
	Node *Node
}
