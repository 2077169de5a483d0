package netlink

import (
	"flag"
	"net/netip"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/nationtech/harmony-go/lib/apply"
	"github.com/nationtech/harmony-go/lib/apply/conformance"
	"github.com/nationtech/harmony-go/lib/domain"
	vnl "github.com/vishvananda/netlink"
)

// inGuest is set by cmd's TestNetlinkConformanceInAGuest, which runs this
// package's test binary in a QEMU guest booted from Debian's kernel (this
// host's kernel may lack bonding and 802.1Q), with eno0 carrying the
// default route and eno1, eno2 and eno3 veths.
var inGuest = flag.Bool("in-guest", false, "run the kernel tests: only in the guest cmd's TestNetlinkConformanceInAGuest boots")

// kernelWrites counts what the kernel announces on its link and address
// groups: any write to a link or an address shows there.
type kernelWrites struct {
	mu sync.Mutex
	n  int
}

func watchKernel(t *testing.T) *kernelWrites {
	t.Helper()
	k := &kernelWrites{}
	lu, au := make(chan vnl.LinkUpdate, 1024), make(chan vnl.AddrUpdate, 1024)
	done := make(chan struct{})
	t.Cleanup(func() { close(done) })
	if err := vnl.LinkSubscribe(lu, done); err != nil {
		t.Fatal(err)
	}
	if err := vnl.AddrSubscribe(au, done); err != nil {
		t.Fatal(err)
	}
	go func() {
		for {
			select {
			case <-lu:
			case <-au:
			case <-done:
				return
			}
			k.mu.Lock()
			k.n++
			k.mu.Unlock()
		}
	}()
	return k
}

// count waits for the kernel's announcements to settle (a bond's
// carrier follows its members' within its miimon) and returns them.
func (k *kernelWrites) count() int { return k.quietFor(300 * time.Millisecond) }

// quietFor returns the announcements once none came for d.
func (k *kernelWrites) quietFor(d time.Duration) int {
	last := -1
	for {
		time.Sleep(d)
		k.mu.Lock()
		n := k.n
		k.mu.Unlock()
		if n == last {
			return n
		}
		last = n
	}
}

// TestConformance runs the apply contract's suite against the guest's
// kernel: two active-backup bonds over veths and a VLAN link on one.
func TestConformance(t *testing.T) {
	if !*inGuest {
		t.Skip("runs in a QEMU guest: cmd's TestNetlinkConformanceInAGuest boots one and runs it there")
	}
	if err := os.MkdirAll(os.TempDir(), 0o1777); err != nil { // the guest's root has no /tmp
		t.Fatal(err)
	}
	b := domain.StepBuilder{Score: "node-net"}
	bond0 := b.Ensure(domain.HostNetwork, "hosts", domain.TypeHostBond, "cp0.bond0",
		domain.HostBond{Host: "cp0", Name: "bond0", Mode: "active-backup", Members: []string{"eno1", "eno2"}, MIIMon: 100, MTU: 1500})
	b.Ensure(domain.HostNetwork, "hosts", domain.TypeHostVLAN, "cp0.bond0.10",
		domain.HostVLAN{Host: "cp0", Name: "bond0.10", Link: "bond0", ID: 10, Addresses: []netip.Prefix{netip.MustParsePrefix("10.10.0.21/24")}}, bond0)
	b.Ensure(domain.HostNetwork, "hosts", domain.TypeHostBond, "cp0.bond1",
		domain.HostBond{Host: "cp0", Name: "bond1", Mode: "active-backup", Members: []string{"eno3"}, MIIMon: 100})
	steps, err := b.Steps()
	if err != nil {
		t.Fatal(err)
	}
	dev := domain.Device{Name: "hosts", Provider: "linux", Provides: []domain.Capability{domain.HostNetwork}}
	k := watchKernel(t)
	// What the guest's setup still announces — an IPv6 address's duplicate
	// detection ends a second or more after its link came up, later still
	// on a loaded machine (it once landed in the refused case's count).
	k.quietFor(2 * time.Second)
	conformance.Run(t, conformance.Peer{
		Tool: func(*testing.T) *apply.Tool {
			return &apply.Tool{Name: "harmony-hostnet", Providers: domain.ProvidersOf("harmony-hostnet"),
				Driver: apply.OpenFunc((&Driver{Host: "cp0"}).Open)}
		},
		Plan:   conformance.PlanOf(t, "lab", []domain.Device{dev}, steps),
		Device: "hosts",
		Victim: "node-net/host-network/hosts/bond/cp0.bond1",
		Absent: []string{"node-net/host-network/hosts/bond/cp0.bond1", "node-net/host-network/hosts/vlan-link/cp0.bond0.10"},
		Writes: func(*testing.T) int { return k.count() },
		Names: func(s domain.Step) string {
			name, _ := linkName(s)
			return map[string]string{domain.TypeHostBond: "bond ", domain.TypeHostVLAN: "vlan "}[s.Resource.Type] + name
		},
		Present: func(t *testing.T, s domain.Step) bool {
			name, err := linkName(s)
			if err != nil {
				t.Fatal(err)
			}
			l, err := vnl.LinkByName(name)
			return err == nil && l.Attrs().Alias == Managed
		},
		Change: func(s domain.Step) (domain.Step, string, bool) {
			if s.Resource.Type != domain.TypeHostVLAN {
				return s, "", false
			}
			c, err := conformance.Edit(s, func(v *domain.HostVLAN) { v.MTU = 1400 })
			return c, "mtu", err == nil
		},
		HandMade: func(t *testing.T) func(*testing.T) bool {
			parent, err := vnl.LinkByName("eno0")
			if err != nil {
				t.Fatal(err)
			}
			v := &vnl.Vlan{LinkAttrs: vnl.LinkAttrs{Name: "eno0.20", ParentIndex: parent.Attrs().Index}, VlanId: 20}
			if err := vnl.LinkAdd(v); err != nil {
				t.Fatal(err)
			}
			return func(*testing.T) bool {
				l, err := vnl.LinkByName("eno0.20")
				return err == nil && l.Attrs().Alias == ""
			}
		},
	})
}
