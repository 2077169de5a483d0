// Package catalog names the Scores by the kind a Scores document gives
// them, so harmony-plan can decode and plan them. A Go program that uses
// Scores directly does not need it.
package catalog

import (
	"fmt"
	"reflect"
	"slices"
	"sort"

	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/modules/baremetalcluster"
	"github.com/nationtech/harmony-go/modules/dhcp"
	"github.com/nationtech/harmony-go/modules/dns"
	"github.com/nationtech/harmony-go/modules/firewall"
	"github.com/nationtech/harmony-go/modules/helmchart"
	"github.com/nationtech/harmony-go/modules/hostbonds"
	"github.com/nationtech/harmony-go/modules/hostnetwork"
	"github.com/nationtech/harmony-go/modules/k8sapp"
	"github.com/nationtech/harmony-go/modules/k8smanifests"
	"github.com/nationtech/harmony-go/modules/loadbalancer"
	"github.com/nationtech/harmony-go/modules/netboot"
	"github.com/nationtech/harmony-go/modules/postgresql"
	"github.com/nationtech/harmony-go/modules/power"
	"github.com/nationtech/harmony-go/modules/pxe"
	"github.com/nationtech/harmony-go/modules/tftp"
)

// Entry is one kind of Score.
type Entry struct {
	Kind string
	// Requires is read from the Score's Topology interface, the one place
	// its needs are declared.
	Requires []domain.Capability
	// Type is the Score's Go type; a document's spec decodes into it.
	Type  reflect.Type
	steps func(score any, t domain.SiteTopology) ([]domain.Step, error)
}

// New returns a pointer to a zero Score of the entry's kind, named name,
// for a decoder to fill from a spec.
func (e Entry) New(name string) any {
	v := reflect.New(e.Type)
	v.Elem().FieldByName("Name").SetString(name)
	return v.Interface()
}

// Steps plans score (a pointer from New) against the site's topology.
// Check the entry's Requires against the site first.
func (e Entry) Steps(score any, t domain.SiteTopology) ([]domain.Step, error) {
	return e.steps(score, t)
}

// planner is a Score planning against topology T.
type planner[T any] interface {
	Steps(T) ([]domain.Step, error)
}

func entry[T domain.Topology, S planner[T]](kind string) Entry {
	return Entry{
		Kind:     kind,
		Requires: domain.RequiredCapabilities(reflect.TypeFor[T]()),
		Type:     reflect.TypeFor[S](),
		steps: func(score any, st domain.SiteTopology) ([]domain.Step, error) {
			t, ok := any(st).(T)
			if !ok {
				return nil, fmt.Errorf("%s: the site topology does not offer what the Score needs", kind)
			}
			return (*score.(*S)).Steps(t)
		},
	}
}

var entries = []Entry{
	entry[baremetalcluster.Topology, baremetalcluster.BareMetalCluster](baremetalcluster.Kind),
	entry[dhcp.Topology, dhcp.DHCPReservations](dhcp.Kind),
	entry[dns.Topology, dns.DNSRecords](dns.Kind),
	entry[firewall.Topology, firewall.FirewallRules](firewall.Kind),
	entry[hostbonds.Topology, hostbonds.HostBonds](hostbonds.Kind),
	entry[hostnetwork.Topology, hostnetwork.HostNetwork](hostnetwork.Kind),
	entry[loadbalancer.Topology, loadbalancer.LoadBalancer](loadbalancer.Kind),
	entry[postgresql.Topology, postgresql.PostgreSQLCluster](postgresql.Kind),
	entry[power.Topology, power.PowerState](power.Kind),
	entry[pxe.Topology, pxe.PXEBoot](pxe.Kind),
	entry[tftp.Topology, tftp.TFTPService](tftp.Kind),
	entry[netboot.Topology, netboot.NetBoot](netboot.Kind),
	entry[k8sapp.Topology, k8sapp.K8sApp](k8sapp.Kind),
	entry[helmchart.Topology, helmchart.HelmChart](helmchart.Kind),
	entry[k8smanifests.Topology, k8smanifests.K8sManifests](k8smanifests.Kind),
}

func init() {
	sort.Slice(entries, func(i, j int) bool { return entries[i].Kind < entries[j].Kind })
}

// Lookup returns the entry of a kind.
func Lookup(kind string) (Entry, bool) {
	i := slices.IndexFunc(entries, func(e Entry) bool { return e.Kind == kind })
	if i < 0 {
		return Entry{}, false
	}
	return entries[i], true
}

// Entries returns every kind, sorted.
func Entries() []Entry { return slices.Clone(entries) }

// Kinds returns the names of every kind, sorted.
func Kinds() []string {
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = e.Kind
	}
	return out
}
