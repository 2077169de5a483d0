package opnsensetest

import (
	"fmt"
	"net/netip"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// The firewall alias fields, as OPNsense validates them:
//   - opnsense/core@25.7:src/opnsense/mvc/app/models/OPNsense/Firewall/FieldTypes/AliasNameField.php
//   - opnsense/core@25.7:src/opnsense/mvc/app/models/OPNsense/Firewall/FieldTypes/AliasContentField.php
//     (entries separated by "\n" only, validated per alias type)
//   - opnsense/core@25.7:src/opnsense/mvc/app/library/OPNsense/Firewall/Util.php (isPort, getservbyname)
// 24.7 to 26.7 agree on all of it.

// aliasNameRE: a letter, or a letter or single underscore then up to 30
// more: at most 31 characters.
var aliasNameRE = regexp.MustCompile(`^([a-zA-Z]|(([_a-zA-Z][a-zA-Z0-9]|[a-zA-Z][_a-zA-Z0-9])[_a-zA-Z0-9]{0,29}))$`)

// pfReserved are pf's keywords (AliasNameField's list, from pfctl's parse.y).
var pfReserved = strings.Fields(`all allow-opts altq anchor antispoof any bandwidth binat binat-anchor bitmask
block block-policy buckets cbq code codelq crop debug divert-reply divert-to drop drop-ovl dup-to fail-policy
fairq fastroute file fingerprints flags floating flush for fragment from global group hfsc hogs hostid icmp-type
icmp6-type if-bound in include inet inet6 interval keep label limit linkshare load log loginterface max max-mss
max-src-conn max-src-conn-rate max-src-nodes max-src-states min-ttl modulate nat nat-anchor no no-df no-route
no-sync on optimization os out overload pass port prio priority priq probability proto qlimit queue quick random
random-id rdr rdr-anchor realtime reassemble reply-to require-order return return-icmp return-icmp6 return-rst
round-robin route route-to rtable rule ruleset-optimization scrub set set-tos skip sloppy source-hash
source-track state state-defaults state-policy static-port sticky-address synproxy table tag tagged target
tbrsize timeout to tos ttl upperlimit urpf-failed user`)

// aliasNameMessages are AliasNameField's messages for a name (the second
// is printed by OPNsense with its "%s" unfilled, as here).
func aliasNameMessages(v string) []string {
	var out []string
	if !aliasNameRE.MatchString(v) {
		out = append(out, "The name must start with a letter or single underscore, be less than 32 characters and only consist of alphanumeric characters or underscores.")
	}
	if slices.Contains(pfReserved, v) {
		out = append(out, `The name cannot be the internally reserved keyword "%s".`)
	}
	if etcServices()[v] || etcProtocols()[v] {
		out = append(out, "Reserved protocol or service names may not be used")
	}
	return out
}

// aliasContentMessages are AliasContentField's messages for the content
// of an alias of the type (port, host and network; the other types'
// checks are not simulated). isAlias says whether an entry names another
// alias.
func aliasContentMessages(typ, content string, isAlias func(string) bool) []string {
	var out []string
	for _, e := range strings.Split(content, "\n") {
		switch typ {
		case "port":
			if !isAlias(e) && !isPort(e) {
				out = append(out, fmt.Sprintf(`Entry "%s" is not a valid port number.`, e))
			}
		case "host":
			if !isAlias(e) && !isHost(e) {
				out = append(out, fmt.Sprintf(`Entry "%s" is not a valid hostname, IP address or range.`, e))
			}
		case "network":
			if !isAlias(e) && !isNetwork(e) {
				out = append(out, fmt.Sprintf(`Entry "%s" is not a network.`, e))
			}
		}
	}
	return out
}

// isPort is Util::isPort with ranges: one or two (N:M) parts, each a
// number 1-65535 in digits or a service name of /etc/services.
func isPort(v string) bool {
	parts := strings.Split(v, ":")
	if len(parts) > 2 {
		return false
	}
	for _, p := range parts {
		n, err := strconv.Atoi(p)
		digits := p != "" && strings.Trim(p, "0123456789") == ""
		if (err != nil || !digits || n < 1 || n > 65535) && !etcServices()[p] {
			return false
		}
	}
	return true
}

var hostnameRE = regexp.MustCompile(`^(?i)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.?$`)

func isHost(v string) bool {
	if a, b, ok := strings.Cut(v, "-"); ok && isAddr(a) && isAddr(b) {
		return true
	}
	return isAddr(v) || hostnameRE.MatchString(v)
}

func isAddr(v string) bool { _, err := netip.ParseAddr(v); return err == nil }

func isNetwork(v string) bool {
	if a, b, ok := strings.Cut(v, "-"); ok {
		return isAddr(a) && isAddr(b)
	}
	v = strings.TrimPrefix(v, "!")
	_, err := netip.ParsePrefix(v)
	return err == nil || isAddr(v)
}

// etcServices and etcProtocols are the names of /etc/services (every field but
// the port/protocol one, as Util::getservbyname reads it) and
// /etc/protocols (getprotobyname): this machine's, as the firewall reads
// its own.
var etcServices = sync.OnceValue(func() map[string]bool {
	return namesOf("/etc/services", 1)
})

var etcProtocols = sync.OnceValue(func() map[string]bool {
	return namesOf("/etc/protocols", 1)
})

func namesOf(file string, skip int) map[string]bool {
	out := map[string]bool{}
	data, err := os.ReadFile(file)
	if err != nil {
		return out
	}
	for _, line := range strings.Split(string(data), "\n") {
		if len(line) <= 1 || line[0] == '#' {
			continue
		}
		for i, f := range strings.Fields(line) {
			if f[0] == '#' {
				break
			}
			if i != skip {
				out[f] = true
			}
		}
	}
	return out
}
