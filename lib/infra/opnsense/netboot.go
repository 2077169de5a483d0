package opnsense

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/nationtech/harmony-go/lib/domain"
)

// netboot has the firewall's Dnsmasq (OPNsense 25.1.6 and later) answer
// the network's network-booting machines so that each chains to the
// iPXE script, whatever its firmware: two tags set by matching what the
// client sends (option 77, the user class, "iPXE"; option 93, the client
// architecture, 7 for x86-64 UEFI) and three dhcp-boot rows on the
// network's interface — the BIOS build, the UEFI build for the UEFI tag,
// the script for the iPXE tag — written in that order: dnsmasq tries the
// last matching row first, so iPXE (which also sends its architecture)
// gets the script and never loads itself again. Dnsmasq knows a tag by
// its item's uuid (the template writes set:<uuid>), so the tags are made
// under the step's deterministic uuids and the rows name them. Kea has
// no client classes here: the step fails saying so.
func (s *Session) netboot(ctx context.Context, step domain.Step, nb domain.NetBoot, dryRun bool) ([]domain.Change, string, error) {
	backend, err := s.dhcpBackend(ctx)
	if err != nil {
		return nil, "", err
	}
	if backend != "dnsmasq" {
		return nil, "", fmt.Errorf("network boot on OPNsense needs its Dnsmasq DHCP (25.1.6 and later): Kea has no client classes here to tell iPXE from the firmware's PXE, so it cannot chain machines to %s; "+
			"serve DHCP for network %s with Dnsmasq (Services > Dnsmasq DNS & DHCP), or give the network a dnsmasq device", nb.Script, nb.Network)
	}
	iface, err := s.interfaceOf(ctx, nb.Network, nb.Net)
	if err != nil {
		return nil, "", err
	}
	var all []domain.Change
	byMarker := func(role string) func(fields) bool {
		want := s.marker() + step.ID + " " + role
		return func(f fields) bool { return f[descField(dnsmasqTags.item)] == want || f["description"] == want }
	}
	tag := func(role, label string) (string, error) {
		id, ch, err := s.ensure(ctx, dnsmasqTags, step, role, "tag "+label, fields{}, byMarker(role), dryRun)
		all = append(all, ch...)
		return id, err
	}
	ipxe, err := tag("ipxe", "iPXE")
	if err != nil {
		return all, "", err
	}
	efi, err := tag("uefi", "UEFI x86-64")
	if err != nil {
		return all, "", err
	}
	ensure := func(cd codec, role, label string, want fields) error {
		_, ch, err := s.ensure(ctx, cd, step, role, label, want, byMarker(role), dryRun)
		all = append(all, ch...)
		return err
	}
	for _, o := range []struct {
		role, label, option, value, tag string
	}{
		{"ipxe-match", "match iPXE", "77", "iPXE", ipxe},
		{"uefi-match", "match UEFI", "93", "7", efi},
	} {
		if err := ensure(dnsmasqOptions, o.role, "option "+o.label, fields{"type": "match", "option": o.option, "value": o.value, "set_tag": o.tag}); err != nil {
			return all, "", err
		}
	}
	rows := []struct {
		role, label, tag, file string
	}{
		{"boot-bios", "boot BIOS", "", nb.BIOSFile},
		{"boot-uefi", "boot UEFI", efi, nb.UEFIFile},
		{"boot-ipxe", "boot iPXE", ipxe, nb.Script},
	}
	before, err := s.bootOrder(ctx)
	if err != nil {
		return all, "", err
	}
	var ids []string
	for _, b := range rows {
		id, ch, err := s.ensure(ctx, dnsmasqBoots, step, b.role, b.label, fields{"interface": iface, "tag": b.tag, "filename": b.file}, byMarker(b.role), dryRun)
		all = append(all, ch...)
		if err != nil {
			return all, "", err
		}
		ids = append(ids, id)
	}
	// The rows must stand in that order: one made again after a hand
	// deleted it stands last, where dnsmasq would try it first (the BIOS
	// build handed to iPXE, which loads itself for ever). Out of order,
	// they are made again, in order.
	pos := func(id string) int {
		if i := slices.Index(before, id); i >= 0 {
			return i
		}
		return len(before) + slices.Index(ids, id) // made this run, in this order
	}
	if pos(ids[0]) < pos(ids[1]) && pos(ids[1]) < pos(ids[2]) {
		return all, "", nil
	}
	all = append(all, domain.Change{Field: "boot rows", From: "out of order", To: "BIOS, UEFI, iPXE"})
	if dryRun {
		return all, "", nil
	}
	items, err := s.read(ctx, dnsmasqBoots)
	if err != nil {
		return all, "", err
	}
	for _, id := range ids {
		if err := s.del(ctx, dnsmasqBoots, items, id); err != nil {
			return all, "", err
		}
	}
	for _, b := range rows {
		if _, _, err := s.ensure(ctx, dnsmasqBoots, step, b.role, b.label, fields{"interface": iface, "tag": b.tag, "filename": b.file}, byMarker(b.role), false); err != nil {
			return all, "", err
		}
	}
	return all, "", nil
}

// bootOrder is the uuids of Dnsmasq's dhcp-boot rows in config order, as
// the model's get answers them (an object, in order).
func (s *Session) bootOrder(ctx context.Context) ([]string, error) {
	raw, err := s.moduleTree(ctx, dnsmasqBoots.item.Module)
	if err != nil {
		return nil, err
	}
	var tree map[string]json.RawMessage
	if err := json.Unmarshal(raw, &tree); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(tree[dnsmasqBoots.item.Path]))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, nil // [] when there are none
	}
	var out []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, err
		}
		out = append(out, key)
	}
	return out, nil
}
