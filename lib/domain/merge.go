package domain

import (
	"fmt"
	"slices"
	"strings"
)

// Finding is one thing a merge of discovered facts noticed: a fact the
// declared inventory disagrees with (kept as declared), or a discovered
// host or NIC it does not have.
type Finding struct {
	Host string
	// Disagreement is true when a declared fact differs from what was
	// discovered; otherwise the finding is something discovered that is
	// not declared.
	Disagreement bool
	Msg          string
}

func (f Finding) String() string {
	if strings.HasPrefix(f.Msg, "was ") {
		return "host " + f.Host + " " + f.Msg
	}
	return "host " + f.Host + ": " + f.Msg
}

// Merge adds what a discovered inventory found to the declared one: BMC
// MACs, hardware product and serial, NIC addresses and switch ports, bond
// state and power. A declared fact is never overwritten: where discovery
// says otherwise, the declared one is kept and a Finding says so. from
// names the discovered document, for messages.
func (inv *Inventory) Merge(found *Inventory, from string) []Finding {
	var out []Finding
	disagree := func(host, what, declared, discovered, source string) {
		out = append(out, Finding{Host: host, Disagreement: true,
			Msg: fmt.Sprintf("%s is declared %s but %s says %s", what, declared, source, discovered)})
	}
	for _, dh := range found.Spec.Hosts {
		h, ok := inv.Spec.Host(dh.Name)
		if !ok {
			out = append(out, Finding{Host: dh.Name, Msg: fmt.Sprintf("was discovered (%s) but is not declared; add it to the inventory to use it", from)})
			continue
		}
		if dh.BMC != nil && h.BMC != nil && !dh.BMC.MAC.IsZero() {
			if !h.BMC.MAC.IsZero() && h.BMC.MAC != dh.BMC.MAC {
				disagree(h.Name, "the BMC's MAC", h.BMC.MAC.String(), dh.BMC.MAC.String(), dh.BMC.Source)
			} else if h.BMC.MAC.IsZero() {
				h.BMC.MAC, h.BMC.Source = dh.BMC.MAC, dh.BMC.Source
			}
		}
		if hw := dh.Hardware; hw != nil && (hw.Product != "" || hw.Serial != "") {
			if h.Hardware == nil {
				h.Hardware = &Hardware{}
			} else if h.Hardware.Source == "" {
				h.Hardware.Source = "declared"
			}
			for _, fact := range []struct {
				name     string
				dst      *string
				observed string
			}{{"product", &h.Hardware.Product, hw.Product}, {"serial", &h.Hardware.Serial, hw.Serial}} {
				switch {
				case fact.observed == "":
				case *fact.dst == "":
					*fact.dst = fact.observed
				case *fact.dst != fact.observed:
					disagree(h.Name, "the "+fact.name, *fact.dst, fact.observed, hw.Source)
				}
			}
			h.Hardware.Source = AddSource(h.Hardware.Source, hw.Source)
		}
		for _, dn := range dh.NICs {
			i := slices.IndexFunc(h.NICs, func(n NIC) bool { return n.Name == dn.Name })
			switch {
			case i < 0:
				out = append(out, Finding{Host: h.Name, Msg: fmt.Sprintf("NIC %s (%s) was discovered but is not declared", dn.Name, dn.MAC)})
			case !dn.MAC.IsZero() && h.NICs[i].MAC != dn.MAC: // a NIC found without its MAC (a LAG member on the switch) is only cabling
				disagree(h.Name, "NIC "+dn.Name+"'s MAC", h.NICs[i].MAC.String(), dn.MAC.String(), "discovery")
			default:
				if dn.Addresses != nil {
					h.NICs[i].Addresses = dn.Addresses
				}
				n := &h.NICs[i]
				switch {
				case dn.Switch == "":
				case n.Switch == "":
					n.Switch, n.Port = dn.Switch, dn.Port
				case n.Switch != dn.Switch || n.Port != dn.Port:
					disagree(h.Name, "NIC "+dn.Name+"'s switch port", n.Switch+" "+n.Port, dn.Switch+" "+dn.Port, "LLDP on "+dn.Switch)
				}
			}
		}
		if dh.BMC != nil && h.BMC != nil && dh.BMC.Power != "" {
			h.BMC.Power = dh.BMC.Power
		}
		for _, db := range dh.Bonds {
			i := slices.IndexFunc(h.Bonds, func(b Bond) bool { return b.Name == db.Name })
			if i < 0 {
				h.Bonds = append(h.Bonds, db)
				continue
			}
			b := &h.Bonds[i]
			if b.Mode != db.Mode {
				disagree(h.Name, "bond "+b.Name+"'s mode", b.Mode, db.Mode, db.Source)
			}
			if !slices.Equal(slices.Sorted(slices.Values(b.Members)), slices.Sorted(slices.Values(db.Members))) {
				disagree(h.Name, "bond "+b.Name+"'s members", strings.Join(b.Members, ","), strings.Join(db.Members, ","), db.Source)
			}
			if b.MAC.IsZero() {
				b.MAC = db.MAC
			}
			b.Addresses = db.Addresses
			if b.Source == "" {
				b.Source = "declared"
			}
			b.Source = AddSource(b.Source, db.Source)
		}
	}
	return out
}

// AddSource notes one more source of a set of facts: "declared+ipmi".
// Facts without a source were declared; a source is noted once, so merging
// again changes nothing.
func AddSource(sources, more string) string {
	if more == "" {
		return sources
	}
	if sources == "" {
		return more
	}
	if slices.Contains(strings.Split(sources, "+"), more) {
		return sources
	}
	return sources + "+" + more
}
