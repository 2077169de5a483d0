// Package dns provides the DNSRecords Score: A, AAAA and CNAME records in
// a zone, with their reverse (PTR) records when asked.
package dns

import (
	"fmt"
	"net/netip"
	"regexp"
	"strings"

	"github.com/nationtech/harmony-go/lib/domain"
)

// Kind is the Score's kind in a Scores document.
const Kind = "DNSRecords"

// Topology is what DNSRecords needs: a dns-server.
type Topology interface {
	domain.Topology
	domain.HasDNSServer
}

// DNSRecords is a set of records in one zone.
type DNSRecords struct {
	Name    string   `json:"-"`
	Zone    string   `json:"zone,omitempty"` // default: the Site's domain
	Records []Record `json:"records"`
}

// Record is one record; Name is relative to the zone, "@" for the zone.
type Record struct {
	Name  string `json:"name"`
	Type  string `json:"type"` // A, AAAA or CNAME
	Value string `json:"value"`
	PTR   bool   `json:"ptr,omitempty"` // also write the reverse record (A and AAAA)
}

var labelRE = regexp.MustCompile(`^(\*|[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$`)

// Steps expands the Score into one step per record.
func (s DNSRecords) Steps(t Topology) ([]domain.Step, error) {
	zone := s.Zone
	if zone == "" {
		zone = t.Site().Spec.Domain
	}
	if !labelRE.MatchString(zone) || strings.HasPrefix(zone, "*") {
		return nil, domain.Errorf("spec.zone", "give a DNS name such as lab.example.net", "zone %q is not a DNS name", zone)
	}
	b := domain.StepBuilder{Score: s.Name}
	seen := map[string]int{}
	for i, r := range s.Records {
		p := fmt.Sprintf("spec.records[%d]", i)
		fqdn := zone
		if r.Name != "@" {
			if !labelRE.MatchString(r.Name) {
				return nil, domain.Errorf(p+".name", "use lowercase labels separated by dots, relative to the zone; @ is the zone itself",
					"%q is not a DNS name", r.Name)
			}
			fqdn = r.Name + "." + zone
		}
		key := r.Type + " " + fqdn
		if j, dup := seen[key]; dup {
			return nil, domain.Errorf(p+".name", "keep one record per name and type", "%s record %s is also records[%d]", r.Type, fqdn, j)
		}
		seen[key] = i
		spec := domain.DNSRecord{Name: fqdn, Type: r.Type, Value: r.Value}
		switch r.Type {
		case "A", "AAAA":
			a, err := netip.ParseAddr(r.Value)
			if err != nil || (r.Type == "A") != a.Is4() {
				return nil, domain.Errorf(p+".value", "an A record holds an IPv4 address, an AAAA record an IPv6 one",
					"%q is not an address for an %s record", r.Value, r.Type)
			}
			typ := domain.TypeARecord
			if r.Type == "AAAA" {
				typ = domain.TypeAAAARecord
			}
			b.Ensure(domain.DNSServer, t.DNSServer(), typ, fqdn, spec)
			if r.PTR {
				rev := Reverse(a)
				b.Ensure(domain.DNSServer, t.DNSServer(), domain.TypePTRRecord, rev,
					domain.DNSRecord{Name: rev, Type: "PTR", Value: fqdn})
			}
		case "CNAME":
			if !labelRE.MatchString(r.Value) {
				return nil, domain.Errorf(p+".value", "a CNAME points at a fully qualified name", "%q is not a DNS name", r.Value)
			}
			if r.PTR {
				return nil, domain.Errorf(p+".ptr", "remove ptr: a CNAME has no address", "a CNAME record cannot have a PTR")
			}
			b.Ensure(domain.DNSServer, t.DNSServer(), domain.TypeCNAMERecord, fqdn, spec)
		default:
			return nil, domain.Errorf(p+".type", "use A, AAAA or CNAME", "unknown record type %q", r.Type)
		}
	}
	return b.Steps()
}

// Reverse returns the PTR name of an address: 21.0.10.10.in-addr.arpa, or
// the nibble form under ip6.arpa.
func Reverse(a netip.Addr) string {
	if a.Is4() {
		b := a.As4()
		return fmt.Sprintf("%d.%d.%d.%d.in-addr.arpa", b[3], b[2], b[1], b[0])
	}
	b := a.As16()
	var sb strings.Builder
	for i := len(b) - 1; i >= 0; i-- {
		fmt.Fprintf(&sb, "%x.%x.", b[i]&0xf, b[i]>>4)
	}
	sb.WriteString("ip6.arpa")
	return sb.String()
}
