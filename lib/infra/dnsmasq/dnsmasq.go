// Package dnsmasq applies the dhcp-server and dns-server capabilities to a
// Linux host running dnsmasq, through the directories dnsmasq watches: a
// dhcp-hostsdir (one reservation per file), a hostsdir (one name per file)
// and a dhcp-optsdir (the network-boot options, one file per network). Files are written atomically (temporary file + rename) and only
// when their content differs; dnsmasq picks them up by itself, except a
// deleted reservation, for which it gets a SIGHUP. Only files Harmony
// wrote (they start with a "# harmony:<site> <step id>" line) are ever
// changed or removed.
//
// The device's endpoint names the directories and the pid file:
// file:///var/lib/harmony/dnsmasq?pidfile=/run/dnsmasq.pid gives
// /var/lib/harmony/dnsmasq/dhcp-hosts, /var/lib/harmony/dnsmasq/hosts and
// /var/lib/harmony/dnsmasq/dhcp-opts, to be set in dnsmasq's configuration
// as dhcp-hostsdir=, hostsdir= and dhcp-optsdir= (with, for network boot,
// dhcp-userclass=set:ipxe,iPXE and
// dhcp-match=set:efi-x86_64,option:client-arch,7, which the options use).
package dnsmasq

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/google/renameio/v2"
	"github.com/nationtech/harmony-go/lib/domain"
)

// Driver opens sessions on dnsmasq devices.
type Driver struct {
	Site string
}

// Session is one run against one dnsmasq.
type Session struct {
	d      *Driver
	dev    domain.Device
	hostsD string // dhcp-hostsdir
	namesD string // hostsdir
	optsD  string // dhcp-optsdir
	tftpD  string // tftp-root
	// firmwareD holds the iPXE builds the tftp-root gets.
	firmwareD string
	pidfile   string
	names     map[string]bool // fqdns this run ensures (for PTRs)
	gone      map[string]bool // fqdns this run removes, or would in a dry run
	deleted   bool            // a reservation file was removed: dnsmasq needs a SIGHUP
	// Writes counts the files written or removed.
	Writes int
}

// Open checks the device's directories.
func (d *Driver) Open(_ context.Context, dev domain.Device) (*Session, error) {
	u, err := url.Parse(dev.Endpoint)
	if err != nil || u.Scheme != "file" || u.Path == "" {
		return nil, fmt.Errorf("device %s: endpoint %q is not file:///DIR[?pidfile=FILE]: dnsmasq is driven through its watched directories",
			dev.Name, dev.Endpoint)
	}
	s := &Session{d: d, dev: dev, hostsD: filepath.Join(u.Path, "dhcp-hosts"), namesD: filepath.Join(u.Path, "hosts"),
		optsD: filepath.Join(u.Path, "dhcp-opts"), tftpD: filepath.Join(u.Path, "tftp"), firmwareD: u.Query().Get("firmware"),
		pidfile: u.Query().Get("pidfile"), names: map[string]bool{}, gone: map[string]bool{}}
	if s.firmwareD == "" {
		s.firmwareD = "/usr/lib/ipxe"
	}
	for _, dir := range []string{s.hostsD, s.namesD, s.optsD} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("device %s: %w", dev.Name, err)
		}
	}
	return s, nil
}

func (s *Session) header(step domain.Step) string {
	return "# harmony:" + s.d.Site + " " + step.ID + "\n"
}

func (s *Session) managed(data []byte) bool {
	return bytes.HasPrefix(data, []byte("# harmony:"+s.d.Site+" "))
}

// fileName makes a resource name safe as a file name.
func fileName(name string) string {
	return strings.NewReplacer("/", "_", "*", "_star_").Replace(name)
}

// Apply brings one step's file to its content, or removes it for an
// absent step.
func (s *Session) Apply(_ context.Context, step domain.Step, dryRun bool) domain.Outcome {
	if step.Resource.Type == domain.TypeTFTP {
		if step.Action == domain.Absent {
			return s.removeTFTP(dryRun)
		}
		return s.applyTFTP(step, dryRun)
	}
	if step.Resource.Type == domain.TypePTRRecord {
		return s.ptr(step)
	}
	path, body, err := s.file(step)
	if err != nil {
		return fail(err)
	}
	cur, err := os.ReadFile(path)
	exists := err == nil
	switch {
	case err != nil && !errors.Is(err, os.ErrNotExist):
		return fail(err)
	case exists && !s.managed(cur):
		return fail(fmt.Errorf("%s: %s exists, not managed (no harmony:%s header): remove it or rename it", s.dev.Name, path, s.d.Site))
	}
	if step.Action == domain.Absent {
		return s.remove(step, path, cur, exists, dryRun)
	}
	want := []byte(s.header(step) + body)
	if exists && bytes.Equal(cur, want) {
		return domain.Outcome{Status: domain.Noop, Message: "up to date"}
	}
	change := domain.Change{Field: filepath.Base(path), From: "absent", To: strings.TrimSpace(body)}
	if exists {
		change.From = strings.TrimSpace(strings.TrimPrefix(string(cur), firstLine(cur)))
	}
	if dryRun {
		return domain.Outcome{Status: domain.Success, Message: "would change", Changes: []domain.Change{change}}
	}
	if err := writeAtomic(path, want); err != nil {
		return fail(err)
	}
	s.Writes++
	return domain.Outcome{Status: domain.Success, Message: "changed", Changes: []domain.Change{change}}
}

// file is where a step's resource lives and what the file holds, after
// the header.
func (s *Session) file(step domain.Step) (path, body string, err error) {
	switch step.Resource.Type {
	case domain.TypeReservation:
		var r domain.Reservation
		if err := step.DecodeSpec(&r); err != nil {
			return "", "", err
		}
		// dhcp-host syntax: MAC,IP,hostname,lease time.
		return filepath.Join(s.hostsD, fileName(step.Resource.Name)+".conf"), fmt.Sprintf("%s,%s,%s,infinite\n", r.MAC, r.IP, r.Hostname), nil
	case domain.TypeARecord, domain.TypeAAAARecord:
		var r domain.DNSRecord
		if err := step.DecodeSpec(&r); err != nil {
			return "", "", err
		}
		if strings.HasPrefix(r.Name, "*.") {
			return "", "", fmt.Errorf("%s: a hosts file cannot hold the wildcard %s: serve it from dnsmasq's address=/…/ in its configuration", s.dev.Name, r.Name)
		}
		if step.Action == domain.Ensure {
			s.names[r.Name] = true
		} else {
			s.gone[r.Name] = true
		}
		return filepath.Join(s.namesD, fileName(r.Name)+".hosts"), fmt.Sprintf("%s %s\n", r.Value, r.Name), nil
	case domain.TypeNetBoot:
		var n domain.NetBoot
		if err := step.DecodeSpec(&n); err != nil {
			return "", "", err
		}
		// dhcp-option lines: iPXE gets the script; other firmware the
		// iPXE build for its architecture (UEFI x86-64 is client-arch 7).
		return filepath.Join(s.optsD, "netboot-"+fileName(n.Network)+".conf"),
			fmt.Sprintf("tag:ipxe,option:bootfile-name,%s\ntag:!ipxe,tag:efi-x86_64,option:bootfile-name,%s\ntag:!ipxe,tag:!efi-x86_64,option:bootfile-name,%s\n",
				n.Script, n.UEFIFile, n.BIOSFile), nil
	}
	return "", "", fmt.Errorf("harmony-apply-dnsmasq does not know resource type %q of %s", step.Resource.Type, step.Capability)
}

// remove deletes a managed file for an absent step; dnsmasq drops a
// removed hosts file by itself, and needs a SIGHUP for the others.
func (s *Session) remove(step domain.Step, path string, cur []byte, exists, dryRun bool) domain.Outcome {
	if !exists {
		return domain.Outcome{Status: domain.Noop, Message: "absent"}
	}
	change := domain.Change{Field: filepath.Base(path), From: strings.TrimSpace(strings.TrimPrefix(string(cur), firstLine(cur))), To: "absent"}
	if dryRun {
		return domain.Outcome{Status: domain.Success, Message: "would remove", Changes: []domain.Change{change}}
	}
	if err := os.Remove(path); err != nil {
		return fail(err)
	}
	s.Writes++
	if filepath.Dir(path) != s.namesD {
		s.deleted = true
	}
	return domain.Outcome{Status: domain.Success, Message: "removed", Changes: []domain.Change{change}}
}

// ptr checks that a reverse record is served (ensure) or not (absent):
// dnsmasq answers PTR queries from the hosts entry of the name.
func (s *Session) ptr(step domain.Step) domain.Outcome {
	var r domain.DNSRecord
	if err := step.DecodeSpec(&r); err != nil {
		return fail(err)
	}
	served := s.names[r.Value]
	if data, err := os.ReadFile(filepath.Join(s.namesD, fileName(r.Value)+".hosts")); err == nil && s.managed(data) && !s.gone[r.Value] {
		served = true
	}
	switch {
	case step.Action == domain.Absent && !served:
		return domain.Outcome{Status: domain.Noop, Message: "absent: no hosts entry of " + r.Value + " answers it"}
	case step.Action == domain.Absent:
		return fail(fmt.Errorf("%s: the hosts entry of %s answers this PTR: make that A record absent too", s.dev.Name, r.Value))
	case served:
		return domain.Outcome{Status: domain.Noop, Message: "served by the hosts entry of " + r.Value}
	}
	return fail(fmt.Errorf("%s: no hosts entry for %s answers this PTR: plan an A record for it", s.dev.Name, r.Value))
}

func firstLine(b []byte) string {
	line, _, _ := bytes.Cut(b, []byte("\n"))
	return string(line) + "\n"
}

func fail(err error) domain.Outcome {
	return domain.Outcome{Status: domain.Failure, Message: err.Error()}
}

// writeAtomic writes a world-readable file (dnsmasq runs as nobody): a
// dot-file beside it (dnsmasq's watch ignores those), synced, renamed over.
func writeAtomic(path string, data []byte) error {
	return renameio.WriteFile(path, data, 0o644, renameio.WithTempDir(filepath.Dir(path)), renameio.WithStaticPermissions(0o644))
}

// Prune removes this site's files whose step (named in their header) the
// plan no longer has on the device.
func (s *Session) Prune(_ context.Context, keep domain.Keep, dryRun bool) ([]string, error) {
	var out []string
	for _, dir := range []string{s.hostsD, s.namesD, s.optsD} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return out, err
		}
		for _, e := range entries {
			p := filepath.Join(dir, e.Name())
			if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
				continue
			}
			data, err := os.ReadFile(p)
			if err != nil || !s.managed(data) {
				continue
			}
			id := strings.TrimSpace(strings.TrimPrefix(firstLine(data), "# harmony:"+s.d.Site+" "))
			if keep.Has(id) {
				continue
			}
			out = append(out, fmt.Sprintf("%s (%s)", p, id))
			if dryRun {
				continue
			}
			if err := os.Remove(p); err != nil {
				return out, err
			}
			s.Writes++
			if dir != s.namesD { // dnsmasq drops a removed hosts file by itself, not these
				s.deleted = true
			}
		}
	}
	return out, nil
}

// Commit signals dnsmasq when a reservation or options file was deleted:
// it notices new and changed files by itself, but keeps serving a deleted
// one until SIGHUP.
func (s *Session) Commit(context.Context) error {
	if !s.deleted {
		return nil
	}
	s.deleted = false
	if s.pidfile == "" {
		return fmt.Errorf("%s: a reservation was removed, and dnsmasq keeps serving it until SIGHUP: give ?pidfile= in the endpoint", s.dev.Name)
	}
	data, err := os.ReadFile(s.pidfile)
	if err != nil {
		return fmt.Errorf("%s: reading the pid file to send SIGHUP: %w", s.dev.Name, err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil {
		return fmt.Errorf("%s: pid file %s holds no pid", s.dev.Name, s.pidfile)
	}
	if err := syscall.Kill(pid, syscall.SIGHUP); err != nil {
		return fmt.Errorf("%s: SIGHUP to dnsmasq (pid %d): %w", s.dev.Name, pid, err)
	}
	return nil
}

// Finish has dnsmasq take what an earlier run removed and never signalled
// (it died before its SIGHUP): a SIGHUP, when the endpoint names the pid
// file.
func (s *Session) Finish(ctx context.Context) error {
	if s.pidfile == "" {
		return nil
	}
	s.deleted = true
	return s.Commit(ctx)
}

// Close ends the session.
func (s *Session) Close() error { return nil }
