package netlink_test

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"

	"github.com/nationtech/harmony-go/lib/infra/netlink"
	"github.com/nationtech/harmony-go/lib/infra/peertest"
	"github.com/vishvananda/netns"
)

// TestLinksInANamespace reads a throwaway namespace's links: two veths
// (one with an address, one down) must come back exactly.
func TestLinksInANamespace(t *testing.T) {
	peertest.Require(t, "root")
	name := fmt.Sprintf("hnl%d", os.Getpid())
	run := func(args ...string) {
		t.Helper()
		if out, err := exec.Command(args[0], args[1:]...).CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
	}
	run("ip", "netns", "add", name)
	defer exec.Command("ip", "netns", "del", name).Run()
	run("ip", "-n", name, "link", "add", "eno1", "type", "veth", "peer", "name", "eno2")
	run("ip", "-n", name, "link", "set", "eno1", "address", "52:54:00:aa:00:01", "up")
	run("ip", "-n", name, "link", "set", "eno2", "address", "52:54:00:aa:01:01")
	run("ip", "-n", name, "addr", "add", "10.10.0.21/24", "dev", "eno1")

	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	orig, err := netns.Get()
	if err != nil {
		t.Fatal(err)
	}
	defer netns.Set(orig)
	ns, err := netns.GetFromName(name)
	if err != nil {
		t.Fatal(err)
	}
	defer ns.Close()
	if err := netns.Set(ns); err != nil {
		t.Fatal(err)
	}
	links, err := netlink.Links()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range links {
		got = append(got, fmt.Sprintf("%s %s %s up=%v %v nic=%v", l.Name, l.Kind, l.MAC, l.Up, l.Addresses, l.NIC()))
	}
	want := []string{
		"eno1 veth 52:54:00:aa:00:01 up=true [10.10.0.21/24] nic=true",
		"eno2 veth 52:54:00:aa:01:01 up=false [] nic=true",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Links() =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
