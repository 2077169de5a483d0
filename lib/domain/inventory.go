package domain

import (
	"encoding/hex"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
)

// Inventory is the physical facts of a site: hosts, their NICs and how
// each is cabled, their BMCs. People declare it; discovery adds to it.
type Inventory struct {
	APIVersion string        `json:"apiVersion"`
	Kind       string        `json:"kind"`
	Metadata   Metadata      `json:"metadata"`
	Spec       InventorySpec `json:"spec"`
}

// InventorySpec is the body of an Inventory.
type InventorySpec struct {
	Hosts []Host `json:"hosts"`
}

// Host is one bare-metal machine.
type Host struct {
	Name     string    `json:"name"`
	Role     string    `json:"role,omitempty"`
	BMC      *BMC      `json:"bmc,omitempty"`
	NICs     []NIC     `json:"nics"`
	Hardware *Hardware `json:"hardware,omitempty"`
	Bonds    []Bond    `json:"bonds,omitempty"`
}

// BMC is a host's baseboard management controller.
type BMC struct {
	// Address is an IPMI BMC's host or host:port (port 623 when none is
	// given), or a Redfish service's https://host[:port].
	Address string `json:"address"`
	MAC     MAC    `json:"mac,omitzero"`     // the BMC's own MAC, when discovered
	Source  string `json:"source,omitempty"` // where the MAC comes from: declared, ipmi
	Power   string `json:"power,omitempty"`  // the power state seen at discovery: on or off
}

// NIC is a network interface of a host and where it is cabled.
type NIC struct {
	Name   string `json:"name"`
	MAC    MAC    `json:"mac"`
	Switch string `json:"switch,omitempty"` // a Site device that provides switch
	Port   string `json:"port,omitempty"`   // the switch port, e.g. 1/1/5
	// Addresses are the IP prefixes seen on the NIC at discovery.
	Addresses []string `json:"addresses,omitempty"`
}

// Bond is a link aggregate of a host's NICs, as discovered on the host
// (the bonds a plan wants are the HostBonds Score's).
type Bond struct {
	Name      string   `json:"name"`
	Mode      string   `json:"mode"`    // the kernel's name: 802.3ad, active-backup, balance-rr, …
	Members   []string `json:"members"` // names of the host's NICs
	MAC       MAC      `json:"mac,omitzero"`
	Addresses []string `json:"addresses,omitempty"`
	Source    string   `json:"source,omitempty"`
}

// Hardware is what a host is made of, declared or discovered.
type Hardware struct {
	Product   string `json:"product,omitempty"`
	Serial    string `json:"serial,omitempty"`
	CPUs      int    `json:"cpus,omitempty"`
	MemoryGiB int    `json:"memoryGiB,omitempty"`
	Disks     []Disk `json:"disks,omitempty"`
	Source    string `json:"source,omitempty"` // where the facts come from: declared, ipmi, netlink, …
}

// Disk is a block device of a host.
type Disk struct {
	Name    string `json:"name"`
	SizeGiB int    `json:"sizeGiB"`
}

// MAC is an Ethernet hardware address. It reads aa:bb:cc:dd:ee:ff,
// aa-bb-cc-dd-ee-ff, aabb.ccdd.eeff and aabbccddeeff, and always writes
// lowercase with colons.
type MAC [6]byte

// ParseMAC reads a MAC address in any of the forms MAC accepts.
func ParseMAC(s string) (MAC, error) {
	var m MAC
	if len(s) == 12 {
		if _, err := hex.Decode(m[:], []byte(s)); err == nil {
			return m, nil
		}
	}
	hw, err := net.ParseMAC(s)
	if err != nil || len(hw) != 6 {
		return MAC{}, fmt.Errorf("%q is not an Ethernet MAC address (want six bytes, e.g. 52:54:00:aa:00:01)", s)
	}
	copy(m[:], hw)
	return m, nil
}

// IsZero reports whether m was never set.
func (m MAC) IsZero() bool { return m == MAC{} }

func (m MAC) String() string { return net.HardwareAddr(m[:]).String() }

// HexHyp writes m as iPXE's ${mac:hexhyp} does: 52-54-00-aa-00-01.
func (m MAC) HexHyp() string { return strings.ReplaceAll(m.String(), ":", "-") }

// MarshalText writes m as 52:54:00:aa:00:01.
func (m MAC) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText reads any form ParseMAC accepts.
func (m *MAC) UnmarshalText(b []byte) error {
	v, err := ParseMAC(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// AddrPort returns the BMC's address with IPMI's default port when none
// is given.
// Protocol is how the BMC is driven: "redfish" for an https:// address,
// else "ipmi". It is the provider of the Site device that drives it.
func (b *BMC) Protocol() string {
	if strings.HasPrefix(b.Address, "https://") {
		return "redfish"
	}
	return "ipmi"
}

// Endpoint is the BMC as a step names it: address:port for IPMI,
// https://host:port for Redfish (port 443 when none is given).
func (b *BMC) Endpoint() (string, error) {
	if b.Protocol() == "ipmi" {
		ap, err := b.AddrPort()
		return ap.String(), err
	}
	return RedfishEndpoint(b.Address)
}

// RedfishEndpoint checks a Redfish service's address, https://host[:port]
// with nothing after it, and returns it with its port.
func RedfishEndpoint(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "https" || u.Hostname() == "" || u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("%q is not https://host[:port] (credentials go in the device's secretRef)", s)
	}
	port := u.Port()
	if port == "" {
		port = "443"
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return "", fmt.Errorf("%q: port %q is not 1-65535", s, port)
	}
	return "https://" + net.JoinHostPort(u.Hostname(), port), nil
}

func (b *BMC) AddrPort() (netip.AddrPort, error) {
	if ap, err := netip.ParseAddrPort(b.Address); err == nil {
		return ap, nil
	}
	a, err := netip.ParseAddr(b.Address)
	if err != nil {
		return netip.AddrPort{}, fmt.Errorf("%q is not an IP address or address:port", b.Address)
	}
	return netip.AddrPortFrom(a, 623), nil
}

// Validate checks the Inventory on its own: names, duplicate MACs, ports
// and BMC addresses. Whether its cabling names real switches is checked
// against a Site by NewFacts.
func (inv *Inventory) Validate() error {
	if err := checkEnvelope(inv.APIVersion, inv.Kind, KindInventory, inv.Metadata.Name); err != nil {
		return In(KindInventory, err)
	}
	return In(KindInventory, inv.Spec.validate())
}

func (s *InventorySpec) validate() error {
	hosts := map[string]bool{}
	macs := map[MAC]string{}
	ports := map[string]string{}
	bmcs := map[string]string{}
	for i, h := range s.Hosts {
		p := fmt.Sprintf("spec.hosts[%d]", i)
		if err := checkName(p+".name", "host name", h.Name); err != nil {
			return err
		}
		if hosts[h.Name] {
			return fieldErrorf(p+".name", "give each host its own name", "host %q is declared twice", h.Name)
		}
		hosts[h.Name] = true
		if h.Role != "" {
			if err := checkName(p+".role", "role", h.Role); err != nil {
				return err
			}
		}
		if h.BMC != nil {
			ap, err := h.BMC.Endpoint()
			if err != nil {
				return fieldErrorf(p+".bmc.address", "write an IPMI BMC as address or address:port, e.g. 10.10.1.21:623, a Redfish one as https://host[:port]",
					"host %q: BMC %v", h.Name, err)
			}
			if other, dup := bmcs[ap]; dup {
				return fieldErrorf(p+".bmc.address", "each BMC has its own address and port",
					"host %q has BMC %s, which host %q has too", h.Name, ap, other)
			}
			bmcs[ap] = h.Name
		}
		nics := map[string]bool{}
		for j, n := range h.NICs {
			np := fmt.Sprintf("%s.nics[%d]", p, j)
			if n.Name == "" {
				return fieldErrorf(np+".name", "name the interface as the host's OS does, e.g. eno1", "NIC %d of host %q has no name", j, h.Name)
			}
			if nics[n.Name] {
				return fieldErrorf(np+".name", "give each NIC of a host its own name", "host %q has NIC %q twice", h.Name, n.Name)
			}
			nics[n.Name] = true
			if n.MAC.IsZero() {
				return fieldErrorf(np+".mac", "give the NIC's MAC address, e.g. mac: \"52:54:00:aa:00:01\"", "NIC %s of host %q has no MAC", n.Name, h.Name)
			}
			here := h.Name + "/" + n.Name
			if other, dup := macs[n.MAC]; dup {
				return fieldErrorf(np+".mac", "a MAC belongs to one NIC; correct the typo or remove the copy",
					"MAC %s of %s is also the MAC of %s", n.MAC, here, other)
			}
			macs[n.MAC] = here
			if (n.Switch == "") != (n.Port == "") {
				return fieldErrorf(np, "give both switch and port for a cabled NIC, or neither",
					"NIC %s of host %q has only one of switch and port", n.Name, h.Name)
			}
			if n.Switch != "" {
				key := n.Switch + " " + n.Port
				if other, dup := ports[key]; dup {
					return fieldErrorf(np+".port", "a switch port holds one cable; correct the port",
						"%s is cabled to %s port %s, which %s is cabled to too", here, n.Switch, n.Port, other)
				}
				ports[key] = here
			}
		}
		for j, b := range h.Bonds {
			bp := fmt.Sprintf("%s.bonds[%d]", p, j)
			if b.Name == "" || nics[b.Name] {
				return fieldErrorf(bp+".name", "name the bond as the host's OS does, e.g. bond0, apart from its NICs",
					"bond %d of host %q has no name of its own", j, h.Name)
			}
			for k, m := range b.Members {
				if !nics[m] {
					return fieldErrorf(fmt.Sprintf("%s.members[%d]", bp, k), "a bond's members are NICs of the same host; declare the NIC or correct the name",
						"bond %s of host %q has member %q, which is not one of its NICs", b.Name, h.Name, m)
				}
			}
		}
	}
	return nil
}

// Host returns the host with that name.
func (s *InventorySpec) Host(name string) (*Host, bool) {
	for i := range s.Hosts {
		if s.Hosts[i].Name == name {
			return &s.Hosts[i], true
		}
	}
	return nil, false
}

// CabledNICs returns the host's NICs that are cabled to a switch.
func (h *Host) CabledNICs() []NIC {
	var out []NIC
	for _, n := range h.NICs {
		if n.Switch != "" {
			out = append(out, n)
		}
	}
	return out
}
