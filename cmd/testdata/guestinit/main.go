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
//	veth NAME PEER
//	vlan NAME LINK ID
//	route default GATEWAY LINK
//	sysctl PATH VALUE          (PATH under /proc/sys, with dots)
//	del NAME
//
// A /commands line is a program and its arguments, run without a shell
// (a leading "! " says it is expected to fail, which the test checks),
// or one of these:
//
//	@sleep DURATION
//	@links    the links, one per line: name kind master alias up mtu addresses
//	@events   the link and address changes the kernel announced since the
//	          setup or the last @events, one per line
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
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
	events := monitor()
	for _, line := range strings.Split(strings.TrimSpace(string(cmds)), "\n") {
		args := strings.Fields(strings.TrimPrefix(line, "! "))
		var out, stderr bytes.Buffer
		var err error
		switch args[0] {
		case "@sleep":
			var d time.Duration
			if d, err = time.ParseDuration(args[1]); err == nil {
				time.Sleep(d)
			}
		case "@links":
			err = links(&out)
		case "@events":
			for _, e := range events.take() {
				fmt.Fprintln(&out, e)
			}
		default:
			cmd := exec.Command(args[0], args[1:]...)
			cmd.Stdout, cmd.Stderr = &out, &stderr
			err = cmd.Run()
		}
		fmt.Fprintf(console, "\nGUEST-BEGIN %s\n%sGUEST-STDERR\n%sGUEST-END %v\n", line, out.Bytes(), stderr.Bytes(), err)
	}
	return nil
}

// changes collects what the kernel announces on the link and address
// groups: any write to a link or an address shows there.
type changes struct {
	mu   sync.Mutex
	seen []string
}

func monitor() *changes {
	c := &changes{}
	lu, au := make(chan vnl.LinkUpdate, 256), make(chan vnl.AddrUpdate, 256)
	done := make(chan struct{})
	if err := vnl.LinkSubscribe(lu, done); err != nil {
		c.seen = append(c.seen, "monitor: "+err.Error())
	}
	if err := vnl.AddrSubscribe(au, done); err != nil {
		c.seen = append(c.seen, "monitor: "+err.Error())
	}
	add := func(s string) {
		c.mu.Lock()
		c.seen = append(c.seen, s)
		c.mu.Unlock()
	}
	go func() {
		for {
			select {
			case u := <-lu:
				a := u.Link.Attrs()
				add(fmt.Sprintf("link %s type=%d flags=%v mtu=%d master=%d", a.Name, u.Header.Type, a.Flags, a.MTU, a.MasterIndex))
			case u := <-au:
				add(fmt.Sprintf("addr %v link=%d new=%v", u.LinkAddress.String(), u.LinkIndex, u.NewAddr))
			}
		}
	}()
	return c
}

func (c *changes) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.seen
	c.seen = nil
	return s
}

func links(w io.Writer) error {
	ls, err := vnl.LinkList()
	if err != nil {
		return err
	}
	names := map[int]string{}
	for _, l := range ls {
		names[l.Attrs().Index] = l.Attrs().Name
	}
	for _, l := range ls {
		a := l.Attrs()
		addrs, err := vnl.AddrList(l, vnl.FAMILY_V4)
		if err != nil {
			return err
		}
		var as []string
		for _, ad := range addrs {
			as = append(as, ad.IPNet.String())
		}
		master := names[a.MasterIndex]
		if master == "" {
			master = "-"
		}
		alias := strings.ReplaceAll(a.Alias, " ", "_")
		if alias == "" {
			alias = "-"
		}
		fmt.Fprintf(w, "%s %s %s %s %v %d %s\n", a.Name, l.Type(), master, alias, a.Flags&net.FlagUp != 0, a.MTU, strings.Join(as, ","))
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
	case w[0] == "veth" && len(w) == 3:
		la := vnl.NewLinkAttrs()
		la.Name = w[1]
		if err := vnl.LinkAdd(&vnl.Veth{LinkAttrs: la, PeerName: w[2]}); err != nil {
			return err
		}
		for _, n := range w[1:] {
			l, err := link(n)
			if err != nil {
				return err
			}
			if err := vnl.LinkSetUp(l); err != nil {
				return err
			}
		}
		return nil
	case w[0] == "vlan" && len(w) == 4:
		p, err := link(w[2])
		if err != nil {
			return err
		}
		id, err := strconv.Atoi(w[3])
		if err != nil {
			return err
		}
		la := vnl.NewLinkAttrs()
		la.Name, la.ParentIndex = w[1], p.Attrs().Index
		if err := vnl.LinkAdd(&vnl.Vlan{LinkAttrs: la, VlanId: id, VlanProtocol: vnl.VLAN_PROTOCOL_8021Q}); err != nil {
			return err
		}
		l, err := link(w[1])
		if err != nil {
			return err
		}
		return vnl.LinkSetUp(l)
	case w[0] == "route" && len(w) == 4 && w[1] == "default":
		l, err := link(w[3])
		if err != nil {
			return err
		}
		if err := vnl.LinkSetUp(l); err != nil {
			return err
		}
		return vnl.RouteAdd(&vnl.Route{LinkIndex: l.Attrs().Index, Gw: net.ParseIP(w[2])})
	case w[0] == "del" && len(w) == 2:
		l, err := link(w[1])
		if err != nil {
			return err
		}
		return vnl.LinkDel(l)
	case w[0] == "sysctl" && len(w) == 3:
		return os.WriteFile("/proc/sys/"+strings.ReplaceAll(w[1], ".", "/"), []byte(w[2]), 0o644)
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
