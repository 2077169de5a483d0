package opnsense

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/opnsense/api"
	"github.com/nationtech/harmony-go/lib/infra/opnsense/wire"
)

// dhcpBackend finds which DHCP server the firewall runs: Kea or Dnsmasq.
func (s *Session) dhcpBackend(ctx context.Context) (string, error) {
	if s.dhcp != "" {
		return s.dhcp, nil
	}
	var kea struct {
		DHCPv4 struct {
			General struct {
				Enabled string `json:"enabled"`
			} `json:"general"`
		} `json:"dhcpv4"`
	}
	var dnsmasq struct {
		Dnsmasq struct {
			Enable string `json:"enable"`
		} `json:"dnsmasq"`
	}
	raw, keaErr := s.moduleTree(ctx, "kea/dhcpv4") // read once: the served check reads it too
	if keaErr == nil {
		keaErr = json.Unmarshal(raw, &kea.DHCPv4)
	}
	keaOn := keaErr == nil && kea.DHCPv4.General.Enabled == "1"
	var dnsErr error
	dnsOn := false
	if !keaOn { // Kea is the common case; look at Dnsmasq only without it
		if raw, err := s.moduleTree(ctx, "dnsmasq/settings"); err == nil {
			_ = json.Unmarshal(raw, &dnsmasq.Dnsmasq)
			dnsOn = dnsmasq.Dnsmasq.Enable == "1"
		} else {
			dnsErr = err
		}
	}
	switch {
	case keaOn && dnsOn:
		return "", fmt.Errorf("both Kea and Dnsmasq serve DHCP; disable one in Services")
	case keaOn:
		s.dhcp = "kea"
	case dnsOn:
		s.dhcp = "dnsmasq"
	case keaErr != nil && dnsErr != nil:
		return "", fmt.Errorf("cannot read the DHCP settings: %v", keaErr)
	default:
		return "", fmt.Errorf("neither Kea nor Dnsmasq is enabled: enable Kea DHCPv4 (Services > Kea DHCP) and run again")
	}
	return s.dhcp, nil
}

func (s *Session) reservation(ctx context.Context, step domain.Step, r domain.Reservation, dryRun bool) ([]domain.Change, string, error) {
	backend, err := s.dhcpBackend(ctx)
	if err != nil {
		return nil, "", err
	}
	if err := s.dhcpServes(ctx, backend, r); err != nil {
		return nil, "", err
	}
	mac := r.MAC.String()
	if backend == "dnsmasq" {
		want := fields{"host": r.Hostname, "ip": r.IP.String(), "hwaddr": mac}
		_, ch, err := s.ensure(ctx, dnsmasqHosts, step, "", "host "+r.Hostname, want, func(f fields) bool {
			return strings.Contains(strings.ToLower(f["hwaddr"]), mac)
		}, dryRun)
		return ch, "Dnsmasq host", err
	}
	// Kea: the reservation lives in the subnet of its network.
	subnets, err := s.read(ctx, keaSubnets)
	if err != nil {
		return nil, "", err
	}
	var changes []domain.Change
	subnetID := ""
	for _, id := range sortedKeys(subnets) {
		if subnets[id]["subnet"] == r.Subnet.String() {
			subnetID = id
			break
		}
	}
	if subnetID == "" {
		id, ch, err := s.ensure(ctx, keaSubnets, step, "subnet", "subnet "+r.Subnet.String(),
			fields{"subnet": r.Subnet.String()}, func(f fields) bool { return f["subnet"] == r.Subnet.String() }, dryRun)
		if err != nil {
			return ch, "", err
		}
		subnetID, changes = id, ch
	}
	want := fields{"subnet": subnetID, "ip_address": r.IP.String(), "hw_address": mac, "hostname": r.Hostname}
	_, ch, err := s.ensure(ctx, keaReservations, step, "", "reservation "+r.Hostname, want, func(f fields) bool {
		return strings.EqualFold(f["hw_address"], mac) && f["subnet"] == subnetID
	}, dryRun)
	return append(changes, ch...), "", err
}

// splitFQDN splits a name into the host label and its domain.
func splitFQDN(fqdn string) (host, dom string) {
	host, dom, _ = strings.Cut(fqdn, ".")
	return host, dom
}

func (s *Session) hostOverride(ctx context.Context, step domain.Step, r domain.DNSRecord, dryRun bool) ([]domain.Change, string, error) {
	if err := s.dnsServes(ctx); err != nil {
		return nil, "", err
	}
	host, dom := splitFQDN(r.Name)
	want := fields{"enabled": "1", "hostname": host, "domain": dom, "rr": r.Type, "server": r.Value}
	_, ch, err := s.ensure(ctx, unboundHosts, step, "", "host override "+r.Name, want, func(f fields) bool {
		return f["hostname"] == host && f["domain"] == dom && f["rr"] == r.Type
	}, dryRun)
	if err == nil {
		s.hosts[r.Name] = true // its PTR is served (in a dry run: once it is made)
	}
	return ch, "", err
}

// ptr checks that the reverse record is served: Unbound answers PTR
// queries from the host override of the name.
func (s *Session) ptr(ctx context.Context, r domain.DNSRecord) ([]domain.Change, string, error) {
	if s.hosts[r.Value] {
		return nil, "served by the host override of " + r.Value, nil
	}
	hosts, err := s.read(ctx, unboundHosts)
	if err != nil {
		return nil, "", err
	}
	host, dom := splitFQDN(r.Value)
	// addptr came with 26.1; before it every host override answers its PTR.
	hasAddPTR := s.has(&api.UnboundHostOverrideItem, "addptr")
	for _, f := range hosts {
		if f["hostname"] == host && f["domain"] == dom && f["enabled"] == "1" && (!hasAddPTR || f["addptr"] != "0") {
			return nil, "served by the host override of " + r.Value, nil
		}
	}
	return nil, "", fmt.Errorf("no enabled host override for %s answers this PTR: plan an A record for it", r.Value)
}

func (s *Session) cname(ctx context.Context, step domain.Step, r domain.DNSRecord, dryRun bool) ([]domain.Change, string, error) {
	hosts, err := s.read(ctx, unboundHosts)
	if err != nil {
		return nil, "", err
	}
	th, td := splitFQDN(r.Value)
	target := ""
	for _, id := range sortedKeys(hosts) {
		if hosts[id]["hostname"] == th && hosts[id]["domain"] == td {
			target = id
		}
	}
	if target == "" {
		return nil, "", fmt.Errorf("a CNAME on Unbound is an alias of a host override, and there is none for %s", r.Value)
	}
	host, dom := splitFQDN(r.Name)
	want := fields{"enabled": "1", "host": target, "hostname": host, "domain": dom}
	_, ch, err := s.ensure(ctx, unboundAliases, step, "", "alias "+r.Name, want, func(f fields) bool {
		return f["hostname"] == host && f["domain"] == dom
	}, dryRun)
	return ch, "", err
}

// frontend is a HAProxy TCP frontend: a health check, one server per
// backend, a backend over them, and the frontend bound to the VIP.
func (s *Session) frontend(ctx context.Context, step domain.Step, fe domain.Frontend, dryRun bool) ([]domain.Change, string, error) {
	name := step.Resource.Name
	byName := func(n string) func(fields) bool { return func(f fields) bool { return f["name"] == n } }
	all, err := s.haproxyOn(ctx, dryRun)
	if err != nil {
		return all, "", err
	}
	checkID, ch, err := s.ensure(ctx, haproxyChecks, step, "check", "health check", fields{
		"name": name, "type": fe.HealthCheck.Type, "interval": strconv.Itoa(fe.HealthCheck.IntervalSeconds) + "s",
	}, byName(name), dryRun)
	all = append(all, ch...)
	if err != nil {
		return all, "", err
	}
	var servers []string
	for _, b := range fe.Backends {
		sn := name + "-" + b.Name
		id, ch, err := s.ensure(ctx, haproxyServers, step, "server "+b.Name, "server "+b.Name, fields{
			"enabled": "1", "name": sn, "type": "static", "address": b.Address.String(), "port": strconv.Itoa(b.Port), "mode": "active",
		}, byName(sn), dryRun)
		all = append(all, ch...)
		if err != nil {
			return all, "", err
		}
		servers = append(servers, id)
	}
	backendID, ch, err := s.ensure(ctx, haproxyBackends, step, "backend", "backend", fields{
		"enabled": "1", "name": name, "mode": "tcp", "algorithm": "roundrobin",
		"linkedServers": canonicalList(servers), "healthCheckEnabled": "1", "healthCheck": checkID,
	}, byName(name), dryRun)
	all = append(all, ch...)
	if err != nil {
		return all, "", err
	}
	_, ch, err = s.ensure(ctx, haproxyFronts, step, "frontend", "frontend", fields{
		"enabled": "1", "name": name, "bind": netip.AddrPortFrom(fe.Address, uint16(fe.Port)).String(),
		"mode": "tcp", "defaultBackend": backendID,
	}, byName(name), dryRun)
	return append(all, ch...), "", err
}

// haproxyOn switches HAProxy on (general.enabled, 0 by default): without
// it a reconfigure answers ok and leaves HAProxy stopped
// (opnsense/plugins@25.7:net/haproxy/src/opnsense/mvc/app/controllers/OPNsense/HAProxy/Api/ServiceController.php,
// internalServiceEnabled = general.enabled).
func (s *Session) haproxyOn(ctx context.Context, dryRun bool) ([]domain.Change, error) {
	switch on, err := s.haproxyIsOn(ctx); {
	case err != nil:
		return nil, err
	case on:
		return nil, nil
	}
	changes := []domain.Change{{Field: "haproxy enabled", From: "0", To: "1"}}
	if dryRun {
		return changes, nil
	}
	if err := s.c.Write(ctx, "haproxy/settings/set", map[string]any{"haproxy": map[string]any{"general": map[string]any{"enabled": "1"}}}); err != nil {
		return changes, err
	}
	s.haproxyEnabled = true
	s.touch(&api.HAProxyFrontendItem)
	return changes, nil
}

// haproxyIsOn reads HAProxy's general.enabled, once per session once on.
func (s *Session) haproxyIsOn(ctx context.Context) (bool, error) {
	if s.haproxyEnabled {
		return true, nil
	}
	raw, err := s.moduleTree(ctx, "haproxy/settings")
	if err != nil {
		return false, err
	}
	var tree struct {
		General struct {
			Enabled wire.Bool `json:"enabled"`
		} `json:"general"`
	}
	if err := json.Unmarshal(raw, &tree); err != nil {
		return false, fmt.Errorf("reading HAProxy's general settings: %w", err)
	}
	s.haproxyEnabled = tree.General.Enabled.V
	return s.haproxyEnabled, nil
}

// tftp enables os-tftp on the step's address.
func (s *Session) tftp(ctx context.Context, step domain.Step, t domain.TFTPService, dryRun bool) ([]domain.Change, string, error) {
	var cur struct {
		General struct {
			Enabled wire.Bool `json:"enabled"`
			Listen  wire.Text `json:"listen"`
		} `json:"general"`
	}
	if err := s.c.Get(ctx, "tftp/general/get", &cur); err != nil {
		if errors.Is(err, ErrNotFound) {
			return nil, "", fmt.Errorf("the os-tftp plugin is not installed: install it under System > Firmware > Plugins")
		}
		return nil, "", err
	}
	want := fields{"enabled": "1", "listen": t.Listen.String()}
	have := fields{"enabled": cur.General.Enabled.String(), "listen": cur.General.Listen.String()}
	var changes []domain.Change
	for _, p := range sortedKeys(want) {
		if have[p] != want[p] {
			changes = append(changes, domain.Change{Field: "tftp " + p, From: have[p], To: want[p]})
		}
	}
	if len(changes) == 0 || dryRun {
		return changes, "", nil
	}
	if err := s.c.Write(ctx, "tftp/general/set", map[string]any{"general": nest(want)}); err != nil {
		return changes, "", err
	}
	delete(s.off, "tftp")
	s.touch(&api.TFTPGeneralItem)
	return changes, "", nil
}

// rule is one filter rule; several ports go into a port alias the rule
// names, as one would do by hand.
func (s *Session) rule(ctx context.Context, step domain.Step, r domain.FirewallRule, dryRun bool) ([]domain.Change, string, error) {
	if err := s.lockoutGuard(r); err != nil {
		return nil, "", err
	}
	proto := map[string]string{"tcp": "TCP", "udp": "UDP", "any": "any"}[r.Protocol]
	ipproto := "inet"
	if r.Destination.Addr().Is6() {
		ipproto = "inet6"
	}
	dst := r.Destination.String()
	if r.Destination.IsSingleIP() {
		dst = r.Destination.Addr().String()
	}
	var all []domain.Change
	port := ""
	switch len(r.Ports) {
	case 0:
	case 1:
		port = strconv.Itoa(r.Ports[0])
	default:
		name := aliasName(step.Resource.Name)
		var content []string
		for _, p := range r.Ports {
			content = append(content, strconv.Itoa(p))
		}
		_, ch, err := s.ensure(ctx, aliases, step, "ports", "alias "+name, fields{
			"enabled": "1", "name": name, "type": "port", "content": canonicalList(content),
		}, func(f fields) bool { return f["name"] == name }, dryRun)
		all = append(all, ch...)
		if err != nil {
			return all, "", err
		}
		port = name
	}
	iface, err := s.interfaceOf(ctx, r.Interface, r.Network)
	if err != nil {
		return all, "", err
	}
	want := fields{"enabled": "1", "action": r.Action, "quick": "1", "interface": iface, "direction": "in",
		"ipprotocol": ipproto, "protocol": proto, "source_net": r.Source.String(), "destination_net": dst,
		"destination_port": port}
	desc := s.marker() + step.ID
	_, ch, err := s.ensure(ctx, filterRules, step, "", "rule", want, func(f fields) bool {
		return f["description"] == desc
	}, dryRun)
	return append(all, ch...), "", err
}

// aliasName makes an OPNsense alias name for a rule's ports: a letter,
// then letters, digits and underscores, at most 31 characters
// (opnsense/core@25.7:src/opnsense/mvc/app/models/OPNsense/Firewall/FieldTypes/AliasNameField.php);
// the harmony_ prefix keeps it clear of pf keywords and service names.
func aliasName(rule string) string {
	var b strings.Builder
	b.WriteString("harmony_")
	for _, r := range rule {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			b.WriteRune('_')
		}
	}
	name := b.String()
	if len(name) > 31 {
		sum := sha256.Sum256([]byte(rule))
		name = name[:22] + "_" + hex.EncodeToString(sum[:4])
	}
	return name
}

// lockoutGuard refuses a blocking rule that covers the address and port
// this tool reaches the firewall's API on, unless AllowLockout.
func (s *Session) lockoutGuard(r domain.FirewallRule) error {
	if r.Action == "pass" || s.d.AllowLockout || s.mgmt == nil {
		return nil
	}
	addr, err := netip.ParseAddr(s.mgmt.Hostname())
	if err != nil || !r.Destination.Contains(addr) {
		return nil
	}
	port := s.mgmt.Port()
	if port == "" {
		port = "443"
	}
	if len(r.Ports) > 0 && !containsPort(r.Ports, port) {
		return nil
	}
	if r.Protocol == "udp" {
		return nil
	}
	return fmt.Errorf("this %s rule would cut the path to the firewall's own API (%s:%s), which OPNsense cannot roll back reliably: "+
		"narrow it, or run with --allow-lockout if you have console access", r.Action, addr, port)
}

func containsPort(ports []int, p string) bool {
	for _, x := range ports {
		if strconv.Itoa(x) == p {
			return true
		}
	}
	return false
}

// owns lists, by resource type, the kinds of object a step of that type
// makes, in the order they can be deleted (what refers to another first).
func (s *Session) owns(ctx context.Context, typ string) ([]codec, error) {
	switch typ {
	case domain.TypeReservation:
		b, err := s.dhcpBackend(ctx)
		if err != nil {
			return nil, err
		}
		if b == "kea" {
			return []codec{keaReservations}, nil // the subnet stays while the plan has the step (prune takes it)
		}
		return []codec{dnsmasqHosts}, nil
	case domain.TypeARecord, domain.TypeAAAARecord:
		return []codec{unboundHosts}, nil
	case domain.TypeCNAMERecord:
		return []codec{unboundAliases}, nil
	case domain.TypeFrontend:
		return []codec{haproxyFronts, haproxyBackends, haproxyServers, haproxyChecks}, nil
	case domain.TypeRule:
		return []codec{filterRules, aliases}, nil
	case domain.TypeNetBoot:
		if b, err := s.dhcpBackend(ctx); err != nil || b != "dnsmasq" {
			return nil, err // Kea: a netboot step never wrote anything
		}
		return []codec{dnsmasqBoots, dnsmasqOptions, dnsmasqTags}, nil // rows before the tags they name
	}
	return nil, fmt.Errorf("harmony-apply-opnsense does not know resource type %q", typ)
}

// remove deletes what an absent step's resource is on the firewall: the
// objects its step made (by their marker), never a hand-made one.
func (s *Session) remove(ctx context.Context, step domain.Step, dryRun bool) ([]domain.Change, string, error) {
	switch step.Resource.Type {
	case domain.TypePTRRecord:
		return s.removePTR(ctx, step)
	case domain.TypeTFTP:
		return s.tftpOff(ctx, dryRun)
	}
	codecs, err := s.owns(ctx, step.Resource.Type)
	if err != nil {
		return nil, "", err
	}
	var changes []domain.Change
	for _, cd := range codecs {
		items, err := s.read(ctx, cd)
		if err != nil {
			return changes, "", err
		}
		desc := descField(cd.item)
		for _, id := range sortedKeys(items) {
			if made, ok := s.stepOf(items[id][desc]); !ok || made != step.ID {
				continue
			}
			if cd.item == unboundHosts.item {
				// Unbound deletes a host's aliases with it: Harmony's go
				// too (said in the changes), a hand-made one stops it.
				ours, theirs, err := s.aliasesOf(ctx, id)
				if err != nil {
					return changes, "", err
				}
				if len(theirs) > 0 {
					return changes, "", fmt.Errorf("the host override %s has aliases Harmony did not make (%s), which OPNsense would delete with it: remove or repoint them first",
						id, strings.Join(theirs, ", "))
				}
				aliases, _ := s.read(ctx, unboundAliases)
				for _, a := range ours {
					changes = append(changes, domain.Change{Field: unboundAliases.item.Wrapper + " " + a, From: "present", To: "absent"})
					if !dryRun {
						delete(aliases, a) // the host's delete takes it
						delete(s.sorted, unboundAliases.item)
					}
				}
			}
			changes = append(changes, domain.Change{Field: cd.item.Wrapper + " " + id, From: "present", To: "absent"})
			if dryRun {
				continue
			}
			if err := s.del(ctx, cd, items, id); err != nil {
				return changes, "", err
			}
		}
	}
	if step.Resource.Type == domain.TypeARecord || step.Resource.Type == domain.TypeAAAARecord {
		var r domain.DNSRecord
		if err := step.DecodeSpec(&r); err == nil {
			delete(s.hosts, r.Name)
			s.gone[r.Name] = true
		}
	}
	if len(changes) == 0 {
		return nil, "absent", nil
	}
	return changes, "removed", nil
}

// aliasesOf lists the Unbound host aliases of a host override: those this
// site made, and the others (as "uuid (hostname.domain)").
func (s *Session) aliasesOf(ctx context.Context, host string) (ours, theirs []string, err error) {
	aliases, err := s.read(ctx, unboundAliases)
	if err != nil {
		return nil, nil, err
	}
	for _, id := range sortedKeys(aliases) {
		a := aliases[id]
		if a["host"] != host {
			continue
		}
		if _, mine := s.stepOf(a["description"]); mine {
			ours = append(ours, id)
		} else {
			theirs = append(theirs, fmt.Sprintf("%s (%s.%s)", id, a["hostname"], a["domain"]))
		}
	}
	return ours, theirs, nil
}

// removePTR: Unbound answers a PTR from the host override of the name,
// so the PTR is gone once that override is (the A record's absent step,
// which comes before it).
func (s *Session) removePTR(ctx context.Context, step domain.Step) ([]domain.Change, string, error) {
	var r domain.DNSRecord
	if err := step.DecodeSpec(&r); err != nil {
		return nil, "", err
	}
	if s.gone[r.Value] {
		return nil, "absent: it goes with the host override of " + r.Value, nil
	}
	if _, _, err := s.ptr(ctx, r); err != nil {
		return nil, "absent: no host override answers it", nil
	}
	return nil, "", fmt.Errorf("the host override of %s answers this PTR: make that A record absent too", r.Value)
}

// tftpOff disables os-tftp for an absent tftp-server step.
func (s *Session) tftpOff(ctx context.Context, dryRun bool) ([]domain.Change, string, error) {
	var cur struct {
		General struct {
			Enabled wire.Bool `json:"enabled"`
		} `json:"general"`
	}
	if err := s.c.Get(ctx, "tftp/general/get", &cur); err != nil {
		if errors.Is(err, ErrNotFound) {
			return nil, "absent: the os-tftp plugin is not installed", nil
		}
		return nil, "", err
	}
	if cur.General.Enabled.String() != "1" {
		return nil, "absent", nil
	}
	changes := []domain.Change{{Field: "tftp enabled", From: "1", To: "0"}}
	if dryRun {
		return changes, "", nil
	}
	if err := s.c.Write(ctx, "tftp/general/set", map[string]any{"general": map[string]any{"enabled": "0"}}); err != nil {
		return changes, "", err
	}
	if s.off == nil {
		s.off = map[string]bool{}
	}
	s.off["tftp"] = true
	s.touch(&api.TFTPGeneralItem)
	return changes, "disabled", nil
}

// del deletes one object and forgets it.
func (s *Session) del(ctx context.Context, cd codec, items map[string]fields, id string) error {
	if err := s.c.Write(ctx, fmt.Sprintf("%s/del_%s/%s", cd.item.Module, cd.item.Name, id), nil); err != nil {
		return err
	}
	delete(items, id)
	delete(s.sorted, cd.item)
	s.touch(cd.item)
	return nil
}

// Prune deletes the objects Harmony made on this site whose step (their
// marker) the plan no longer has on the firewall, and never a hand-made
// one. A Kea subnet Harmony made stays while a reservation step of the
// plan is in it, or any reservation still is. It returns what it deleted
// (or, in a dry run, would delete).
func (s *Session) Prune(ctx context.Context, keep domain.Keep, dryRun bool) ([]string, error) {
	order := []codec{filterRules, aliases, haproxyFronts, haproxyBackends, haproxyServers, haproxyChecks, unboundAliases, unboundHosts}
	if b, err := s.dhcpBackend(ctx); err == nil && b == "kea" {
		order = append(order, keaReservations, keaSubnets)
	} else if err == nil {
		order = append(order, dnsmasqHosts, dnsmasqBoots, dnsmasqOptions, dnsmasqTags) // rows before the tags they name
	}
	subnets := map[string]bool{} // the CIDRs the plan's reservations are in
	for _, st := range keep.Steps {
		var r domain.Reservation
		if st.Resource.Type == domain.TypeReservation && st.DecodeSpec(&r) == nil {
			subnets[r.Subnet.String()] = true
		}
	}
	var out []string
	for _, cd := range order {
		items, err := s.read(ctx, cd)
		if err != nil {
			return out, err
		}
		desc := descField(cd.item)
		for _, id := range sortedKeys(items) { // a copy: the loop deletes
			made, ok := s.stepOf(items[id][desc])
			if !ok || keep.Has(made) {
				continue
			}
			if cd.item == keaSubnets.item && (subnets[items[id]["subnet"]] || s.inUse(ctx, id, dryRun, out)) {
				continue
			}
			if cd.item == unboundHosts.item {
				// Unbound would delete the aliases still on it (prune took
				// those of dropped steps already): keep it, and say so.
				if held := s.held(ctx, id, dryRun, out); held != "" {
					s.notes = append(s.notes, fmt.Sprintf("kept host override %s (%s): OPNsense would delete its aliases %s with it; remove or repoint them, then prune again",
						id, strings.TrimPrefix(items[id][desc], s.marker()), held))
					continue
				}
			}
			out = append(out, fmt.Sprintf("%s %s (%s)", cd.item.Wrapper, id, strings.TrimPrefix(items[id][desc], s.marker())))
			if dryRun {
				continue
			}
			if err := s.del(ctx, cd, items, id); err != nil {
				return out, err
			}
		}
	}
	return out, nil
}

// held lists the aliases still on a host override (not counting those a
// dry run would have pruned, listed in pruned), or "".
func (s *Session) held(ctx context.Context, host string, dryRun bool, pruned []string) string {
	aliases, err := s.read(ctx, unboundAliases)
	if err != nil {
		return "(unknown: " + err.Error() + ")"
	}
	var held []string
	for _, id := range sortedKeys(aliases) {
		if aliases[id]["host"] != host {
			continue
		}
		if dryRun && slices.ContainsFunc(pruned, func(p string) bool { return strings.Contains(p, " "+id+" ") }) {
			continue
		}
		held = append(held, fmt.Sprintf("%s (%s.%s)", id, aliases[id]["hostname"], aliases[id]["domain"]))
	}
	return strings.Join(held, ", ")
}

// Notes are what the last Prune kept that the plan no longer has, and why.
func (s *Session) Notes() []string { return s.notes }

// inUse reports whether a Kea reservation is still in the subnet, not
// counting those a dry run would have pruned (listed in pruned).
func (s *Session) inUse(ctx context.Context, subnet string, dryRun bool, pruned []string) bool {
	res, err := s.read(ctx, keaReservations)
	if err != nil {
		return true
	}
	for id, f := range res {
		if f["subnet"] != subnet {
			continue
		}
		if dryRun && slices.ContainsFunc(pruned, func(p string) bool { return strings.Contains(p, " "+id+" ") }) {
			continue
		}
		return true
	}
	return false
}
