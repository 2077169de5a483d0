package opnsense_test

import (
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/opnsense/opnsensetest"
	"github.com/nationtech/harmony-go/lib/infra/peertest"
)

func netbootStep(t *testing.T) domain.Step {
	return mustStep(t, domain.DHCPServer, domain.TypeNetBoot, "prod", domain.NetBoot{Network: "prod",
		Net:    domain.Network{Name: "prod", CIDR: netip.MustParsePrefix("10.120.0.0/24"), Gateway: netip.MustParseAddr("10.120.0.1"), VLAN: 120},
		Script: "http://10.120.0.5:8080/boot.ipxe", BIOSFile: "undionly.kpxe", UEFIFile: "ipxe.efi"})
}

// TestNetBoot: on the Dnsmasq backend a network's netboot is two tags set
// by matching options 77 (iPXE) and 93 (UEFI) and three dhcp-boot rows on
// the network's interface (found by its address and VLAN: opt2 here), the
// BIOS build, the UEFI build and the script, in that order; the second
// run writes nothing; a row deleted by hand is made again and the rows
// put back in order; absent removes them all, rows before tags (the
// tags are in use by them: opnsense/core@25.7 Dnsmasq deletes are safe).
func TestNetBoot(t *testing.T) {
	for _, rel := range []string{"25.1", "25.7", "26.1", "26.7"} {
		t.Run(rel, func(t *testing.T) {
			srv, d, dev := lab(t, opnsensetest.Options{Release: rel, DHCP: "dnsmasq", Interfaces: []opnsensetest.Interface{
				{Identifier: "lan", Address: netip.MustParsePrefix("10.10.0.1/24"), VLAN: 10},
				{Identifier: "opt2", Device: "vlan0.120", Address: netip.MustParsePrefix("10.120.0.1/24"), VLAN: 120}}})
			st := netbootStep(t)
			out, err := run(t, d, dev, []domain.Step{st}, false)
			if err != nil || out[0].Status != domain.Success {
				t.Fatalf("first run: %v %+v", err, out[0])
			}
			tags, opts, boots := srv.Items("dnsmasq/settings", "tag"), srv.Items("dnsmasq/settings", "option"), srv.Items("dnsmasq/settings", "boot")
			if len(tags) != 2 || len(opts) != 2 || len(boots) != 3 {
				t.Fatalf("%d tags, %d options, %d boot rows; want 2, 2, 3", len(tags), len(opts), len(boots))
			}
			var ipxe, uefi string
			for id, tg := range tags {
				switch {
				case strings.HasSuffix(tg["tag"], " ipxe"):
					ipxe = id
				case strings.HasSuffix(tg["tag"], " uefi"):
					uefi = id
				}
			}
			matches := map[string]string{}
			for _, o := range opts {
				matches[o["option"]+"="+o["value"]] = o["set_tag"]
				if o["type"] != "match" {
					t.Errorf("option %v is not a match", o)
				}
			}
			if matches["77=iPXE"] != ipxe || matches["93=7"] != uefi || ipxe == "" || uefi == "" {
				t.Errorf("the matches set %v, want 77=iPXE → %s and 93=7 → %s", matches, ipxe, uefi)
			}
			var order []string
			for _, b := range srv.Config("dnsmasq/settings")["dhcp_boot"].([]any) {
				row := b.(map[string]any)
				tag, _ := row["tag"].(string) // an empty value is left out
				order = append(order, row["filename"].(string)+" tag="+tag)
				if row["interface"] != "opt2" {
					t.Errorf("boot row %v is not on opt2", row)
				}
			}
			want := []string{"undionly.kpxe tag=", "ipxe.efi tag=" + uefi, "http://10.120.0.5:8080/boot.ipxe tag=" + ipxe}
			if strings.Join(order, "|") != strings.Join(want, "|") {
				t.Errorf("boot rows in config order %v, want %v", order, want)
			}
			if rel != "25.1" { // 25.1 has no template: its dnsmasq.conf is PHP's
				renderedAsOPNsense(t, srv, []string{
					"dhcp-match=set:" + strings.ReplaceAll(ipxe, "-", "") + ",77,iPXE",
					"dhcp-match=set:" + strings.ReplaceAll(uefi, "-", "") + ",93,7",
					"dhcp-boot=tag:vlan0.120,undionly.kpxe",
					"dhcp-boot=tag:vlan0.120,tag:" + strings.ReplaceAll(uefi, "-", "") + ",ipxe.efi",
					"dhcp-boot=tag:vlan0.120,tag:" + strings.ReplaceAll(ipxe, "-", "") + ",http://10.120.0.5:8080/boot.ipxe",
				})
			}
			srv.ResetLog()
			if out, _ := run(t, d, dev, []domain.Step{st}, false); out[0].Status != domain.Noop {
				t.Errorf("second run: %+v", out[0])
			}
			if w := opnsensetest.Count(srv.Log()).Writes; w != 0 {
				t.Errorf("second run wrote %d times", w)
			}
			// A hand deletes the BIOS row: made again it would stand last,
			// where dnsmasq tries it first; the rows are made again in order.
			for id, b := range srv.Items("dnsmasq/settings", "boot") {
				if b["filename"] == "undionly.kpxe" {
					srv.Delete("dnsmasq/settings", "boot", id)
				}
			}
			out, _ = run(t, d, dev, []domain.Step{st}, false)
			if out[0].Status != domain.Success || !slices.ContainsFunc(out[0].Changes, func(c domain.Change) bool { return c.From == "out of order" }) {
				t.Errorf("after the BIOS row was deleted by hand: %+v", out[0])
			}
			order = nil
			for _, b := range srv.Config("dnsmasq/settings")["dhcp_boot"].([]any) {
				row := b.(map[string]any)
				tag, _ := row["tag"].(string)
				order = append(order, row["filename"].(string)+" tag="+tag)
			}
			if strings.Join(order, "|") != strings.Join(want, "|") {
				t.Errorf("after the repair, boot rows in config order %v, want %v", order, want)
			}
			if out, _ := run(t, d, dev, []domain.Step{st}, false); out[0].Status != domain.Noop {
				t.Errorf("the run after the repair: %+v", out[0])
			}
			gone, err := domain.Remove([]domain.Step{st})
			if err != nil {
				t.Fatal(err)
			}
			if out, _ := run(t, d, dev, gone, false); out[0].Status != domain.Success {
				t.Errorf("absent: %+v", out[0])
			}
			if n := len(srv.Items("dnsmasq/settings", "tag")) + len(srv.Items("dnsmasq/settings", "option")) + len(srv.Items("dnsmasq/settings", "boot")); n != 0 {
				t.Errorf("after absent %d of the netboot's items are left", n)
			}
		})
	}
}

// TestNetBootOnKea: Kea has no client classes here, so the step fails
// saying what to do, and nothing is written.
func TestNetBootOnKea(t *testing.T) {
	srv, d, dev := lab(t, opnsensetest.Options{Interfaces: []opnsensetest.Interface{{Identifier: "opt2", Address: netip.MustParsePrefix("10.120.0.1/24"), VLAN: 120}}})
	out, _ := run(t, d, dev, []domain.Step{netbootStep(t)}, false)
	if out[0].Status != domain.Failure || !strings.Contains(out[0].Message, "needs its Dnsmasq DHCP") || !strings.Contains(out[0].Message, "Kea has no client classes") {
		t.Errorf("netboot on Kea: %+v", out[0])
	}
	if w := opnsensetest.Count(srv.Log()).Writes; w != 0 {
		t.Errorf("netboot on Kea wrote %d times", w)
	}
}

// renderedAsOPNsense renders the release's own dnsmasq template
// (opnsense/core@<release>:src/opnsense/service/templates/OPNsense/Dnsmasq/dnsmasq.conf)
// from the simulator's state, checks it holds lines, in that order, and
// has a real dnsmasq check the whole of it (--test).
func renderedAsOPNsense(t *testing.T, srv *opnsensetest.Server, lines []string) {
	t.Helper()
	peertest.Require(t, "python3", "/usr/lib/python3/dist-packages/jinja2", "dnsmasq")
	conf, err := srv.RenderDnsmasq(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	local, err := srv.LocalDnsmasq(t.Context(), dir, "lo")
	if err != nil {
		t.Fatal(err)
	}
	cf := filepath.Join(dir, "dnsmasq.conf")
	if err := os.WriteFile(cf, []byte(local), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("dnsmasq", "--test", "--conf-file="+cf).CombinedOutput(); err != nil {
		t.Errorf("dnsmasq --test refuses OPNsense %s's rendered configuration: %v\n%s\n%s", srv.Release(), err, out, local)
	}
	at := 0
	for _, l := range lines {
		i := strings.Index(conf[at:], "\n"+l+"\n")
		if i < 0 {
			t.Fatalf("OPNsense's template renders no %q (after byte %d):\n%s", l, at, conf)
		}
		at += i + len(l)
	}
}
