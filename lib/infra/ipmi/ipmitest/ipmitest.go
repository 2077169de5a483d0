// Package ipmitest runs real BMCs for tests and the lab: OpenIPMI's
// ipmi_sim (Debian's openipmi), one process per BMC on loopback, with the
// chassis program that keeps power and boot device in files and logs every
// call, so a test can count the writes a BMC received.
package ipmitest

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

//go:embed scripts/chassis.sh
var chassisScript []byte

//go:embed scripts/lancontrol.sh
var lanScript []byte

// BMC is one running ipmi_sim.
type BMC struct {
	Name     string
	Addr     string // 127.0.0.1:PORT
	User     string
	Password string
	dir      string
	cmd      *exec.Cmd
}

// Available reports whether ipmi_sim is installed.
func Available() error {
	if _, err := exec.LookPath("ipmi_sim"); err != nil {
		return errors.New("ipmi_sim is not installed: apt-get install openipmi (scripts/deps.sh does)")
	}
	return nil
}

// Start makes and starts a BMC named name under dir, on a free UDP port.
func Start(ctx context.Context, dir, name, mac string) (*BMC, error) {
	if err := Available(); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dir) // ipmi_sim runs its programs from its own directory
	if err != nil {
		return nil, err
	}
	d := filepath.Join(abs, name)
	if err := os.MkdirAll(filepath.Join(d, "state"), 0o755); err != nil {
		return nil, err
	}
	port, err := freeUDPPort()
	if err != nil {
		return nil, err
	}
	// ipmi_sim runs chassis_control as sh -c "<program> <args>": exec
	// spares a second shell per call (a BMC answers from memory; a fork
	// per call is the simulator's cost, not the protocol's).
	files := map[string]string{
		"power": "0\n", "boot": "default\n", "chassis.log": "",
		"lan":           fmt.Sprintf("mac_addr:%s\nip_addr:10.0.0.%d\nsubnet_mask:255.255.255.0\ndefault_gw_ip_addr:10.0.0.1\n", mac, port%250+2),
		"chassis.sh":    string(chassisScript),
		"lancontrol.sh": string(lanScript),
		"lan.conf": fmt.Sprintf(`name "%s"
set_working_mc 0x20
  startlan 1
    addr 127.0.0.1 %d
    priv_limit admin
    allowed_auths_callback none md2 md5 straight
    allowed_auths_user none md2 md5 straight
    allowed_auths_operator none md2 md5 straight
    allowed_auths_admin none md2 md5 straight
    guid a123456789abcdefa123456789abcdef
    lan_config_program "%s/lancontrol.sh %s"
  endlan
  chassis_control "exec %s/chassis.sh %s"
  user 2 true "admin" "secret" admin 10 md5
`, name, port, d, d, d, d),
		"bmc.emu": "mc_setbmc 0x20\nmc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02\nsel_enable 0x20 1000 0x0a\n" +
			fruLine("SimServer X1", "SN-"+name) + "mc_enable 0x20\n",
	}
	for f, content := range files {
		mode := os.FileMode(0o644)
		if strings.HasSuffix(f, ".sh") {
			mode = 0o755
		}
		if err := os.WriteFile(filepath.Join(d, f), []byte(content), mode); err != nil {
			return nil, err
		}
	}
	cmd := exec.Command("ipmi_sim", "-n", "-c", "lan.conf", "-f", "bmc.emu", "-s", filepath.Join(d, "state"))
	cmd.Dir = d
	out, err := os.Create(filepath.Join(d, "sim.out"))
	if err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting ipmi_sim: %w", err)
	}
	b := &BMC{Name: name, Addr: "127.0.0.1:" + strconv.Itoa(port), User: "admin", Password: "secret", dir: d, cmd: cmd}
	time.Sleep(50 * time.Millisecond) // binds in ~17 ms
	return b, nil
}

// WatchPower calls f for each power change the BMC's chassis control
// makes (as a machine behind it would see it: on or off, and whether its
// next boot device is the network), and restart (when not nil) for each
// hard reset of a machine that is on, until ctx ends.
func (b *BMC) WatchPower(ctx context.Context, f func(on, pxe bool), restart func(pxe bool)) {
	go func() {
		seen := 0
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(50 * time.Millisecond):
			}
			data, _ := os.ReadFile(filepath.Join(b.dir, "power-events"))
			lines := strings.Split(strings.TrimSpace(string(data)), "\n")
			if len(data) == 0 {
				lines = nil
			}
			for _, l := range lines[min(seen, len(lines)):] {
				var power, boot string
				if _, err := fmt.Sscanf(l, "power %s boot %s", &power, &boot); err == nil {
					f(power == "1", boot == "pxe")
				} else if _, err := fmt.Sscanf(l, "reset boot %s", &boot); err == nil && restart != nil {
					restart(boot == "pxe")
				}
			}
			seen = len(lines)
		}
	}()
}

// Stop ends the BMC.
func (b *BMC) Stop() {
	if b.cmd.Process != nil {
		_ = b.cmd.Process.Kill()
		_ = b.cmd.Wait()
	}
}

// Power is the chassis' power as the BMC holds it: "0" or "1".
func (b *BMC) Power() string { return b.read("power") }

// Boot is the boot device as the BMC holds it: pxe, default, …
func (b *BMC) Boot() string { return b.read("boot") }

func (b *BMC) read(f string) string {
	data, _ := os.ReadFile(filepath.Join(b.dir, f))
	return strings.TrimSpace(string(data))
}

// SetPower changes the power as a person at the machine would.
func (b *BMC) SetPower(on bool) {
	v := "0\n"
	if on {
		v = "1\n"
	}
	_ = os.WriteFile(filepath.Join(b.dir, "power"), []byte(v), 0o644)
}

// SetBoot changes the next boot device as the BIOS setup would.
func (b *BMC) SetBoot(v string) {
	_ = os.WriteFile(filepath.Join(b.dir, "boot"), []byte(v+"\n"), 0o644)
}

// Calls counts the chassis control calls (gets and sets) the BMC made.
func (b *BMC) Calls() int {
	if s := b.read("chassis.log"); s != "" {
		return len(strings.Split(s, "\n"))
	}
	return 0
}

// Writes counts the chassis "set" calls the BMC received.
func (b *BMC) Writes() int {
	n := 0
	for _, l := range strings.Split(b.read("chassis.log"), "\n") {
		if strings.HasPrefix(l, "set ") {
			n++
		}
	}
	return n
}

func freeUDPPort() (int, error) {
	c, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer c.Close()
	return c.LocalAddr().(*net.UDPAddr).Port, nil
}

// Product is the FRU product name every simulated BMC reports; its serial
// is "SN-" and its name.
const Product = "SimServer X1"

// fruLine is the ipmi_sim command that gives the BMC a FRU image: a common
// header and a product area (8-bit ASCII fields), per the IPMI FRU spec.
func fruLine(product, serial string) string {
	tl := func(s string) []byte { return append([]byte{0xC0 | byte(len(s))}, s...) }
	body := []byte{0x00} // language
	for _, f := range []string{"Acme", product, "ACME-1U", "1.0", serial, "asset-" + serial, ""} {
		body = append(body, tl(f)...)
	}
	area := append([]byte{0x01, 0x00}, body...)
	area = append(area, 0xC1)
	for (len(area)+1)%8 != 0 {
		area = append(area, 0)
	}
	area[1] = byte((len(area) + 1) / 8)
	area = append(area, checksum(area))
	hdr := []byte{0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00}
	hdr = append(hdr, checksum(hdr))
	img := append(hdr, area...)
	var b strings.Builder
	b.WriteString("mc_add_fru_data 0x20 0 256 data")
	for _, x := range img {
		fmt.Fprintf(&b, " 0x%02x", x)
	}
	return b.String() + "\n"
}

func checksum(b []byte) byte {
	var sum byte
	for _, x := range b {
		sum += x
	}
	return -sum
}
