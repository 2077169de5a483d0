package brocade

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nationtech/harmony-go/lib/infra/brocade/brocadetest"
)

// lab starts a simulated switch and returns it with a Login for it whose
// known_hosts file has its key.
func lab(t testing.TB, cfg brocadetest.Config) (*brocadetest.Switch, Login) {
	t.Helper()
	if cfg.User == "" {
		cfg.User, cfg.Password = "admin", "s3cret-sw"
	}
	sw := brocadetest.New(cfg)
	addr, err := sw.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sw.Close)
	host, port, _ := net.SplitHostPort(addr)
	p, _ := strconv.Atoi(port)
	kh := filepath.Join(t.TempDir(), "known_hosts")
	if err := os.WriteFile(kh, []byte(sw.KnownHostsLine(addr)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return sw, Login{Host: host, Port: p, User: cfg.User, Password: cfg.Password, Enable: cfg.EnablePassword,
		KnownHosts: kh, Timeout: 5 * time.Second}
}

func TestCLISession(t *testing.T) {
	sw, login := lab(t, brocadetest.Config{EnablePassword: "en-able"})
	c, err := dial(context.Background(), login)
	if err != nil {
		t.Fatal(err)
	}
	n, err := c.configure([]string{"vlan 10 name lan by port", "exit", "lag harmony-cp0 dynamic id 1", "ports ethernet 1/1/1 to 1/1/2", "exit"})
	if err != nil || n != 5 {
		t.Fatalf("configure: %d, %v", n, err)
	}
	out, err := c.show("show running-config")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"vlan 10 name lan by port", "lag harmony-cp0 dynamic id 1\n ports ethe 1/1/1 to 1/1/2"} {
		if !strings.Contains(out, want) {
			t.Errorf("running config lacks %q:\n%s", want, out)
		}
	}
	if _, err := c.configure([]string{"vlan 0"}); err == nil || !strings.Contains(err.Error(), `the switch refused "vlan 0": Error: vlan ID value 0 not allowed.`) {
		t.Errorf("a refused line gave %v", err)
	}
	if err := c.save(); err != nil {
		t.Fatal(err)
	}
	if err := c.close(); err != nil {
		t.Fatal(err)
	}
	if sw.Saves() != 1 {
		t.Errorf("saves = %d", sw.Saves())
	}
	t.Logf("commands: %+v", sw.Commands())
}
