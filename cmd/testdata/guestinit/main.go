// Command guestinit is the init (PID 1) of the test guests that
// cmd/guest_test.go boots in QEMU with Debian's kernel: it loads the
// modules listed in /modules.list, makes the host the test describes in
// /setup (its NICs renamed, bonded, addressed), runs each line of
// /commands with its output framed on the console, and powers off.
//
// /setup lines (space-separated):
//
//	rename OLD NEW
//	bond NAME MODE MEMBER...
//	addr LINK CIDR
package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	vnl "github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"
)

func main() {
	_ = unix.Mount("proc", "/proc", "proc", 0, "")
	_ = unix.Mount("sysfs", "/sys", "sysfs", 0, "")
	_ = unix.Mount("devtmpfs", "/dev", "devtmpfs", 0, "")
	console, err := os.OpenFile("/dev/console", os.O_WRONLY, 0)
	if err != nil {
		console = os.Stdout
	}
	if err := boot(console); err != nil {
		fmt.Fprintf(console, "GUEST-ERROR: %v\n", err)
	}
	unix.Sync()
	_ = unix.Reboot(unix.LINUX_REBOOT_CMD_POWER_OFF)
}

func boot(console *os.File) error {
	mods, err := os.ReadFile("/modules.list")
	if err != nil {
		return err
	}
	for _, m := range strings.Fields(string(mods)) {
		f, err := os.Open(filepath.Join("/modules", m))
		if err != nil {
			return err
		}
		if err := unix.FinitModule(int(f.Fd()), "", 0); err != nil && err != unix.EEXIST {
			return fmt.Errorf("loading %s: %w", m, err)
		}
		f.Close()
	}
	if err := setup(); err != nil {
		return err
	}
	cmds, err := os.ReadFile("/commands")
	if err != nil {
		return err
	}
	for _, line := range strings.Split(strings.TrimSpace(string(cmds)), "\n") {
		args := strings.Fields(line)
		cmd := exec.Command(args[0], args[1:]...)
		out, err := cmd.Output()
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		fmt.Fprintf(console, "\nGUEST-BEGIN %s\n%sGUEST-STDERR\n%sGUEST-END %v\n", line, out, stderr, err)
	}
	return nil
}

func link(name string) (vnl.Link, error) {
	var err error
	for range 100 { // a NIC's driver may still be probing
		var l vnl.Link
		if l, err = vnl.LinkByName(name); err == nil {
			return l, nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return nil, fmt.Errorf("link %s: %w", name, err)
}

func setup() error {
	f, err := os.Open("/setup")
	if err != nil {
		return err
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		w := strings.Fields(s.Text())
		if len(w) == 0 {
			continue
		}
		if err := step(w); err != nil {
			return fmt.Errorf("setup %q: %w", s.Text(), err)
		}
	}
	return s.Err()
}

func step(w []string) error {
	switch {
	case w[0] == "rename" && len(w) == 3:
		l, err := link(w[1])
		if err != nil {
			return err
		}
		return vnl.LinkSetName(l, w[2])
	case w[0] == "bond" && len(w) >= 4:
		b := vnl.NewLinkBond(vnl.LinkAttrs{Name: w[1]})
		b.Mode = vnl.StringToBondMode(w[2])
		if old, err := vnl.LinkByName(w[1]); err == nil { // bonding's default bond0
			if err := vnl.LinkDel(old); err != nil {
				return err
			}
		}
		if err := vnl.LinkAdd(b); err != nil {
			return err
		}
		bl, err := link(w[1])
		if err != nil {
			return err
		}
		for _, m := range w[3:] {
			l, err := link(m)
			if err != nil {
				return err
			}
			if err := vnl.LinkSetDown(l); err != nil {
				return err
			}
			if err := vnl.LinkSetMaster(l, bl); err != nil {
				return fmt.Errorf("enslaving %s: %w", m, err)
			}
			if err := vnl.LinkSetUp(l); err != nil {
				return err
			}
		}
		return vnl.LinkSetUp(bl)
	case w[0] == "addr" && len(w) == 3:
		l, err := link(w[1])
		if err != nil {
			return err
		}
		a, err := vnl.ParseAddr(w[2])
		if err != nil {
			return err
		}
		return vnl.AddrAdd(l, a)
	}
	return fmt.Errorf("unknown setup line")
}
