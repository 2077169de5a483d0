package opnsensetest

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/nationtech/harmony-go/lib/infra/opnsense/modelxml"
)

// phpTrim is what PHP's trim() strips.
const phpTrim = " \t\n\r\x00\x0b"

// normalise is what a field's setValue makes of a value before it is
// validated and stored, as each class does on every release
// (opnsense/core@<release>:src/opnsense/mvc/app/models/OPNsense/Base/FieldTypes/):
// HostnameField, MacAddressField and IPPortField trim it; NetworkField
// (and Dnsmasq's RangeAddressField, which extends it) trims and
// lower-cases it; PortField lower-cases a service name it knows; and
// BaseField applies the model's <ChangeCase>.
func (st *state) normalise(n *modelxml.Node, v string) string {
	switch n.Type {
	case "HostnameField", "MacAddressField", "IPPortField":
		v = strings.Trim(v, phpTrim)
	case "NetworkField", `.\RangeAddressField`:
		v = strings.Trim(strings.ToLower(v), phpTrim)
	case "PortField":
		if l := strings.Trim(strings.ToLower(v), phpTrim); n.Field.Params["enablewellknown"] == "Y" && slices.Contains(st.wellKnownPorts(), l) {
			v = l
		}
	}
	switch strings.ToLower(n.Field.Params["changecase"]) {
	case "lower":
		v = strings.ToLower(v)
	case "upper":
		v = strings.ToUpper(v)
	}
	return v
}

// wellKnownPorts are the service names a PortField with
// <EnableWellKnown> takes: "any" and its list, less the list's first
// entry — PortField builds them as ['any'] + $list, and PHP's array union
// keeps "any" at key 0 over the list's own first name (cvsup until 26.1;
// afs3-fileserver from 26.7, where the list became sorted and keyed).
// opnsense/core@24.7..26.1 and @26.7:src/opnsense/mvc/app/models/OPNsense/Base/FieldTypes/PortField.php.
func (st *state) wellKnownPorts() []string {
	return append([]string{"any"}, st.wellKnownPortNames()[1:]...)
}

// wellKnownPortNames is the whole list, as the field's message names it.
func (st *state) wellKnownPortNames() []string {
	if st.since("26.7") {
		return wellKnown267
	}
	return wellKnown24
}

var wellKnown24 = []string{"cvsup", "domain", "ftp", "hbci", "http", "https", "aol", "auth", "imap", "imaps", "ipsec-msft",
	"isakmp", "l2f", "ldap", "ms-streaming", "afs3-fileserver", "microsoft-ds", "ms-wbt-server", "wins", "msnp", "nntp", "ntp",
	"netbios-dgm", "netbios-ns", "netbios-ssn", "openvpn", "pop3", "pop3s", "pptp", "radius", "radius-acct", "avt-profile-1",
	"sip", "smtp", "igmpv3lite", "urd", "snmp", "snmptrap", "ssh", "nat-stun-port", "submission", "teredo", "telnet", "tftp", "rfb"}

var wellKnown267 = []string{"afs3-fileserver", "aol", "auth", "avt-profile-1", "cvsup", "domain", "ftp", "hbci", "http", "https",
	"igmpv3lite", "imap", "imaps", "ipsec-msft", "ipsec-nat-t", "isakmp", "l2f", "ldap", "microsoft-ds", "ms-streaming",
	"ms-wbt-server", "msnp", "nat-stun-port", "netbios-dgm", "netbios-ns", "netbios-ssn", "nntp", "ntp", "openvpn", "pop3",
	"pop3s", "pptp", "radius", "radius-acct", "rfb", "sip", "smtp", "snmp", "snmptrap", "ssh", "submission", "telnet", "teredo",
	"tftp", "urd", "wins"}

// portMessage is PortField's check of one value: one of its options —
// a port 1–65535, with <EnableWellKnown> a service name, with
// <EnableAlias> the name of a port alias, with <EnableRanges> a range
// "low-high" of ports, low below high — or its default message.
// opnsense/core@<release>:src/opnsense/mvc/app/models/OPNsense/Base/FieldTypes/PortField.php
// (actionPostLoadingEvent, getValidators, defaultValidationMessage).
func (st *state) portMessage(f *modelxml.Field, v string) string {
	if p, err := strconv.Atoi(v); err == nil && strconv.Itoa(p) == v && p >= 1 && p <= 65535 {
		return ""
	}
	wellKnown := f.Params["enablewellknown"] == "Y"
	if wellKnown && slices.Contains(st.wellKnownPorts(), v) {
		return ""
	}
	if f.Params["enablealias"] == "Y" && st.portAlias(v) {
		return ""
	}
	if f.Params["enableranges"] == "Y" {
		if lo, hi, ok := strings.Cut(v, "-"); ok && !strings.Contains(hi, "-") {
			a, aok := st.phpPort(lo)
			b, bok := st.phpPort(hi)
			if aok && bok && a < b {
				return ""
			}
		}
	}
	msg := "Please specify a valid port number (1-65535)."
	if wellKnown {
		msg += " A service name is also possible (" + strings.Join(st.wellKnownPortNames(), ", ") + ")."
	}
	return msg
}

// phpPort is filter_var($s, FILTER_VALIDATE_INT) in 1–65535: an optional
// sign, no leading zero, surrounding whitespace allowed — until 26.7,
// which refuses whitespace in a range first.
func (st *state) phpPort(s string) (int, bool) {
	if st.since("26.7") && s != strings.TrimSpace(s) {
		return 0, false
	}
	s = strings.Trim(s, " \t\n\r\x0b")
	digits := strings.TrimPrefix(strings.TrimPrefix(s, "+"), "-")
	if digits == "" || (len(digits) > 1 && digits[0] == '0') {
		return 0, false
	}
	p, err := strconv.Atoi(s)
	if err != nil || p < 1 || p > 65535 {
		return 0, false
	}
	return p, true
}

// networkMessage is NetworkField's check of a value
// (opnsense/core@25.7:src/opnsense/mvc/app/models/OPNsense/Base/FieldTypes/NetworkField.php
// isValidInput; until 25.1 the same rules in
// opnsense/core@24.7:src/opnsense/mvc/app/models/OPNsense/Base/Validators/NetworkValidator.php,
// which splits every value on commas): "any" when wildcards are enabled
// (the default); else each entry an address of the field's
// <AddressFamily> (either when unset), with "/bits" — all digits, ≤ 32
// for IPv4 and ≤ 128 for IPv6 — when <NetMaskAllowed> is not N, always
// when <NetMaskRequired>, and with no host bits when <Strict>.
func (st *state) networkMessage(f *modelxml.Field, v string) string {
	const msg = "Please specify a valid network segment or IP address."
	if v == "any" && f.Params["wildcardenabled"] != "N" {
		return ""
	}
	entries := []string{v}
	if !st.since("25.7") {
		entries = strings.Split(v, ",")
	}
	for _, e := range entries {
		addr, bits, hasMask := strings.Cut(e, "/")
		if hasMask {
			if f.Params["netmaskallowed"] == "N" || strings.Contains(bits, "/") || bits == "" || strings.Trim(bits, "0123456789") != "" {
				return msg
			}
			n, err := strconv.Atoi(bits)
			// The mask's bound by the address's look: 24.7 and 25.1 take a
			// dot after the first character for IPv4, 25.7 on no colon.
			max := 128
			if st.since("25.7") && !strings.Contains(addr, ":") || !st.since("25.7") && strings.Index(addr, ".") > 0 {
				max = 32
			}
			if err != nil || n > max {
				return msg
			}
		} else if f.Params["netmaskrequired"] == "Y" {
			return msg
		}
		a, err := netip.ParseAddr(addr)
		if err != nil || a.Zone() != "" {
			return msg
		}
		switch strings.ToLower(f.Params["addressfamily"]) {
		case "ipv4":
			if !a.Is4() {
				return msg
			}
		case "ipv6":
			if !a.Is6() {
				return msg
			}
		}
		if hasMask && f.Params["strict"] == "Y" {
			n, _ := strconv.Atoi(bits)
			if p, err := a.Prefix(n); err != nil || p.Addr() != a {
				return msg
			}
		}
	}
	return ""
}
