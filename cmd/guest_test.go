package cmd_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/peertest"
)

// guestKernel is the directory of Debian's kernel and the modules the
// guests load, made by scripts/guest-kernel.sh (make test does it).
func guestKernel(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("HARMONY_GUEST_KERNEL")
	if dir == "" {
		dir, _ = filepath.Abs("../.cache/guest-kernel")
	}
	peertest.Require(t, "qemu-system-x86_64", filepath.Join(dir, "modules.list")) // scripts/guest-kernel.sh DIR makes it
	return dir
}

// guest is a Linux machine booted in QEMU (-accel tcg) from Debian's
// kernel and an initramfs of guestinit (testdata/guestinit), the tools and
// the host's description.
type guest struct {
	nics     []string          // the MACs of its e1000 NICs, in order: eth0, eth1, …
	setup    string            // guestinit's /setup
	commands []string          // run in order (guestinit's /commands lines), each one's output collected
	files    map[string]string // more files at the guest's root: name → content
	// tests are packages whose test binaries the guest gets, as
	// /bin/<last path element>.test.
	tests []string
}

// guestOut is what one guest command wrote.
type guestOut struct{ stdout, stderr string }

// run boots the guest and returns what each command wrote, and the
// directory of the tools it built (static: they run here too). A command
// that fails, or succeeds when it was expected to fail ("! "), fails t.
func (g guest) run(t *testing.T, tools ...string) (outs []guestOut, bin string) {
	t.Helper()
	kernel := guestKernel(t)
	dir := t.TempDir()
	files := map[string]string{} // path in the guest → path here
	build := func(out, pkg string) {
		cmd := exec.Command("go", "build", "-trimpath", "-o", out, pkg)
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", pkg, err, b)
		}
	}
	build(filepath.Join(dir, "init"), "./testdata/guestinit")
	files["init"] = filepath.Join(dir, "init")
	for _, tool := range tools {
		build(filepath.Join(dir, tool), "./"+tool)
		files["bin/"+tool] = filepath.Join(dir, tool)
	}
	for _, pkg := range g.tests {
		name := filepath.Base(pkg) + ".test"
		cmd := exec.Command("go", "test", "-c", "-trimpath", "-o", filepath.Join(dir, name), pkg)
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go test -c %s: %v\n%s", pkg, err, b)
		}
		files["bin/"+name] = filepath.Join(dir, name)
	}
	mods, err := os.ReadFile(filepath.Join(kernel, "modules.list"))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range strings.Fields(string(mods)) {
		files["modules/"+m] = filepath.Join(kernel, m)
	}
	text := map[string]string{"modules.list": string(mods), "setup": g.setup, "commands": strings.Join(g.commands, "\n") + "\n"}
	for name, content := range g.files {
		text[name] = content
	}
	initrd := filepath.Join(dir, "initrd.cpio")
	if err := writeCPIO(initrd, []string{"bin", "dev", "modules", "proc", "sys"}, files, text); err != nil {
		t.Fatal(err)
	}
	serial := filepath.Join(dir, "serial.log")
	args := []string{"-accel", "tcg", "-machine", "pc,graphics=off", "-m", "256", "-nodefaults", "-display", "none",
		"-monitor", "none", "-serial", "file:" + serial, "-no-reboot",
		"-kernel", filepath.Join(kernel, "vmlinuz"), "-initrd", initrd, "-append", "console=ttyS0 panic=-1 quiet"}
	for i, mac := range g.nics {
		args = append(args, "-netdev", fmt.Sprintf("user,id=n%d", i), "-device", fmt.Sprintf("e1000,netdev=n%d,mac=%s", i, mac))
	}
	qemu := exec.Command("qemu-system-x86_64", args...)
	done := make(chan error, 1)
	if err := qemu.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- qemu.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("QEMU: %v", err)
		}
	case <-time.After(120 * time.Second):
		_ = qemu.Process.Kill()
		<-done
		out, _ := os.ReadFile(serial)
		t.Fatalf("the guest did not power off within 120 s; its console:\n%s", out)
	}
	raw, _ := os.ReadFile(serial)
	console := strings.ReplaceAll(string(raw), "\r\n", "\n") // the serial line's newlines
	rest := console                                          // the commands' frames, in order: the same line may come twice
	for _, c := range g.commands {
		_, frame, ok := strings.Cut(rest, "GUEST-BEGIN "+c+"\n")
		out, tail, ok2 := strings.Cut(frame, "GUEST-STDERR\n")
		stderr, end, _ := strings.Cut(tail, "GUEST-END ")
		if !ok || !ok2 {
			t.Fatalf("guest command %q did not run; the console:\n%s", c, console)
		}
		if failed := !strings.HasPrefix(end, "<nil>"); failed != strings.HasPrefix(c, "! ") {
			exit, _, _ := strings.Cut(end, "\n")
			t.Fatalf("guest command %q: %s; its stdout:\n%s\nits stderr:\n%s", c, exit, out, stderr)
		}
		outs = append(outs, guestOut{out, stderr})
		rest = end
	}
	return outs, dir
}

// writeCPIO writes an initramfs (cpio "newc") of dirs, files copied from
// this host and text files.
func writeCPIO(name string, dirs []string, files, text map[string]string) error {
	var buf bytes.Buffer
	ino := 1
	entry := func(path string, mode int, data []byte) {
		fmt.Fprintf(&buf, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
			ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(path)+1, 0)
		ino++
		buf.WriteString(path + "\x00")
		for buf.Len()%4 != 0 {
			buf.WriteByte(0)
		}
		buf.Write(data)
		for buf.Len()%4 != 0 {
			buf.WriteByte(0)
		}
	}
	for _, d := range dirs {
		entry(d, 0o040755, nil)
	}
	for path, src := range files {
		f, err := os.Open(src)
		if err != nil {
			return err
		}
		data, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			return err
		}
		entry(path, 0o100755, data)
	}
	for path, s := range text {
		entry(path, 0o100644, []byte(s))
	}
	entry("TRAILER!!!", 0, nil)
	return os.WriteFile(name, buf.Bytes(), 0o644)
}

// TestDiscoverLocalBondInAGuest: on a machine whose two NICs are bonded
// (802.3ad) and addressed, as cp0 of the lab will be, harmony-inventory
// discover local reports the NICs with their own MACs (not the one the
// bond gave them both), the bond's mode, members, MAC and address; merged
// into the lab's inventory it agrees with what is declared. The kernel is
// Debian's, booted in QEMU: this host's may lack bonding.
func TestDiscoverLocalBondInAGuest(t *testing.T) {
	g := guest{
		nics:     []string{"52:54:00:aa:00:01", "52:54:00:aa:01:01"},
		setup:    "rename eth0 eno1\nrename eth1 eno2\nbond bond0 802.3ad eno1 eno2\naddr bond0 10.10.0.11/24\n",
		commands: []string{"/bin/harmony-inventory discover local --host cp0"},
	}
	outs, bin := g.run(t, "harmony-inventory")
	out := outs[0].stdout
	var inv domain.Inventory
	if err := json.Unmarshal([]byte(out), &inv); err != nil {
		t.Fatalf("discover local wrote no Inventory: %v\n%s", err, out)
	}
	mac := func(s string) domain.MAC { m, _ := domain.ParseMAC(s); return m }
	want := domain.Host{Name: "cp0", Hardware: &domain.Hardware{Source: "netlink"},
		NICs: []domain.NIC{{Name: "eno1", MAC: mac("52:54:00:aa:00:01")}, {Name: "eno2", MAC: mac("52:54:00:aa:01:01")}},
		Bonds: []domain.Bond{{Name: "bond0", Mode: "802.3ad", Members: []string{"eno1", "eno2"}, MAC: mac("52:54:00:aa:00:01"),
			Addresses: []string{"10.10.0.11/24"}, Source: "netlink"}}}
	if len(inv.Spec.Hosts) != 1 || !reflect.DeepEqual(inv.Spec.Hosts[0], want) {
		t.Fatalf("discover local in the guest:\n%s\nwant host %+v", out, want)
	}
	t.Logf("harmony-inventory discover local, in the guest:\n%s", out)

	found := filepath.Join(t.TempDir(), "found.json")
	_ = os.WriteFile(found, []byte(out), 0o644)
	merge := exec.Command(filepath.Join(bin, "harmony-inventory"), "merge", "--strict", "../inventory/examples/lab/inventory.yaml", found)
	var stderr bytes.Buffer
	merge.Stderr = &stderr
	merged, err := merge.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("merge: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(string(merged), `"members": [`) || !strings.Contains(string(merged), `"mode": "802.3ad"`) {
		t.Errorf("the merged inventory lacks the bond:\n%s", merged)
	}
}
