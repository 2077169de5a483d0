// Package api holds the Go types of the OPNsense items Harmony manages,
// generated from OPNsense's model XML (zz_generated.go, `make generate`),
// with what a client needs to address them: the endpoint, the wrapper key,
// and per field its type, constraints and the releases that have it.
package api

// Release is a set of OPNsense releases whose models define a field.
type Release uint8

// The releases whose models are in models/.
const (
	R24_7 Release = 1 << iota
	R25_1
	R25_7
	R26_1
	R26_7
)

// Releases lists every release, oldest first, with its name.
var Releases = []struct {
	R    Release
	Name string
}{{R24_7, "24.7"}, {R25_1, "25.1"}, {R25_7, "25.7"}, {R26_1, "26.1"}, {R26_7, "26.7"}}

// Has reports whether r includes every release of o.
func (r Release) Has(o Release) bool { return r&o == o }

// Item says where a kind of item lives in the API.
type Item struct {
	Module     string // e.g. kea/dhcpv4: /api/<Module>/…
	Name       string // e.g. reservation: search_<Name>, get_<Name>, set_<Name>/<uuid>, …
	Wrapper    string // the JSON key the item travels in, e.g. {"reservation": {…}}
	Model      string // the model file, e.g. Kea/KeaDhcpv4.xml
	Path       string // the list in the model, e.g. reservations.reservation ("" for settings at the root)
	SearchName string // the search action when not search_<Name> (HAProxy's plurals)
	Settings   bool   // a settings object (get/set), not a list of items
	Releases   Release
	Fields     []Field
}

// Search is the search action of the item.
func (i Item) Search() string {
	if i.SearchName != "" {
		return i.SearchName
	}
	return "search_" + i.Name
}

// Field is one field of an item as the models define it.
type Field struct {
	Path     string // relative to the item: hostname, option_data.routers
	Type     string // the model's field class: BooleanField, ModelRelationField, .\KeaPoolsField, …
	Required bool
	Default  string
	Volatile bool // computed by the box: never written, ignored when diffing
	Releases Release
}
