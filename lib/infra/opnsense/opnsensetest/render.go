package opnsensetest

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

//go:embed render/dnsmasq-*.conf render/render.py render/LICENSE.opnsense-core
var renderFS embed.FS

// ErrNoDnsmasqTemplate is nil when release has a dnsmasq.conf template
// to render, else why not.
func ErrNoDnsmasqTemplate(release string) error {
	if _, err := renderFS.ReadFile("render/dnsmasq-" + release + ".conf"); err == nil {
		return nil
	}
	return fmt.Errorf("OPNsense %s has no dnsmasq.conf template to render (its configuration is written from PHP)", release)
}

// RenderDnsmasq renders the simulated release's own dnsmasq.conf template
// (opnsense/core@<release>:src/opnsense/service/templates/OPNsense/Dnsmasq/dnsmasq.conf,
// copied in render/ for 25.7, 26.1 and 26.7) from what the simulator
// holds — the Dnsmasq model, the interfaces (their devices), the system's
// domain — as configd does on a firewall after a reconfigure, with
// Debian's python3-jinja2. The result is what OPNsense's dnsmasq would
// run on; its FreeBSD paths are the firewall's. 24.7 and 25.1 have no such
// template (25.1 writes dnsmasq's configuration from PHP,
// src/etc/inc/plugins.inc.d/dnsmasq.inc), so there it is refused.
func (s *Server) RenderDnsmasq(ctx context.Context) (string, error) {
	tmpl, err := renderFS.ReadFile("render/dnsmasq-" + s.opts.Release + ".conf")
	if err != nil {
		return "", ErrNoDnsmasqTemplate(s.opts.Release)
	}
	dir, err := os.MkdirTemp("", "opnsense-render-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	script, _ := renderFS.ReadFile("render/render.py")
	for f, b := range map[string][]byte{"dnsmasq.conf": tmpl, "render.py": script} {
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			return "", err
		}
	}
	ifaces := map[string]any{}
	s.mu.Lock()
	for _, i := range s.state.ifaces {
		ifaces[i.Identifier] = map[string]any{"if": i.Device, "descr": i.Description, "enable": "1",
			"ipaddr": i.Address.Addr().String(), "subnet": fmt.Sprint(i.Address.Bits())}
	}
	s.mu.Unlock()
	data := map[string]any{"dnsmasq": s.Config("dnsmasq/settings"), "interfaces": ifaces,
		"system": map[string]any{"hostname": "OPNsense", "domain": "localdomain", "webgui": map[string]any{}}}
	b, err := json.Marshal(data)
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "config.json"), b, 0o644); err != nil {
		return "", err
	}
	cmd := exec.CommandContext(ctx, "python3", filepath.Join(dir, "render.py"), filepath.Join(dir, "dnsmasq.conf"), filepath.Join(dir, "config.json"))
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("rendering OPNsense's dnsmasq template (python3-jinja2): %w: %s", err, stderr.String())
	}
	return out.String(), nil
}

// LocalDnsmasq is RenderDnsmasq made runnable on this host by an
// unprivileged lab: the firewall's own files (conf-dir, addn-hosts)
// dropped, its pid, lease and log files put in dir, DNS off (port=0: the
// host has its own resolver) and DHCP bound to iface alone, whatever
// interfaces the firewall's settings name — a lab's dnsmasq must never
// answer on the host's own network.
func (s *Server) LocalDnsmasq(ctx context.Context, dir, iface string) (string, error) {
	conf, err := s.RenderDnsmasq(ctx)
	if err != nil {
		return "", err
	}
	var lines []string
	for _, l := range strings.Split(conf, "\n") {
		switch {
		case strings.HasPrefix(l, "conf-dir="), strings.HasPrefix(l, "addn-hosts="), strings.HasPrefix(l, "interface="),
			strings.HasPrefix(l, "pid-file="), strings.HasPrefix(l, "dhcp-leasefile="), strings.HasPrefix(l, "port="):
			continue
		}
		lines = append(lines, l)
	}
	lines = append(lines, "interface="+iface, "except-interface=lo", "port=0", "user=root",
		"pid-file="+filepath.Join(dir, "dnsmasq.pid"), "dhcp-leasefile="+filepath.Join(dir, "leases"),
		"log-dhcp", "log-facility="+filepath.Join(dir, "dnsmasq.log"))
	return strings.Join(lines, "\n") + "\n", nil
}
