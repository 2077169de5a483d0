package dnsmasq

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"time"

	"github.com/nationtech/harmony-go/lib/domain"
)

// firmware are the iPXE builds a tftp-server offers to firmware that is
// not iPXE (the NetBoot Score's defaults), copied from Debian's ipxe
// package (or the endpoint's ?firmware= directory).
var firmware = []string{"undionly.kpxe", "ipxe.efi"}

// applyTFTP puts the iPXE builds in DIR/tftp (dnsmasq's tftp-root) and
// checks that dnsmasq serves them over TFTP at the step's address: a RRQ
// must get the first block. dnsmasq's TFTP itself (enable-tftp,
// tftp-root=) is its main configuration, which the tool does not write.
func (s *Session) applyTFTP(step domain.Step, dryRun bool) domain.Outcome {
	var t domain.TFTPService
	if err := step.DecodeSpec(&t); err != nil {
		return fail(err)
	}
	if err := os.MkdirAll(s.tftpD, 0o755); err != nil {
		return fail(fmt.Errorf("%s: %w", s.dev.Name, err))
	}
	var changes []domain.Change
	for _, f := range firmware {
		want, err := os.ReadFile(filepath.Join(s.firmwareD, f))
		if err != nil {
			return fail(fmt.Errorf("%s: the iPXE build %s: %w (install Debian's ipxe package, or give ?firmware=DIR in the endpoint)", s.dev.Name, f, err))
		}
		path := filepath.Join(s.tftpD, f)
		cur, err := os.ReadFile(path)
		if err == nil && bytes.Equal(cur, want) {
			continue
		}
		from := "absent"
		if err == nil {
			from = fmt.Sprintf("%d bytes", len(cur))
		}
		changes = append(changes, domain.Change{Field: f, From: from, To: fmt.Sprintf("%d bytes from %s", len(want), s.firmwareD)})
		if dryRun {
			continue
		}
		if err := writeAtomic(path, want); err != nil {
			return fail(err)
		}
		s.Writes++
	}
	if dryRun && len(changes) > 0 {
		return domain.Outcome{Status: domain.Success, Message: "would change", Changes: changes}
	}
	if err := probeTFTP(t.Listen, firmware[0], 2*time.Second); err != nil {
		return domain.Outcome{Status: domain.Failure, Changes: changes,
			Message: fmt.Sprintf("%s: %v: have dnsmasq serve TFTP there: enable-tftp and tftp-root=%s in its configuration", s.dev.Name, err, s.tftpD)}
	}
	if len(changes) == 0 {
		return domain.Outcome{Status: domain.Noop, Message: "served"}
	}
	return domain.Outcome{Status: domain.Success, Message: "changed", Changes: changes}
}

// removeTFTP takes the iPXE builds out of the tftp-root, only those that
// are the very builds applyTFTP copies (a file of other content there was
// put by hand and stays). dnsmasq's TFTP itself is its configuration's.
func (s *Session) removeTFTP(dryRun bool) domain.Outcome {
	var changes []domain.Change
	for _, f := range firmware {
		path := filepath.Join(s.tftpD, f)
		cur, err := os.ReadFile(path)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return fail(err)
		}
		want, err := os.ReadFile(filepath.Join(s.firmwareD, f))
		if err != nil || !bytes.Equal(cur, want) {
			continue
		}
		changes = append(changes, domain.Change{Field: f, From: fmt.Sprintf("%d bytes", len(cur)), To: "absent"})
		if dryRun {
			continue
		}
		if err := os.Remove(path); err != nil {
			return fail(err)
		}
		s.Writes++
	}
	switch {
	case len(changes) == 0:
		return domain.Outcome{Status: domain.Noop, Message: "absent"}
	case dryRun:
		return domain.Outcome{Status: domain.Success, Message: "would remove", Changes: changes}
	}
	return domain.Outcome{Status: domain.Success, Message: "removed", Changes: changes}
}

// probeTFTP asks addr:69 for file (RFC 1350 read request, octet mode)
// and succeeds when the first data block comes back; it then ends the
// transfer with an error packet, as a client that has seen enough.
func probeTFTP(addr netip.Addr, file string, timeout time.Duration) error {
	c, err := net.ListenUDP("udp", nil)
	if err != nil {
		return err
	}
	defer c.Close()
	server := net.UDPAddrFromAddrPort(netip.AddrPortFrom(addr, 69))
	rrq := append(append(append([]byte{0, 1}, file...), 0), "octet\x00"...)
	if _, err := c.WriteToUDP(rrq, server); err != nil {
		return fmt.Errorf("TFTP read request to %s: %w", server, err)
	}
	_ = c.SetReadDeadline(time.Now().Add(timeout))
	buf := make([]byte, 1024)
	n, from, err := c.ReadFromUDP(buf)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return fmt.Errorf("no TFTP answer from %s within %s", server, timeout)
	}
	if err != nil {
		return fmt.Errorf("TFTP from %s: %w", server, err)
	}
	if n < 4 {
		return fmt.Errorf("TFTP from %s: a %d-byte answer", server, n)
	}
	switch binary.BigEndian.Uint16(buf[:2]) {
	case 3: // DATA
		if binary.BigEndian.Uint16(buf[2:4]) != 1 {
			return fmt.Errorf("TFTP from %s: data block %d first", server, binary.BigEndian.Uint16(buf[2:4]))
		}
		_, _ = c.WriteToUDP([]byte("\x00\x05\x00\x00probe done\x00"), from)
		return nil
	case 5: // ERROR
		return fmt.Errorf("TFTP server %s refused %s: %s", server, file, bytes.TrimRight(buf[4:n], "\x00"))
	}
	return fmt.Errorf("TFTP from %s: unexpected opcode %d", server, binary.BigEndian.Uint16(buf[:2]))
}
