package domain

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// A plan is checked as strictly as the inputs it was made from: every
// step's spec decodes into its resource type, every number is in range
// and no string carries control characters or runs on without limit, so
// a hand-edited plan is refused (exit 2) before a device sees it.

// maxText bounds any string of a spec.
const maxText = 4096

// specOf returns a new value of the Go type of a resource type.
func specOf(c Capability, typ string) (any, bool) {
	switch c + "/" + Capability(typ) {
	case "dhcp-server/reservation":
		return &Reservation{}, true
	case "dhcp-server/netboot":
		return &NetBoot{}, true
	case "dns-server/a-record", "dns-server/aaaa-record", "dns-server/ptr-record", "dns-server/cname-record":
		return &DNSRecord{}, true
	case "load-balancer/frontend":
		return &Frontend{}, true
	case "firewall/rule":
		return &FirewallRule{}, true
	case "switch/vlan":
		return &VLAN{}, true
	case "switch/lag":
		return &LAG{}, true
	case "switch/port":
		return &SwitchPort{}, true
	case "tftp-server/service":
		return &TFTPService{}, true
	case "pxe-boot/profile":
		return &PXEProfile{}, true
	case "power-control/boot-device":
		return &BootDevice{}, true
	case "power-control/power":
		return &Power{}, true
	case "host-network/bond":
		return &HostBond{}, true
	case "host-network/vlan-link":
		return &HostVLAN{}, true
	case "k8s-cluster/object":
		return &K8sObject{}, true
	case "k8s-cluster/helm-chart":
		return &HelmChart{}, true
	}
	return nil, false
}

// CheckSpec decodes the step's spec into its resource type, strictly, and
// checks its numbers and strings; the error names the field.
func (s *Step) CheckSpec() error {
	v, ok := specOf(s.Capability, s.Resource.Type)
	if !ok {
		return nil // a type of no provider Harmony drives: its tool checks it
	}
	if err := s.DecodeSpec(v); err != nil {
		return err
	}
	if err := checkStrings(reflect.ValueOf(v).Elem(), ""); err != nil {
		return err
	}
	return checkRanges(v)
}

// quote shows a value in a message: cut, and escaped.
func quote(s string) string {
	if len(s) > 64 {
		s = s[:64] + "…"
	}
	return strconv.Quote(s)
}

// checkStrings walks a spec's strings (not its raw JSON: manifests and
// chart values are Kubernetes' to check).
func checkStrings(v reflect.Value, path string) error {
	switch v.Kind() {
	case reflect.String:
		s := v.String()
		if len(s) > maxText {
			return fmt.Errorf("%s is %d bytes long, more than the %d a spec's text may be", path, len(s), maxText)
		}
		if i := strings.IndexFunc(s, unicode.IsControl); i >= 0 {
			return fmt.Errorf("%s %s holds a control character (%q at byte %d)", path, quote(s), s[i], i)
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[json.RawMessage]() {
			return nil
		}
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if err := checkStrings(v.Field(i), strings.TrimPrefix(path+"."+name, ".")); err != nil {
				return err
			}
		}
	case reflect.Slice:
		if v.Type() == reflect.TypeFor[json.RawMessage]() {
			return nil
		}
		for i := range v.Len() {
			if err := checkStrings(v.Index(i), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	}
	return nil
}

func inRange(field string, n, lo, hi int) error {
	if n < lo || n > hi {
		return fmt.Errorf("%s %d is out of range (%d to %d)", field, n, lo, hi)
	}
	return nil
}

func oneOf(field, v string, allowed ...string) error {
	if !slices.Contains(allowed, v) {
		return fmt.Errorf("%s %s is not one of %s", field, quote(v), strings.Join(allowed, ", "))
	}
	return nil
}

func vlans(field string, untagged int, tagged []int) error {
	if untagged != 0 {
		if err := inRange(field+" untaggedVlan", untagged, 1, 4094); err != nil {
			return err
		}
	}
	for i, id := range tagged {
		if err := inRange(fmt.Sprintf("%s taggedVlans[%d]", field, i), id, 1, 4094); err != nil {
			return err
		}
	}
	return nil
}

func mtu(n int) error {
	if n == 0 {
		return nil
	}
	return inRange("mtu", n, 68, 65535)
}

// checkRanges checks a decoded spec's numbers and enumerations.
func checkRanges(v any) error {
	switch s := v.(type) {
	case *Reservation:
		if !s.IP.IsValid() || s.MAC.IsZero() {
			return fmt.Errorf("a reservation needs a MAC and an IP address")
		}
		if s.Subnet.IsValid() && !s.Subnet.Contains(s.IP) {
			return fmt.Errorf("ip %s is outside subnet %s", s.IP, s.Subnet)
		}
	case *DNSRecord:
		if s.Name == "" || s.Value == "" {
			return fmt.Errorf("a DNS record needs a name and a value")
		}
		return oneOf("type", s.Type, "A", "AAAA", "CNAME", "PTR")
	case *Frontend:
		if err := inRange("port", s.Port, 1, 65535); err != nil {
			return err
		}
		for i, b := range s.Backends {
			if err := inRange(fmt.Sprintf("backends[%d].port", i), b.Port, 1, 65535); err != nil {
				return err
			}
		}
		if s.HealthCheck.IntervalSeconds != 0 {
			return inRange("healthCheck.intervalSeconds", s.HealthCheck.IntervalSeconds, 1, 3600)
		}
	case *FirewallRule:
		if err := oneOf("action", s.Action, "pass", "block"); err != nil {
			return err
		}
		if err := oneOf("protocol", s.Protocol, "tcp", "udp", "any"); err != nil {
			return err
		}
		for i, p := range s.Ports {
			if err := inRange(fmt.Sprintf("ports[%d]", i), p, 1, 65535); err != nil {
				return err
			}
		}
		if s.Network.VLAN != 0 {
			return inRange("network.vlan", s.Network.VLAN, 1, 4094)
		}
	case *VLAN:
		return inRange("id", s.ID, 1, 4094)
	case *LAG:
		if len(s.Ports) == 0 {
			return fmt.Errorf("a LAG needs ports")
		}
		return vlans("lag", s.UntaggedVLAN, s.TaggedVLANs)
	case *SwitchPort:
		return vlans("port", s.UntaggedVLAN, s.TaggedVLANs)
	case *BootDevice:
		return oneOf("device", s.Device, "pxe", "disk")
	case *Power:
		return oneOf("state", s.State, "on", "off")
	case *HostBond:
		if err := mtu(s.MTU); err != nil {
			return err
		}
		if s.MIIMon != 0 {
			return inRange("miimon", s.MIIMon, 1, 60000)
		}
	case *HostVLAN:
		if err := inRange("id", s.ID, 1, 4094); err != nil {
			return err
		}
		return mtu(s.MTU)
	}
	return nil
}
