package brocadetest

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nationtech/harmony-go/lib/infra/peertest"
)

// TestAnsibleICXModules: Debian's Ansible (its community.network ICX
// modules, written against real ICX switches; network_cli over paramiko,
// the host key checked) drives the simulator: icx_facts reads every
// subset, icx_command runs read commands with a filter, icx_vlan makes a
// VLAN, icx_config sets a port's name and saves. What these clients
// need of a real switch, the simulator must give: a second run changes
// nothing, and the switch holds and saved what they set.
func TestAnsibleICXModules(t *testing.T) {
	peertest.Require(t, "ansible-playbook", "/usr/lib/python3/dist-packages/paramiko")
	bin, _ := exec.LookPath("ansible-playbook")
	sw := textfsmLab(t, "08.0.95kT213")
	sw.cfg.User, sw.cfg.Password, sw.cfg.EnablePassword = "admin", "s3cret-sw", "en-able"
	addr, err := sw.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sw.Close)
	host, port, _ := strings.Cut(addr, ":")
	home := t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, ".ssh"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, ".ssh", "known_hosts"), []byte(sw.KnownHostsLine(addr)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	inventory := filepath.Join(home, "inventory.ini")
	// The passwords reach Ansible through its environment, never argv.
	inv := "[icx]\nsw1 ansible_host=" + host + " ansible_port=" + port + "\n\n[icx:vars]\n" +
		"ansible_connection=ansible.netcommon.network_cli\nansible_network_os=community.network.icx\n" +
		"ansible_user=admin\nansible_password=\"{{ lookup('env', 'SW_PASSWORD') }}\"\n" +
		"ansible_become=true\nansible_become_method=enable\nansible_become_password=\"{{ lookup('env', 'SW_ENABLE') }}\"\n"
	if err := os.WriteFile(inventory, []byte(inv), 0o600); err != nil {
		t.Fatal(err)
	}
	play, _ := filepath.Abs("testdata/ansible/icx.yml")
	run := func() string {
		cmd := exec.Command(bin, "-i", inventory, play)
		cmd.Dir = home
		cmd.Env = append(os.Environ(), "HOME="+home, "SW_PASSWORD=s3cret-sw", "SW_ENABLE=en-able",
			"ANSIBLE_PARAMIKO_LOOK_FOR_KEYS=False", "ANSIBLE_NOCOLOR=1", "ANSIBLE_LOCAL_TEMP="+filepath.Join(home, "tmp"),
			"ANSIBLE_PERSISTENT_COMMAND_TIMEOUT=60", "ANSIBLE_PERSISTENT_CONNECT_TIMEOUT=60", "ANSIBLE_LOG_PATH="+filepath.Join(home, "ansible.log"))
		out, err := cmd.CombinedOutput()
		if err != nil {
			log, _ := os.ReadFile(filepath.Join(home, "ansible.log"))
			t.Fatalf("ansible-playbook: %v\n%s\nlog:\n%s\ncommands: %+v", err, out, lastBytes(log, 6000), sw.Commands())
		}
		return string(out)
	}
	first := run()
	firstLog := len(sw.Commands())
	if !regexp.MustCompile(`vlan changed=True port changed=True`).MatchString(first) {
		t.Errorf("first run changed nothing:\n%s", first)
	}
	cfg := sw.RunningConfig()
	for _, want := range []string{"vlan 30 name storage by port\n tagged ethe 1/1/10 to 1/1/11 \n", "interface ethernet 1/1/12\n port-name ansible-12\n"} {
		if !strings.Contains(cfg, want) {
			t.Errorf("running config lacks %q:\n%s", want, cfg)
		}
	}
	if sw.Saves() == 0 || !strings.Contains(sw.StartupConfig(), "port-name ansible-12") {
		t.Errorf("icx_config's save_when: modified saved nothing (%d saves)", sw.Saves())
	}
	second := run()
	if n := ConfigCommands(sw.Commands()[firstLog:]); n != 0 {
		t.Errorf("the second run sent %d configuration commands: %+v", n, sw.Commands()[firstLog:])
	}
	t.Logf("first run's commands: %+v", sw.Commands()[:firstLog])
	if !regexp.MustCompile(`vlan changed=False port changed=False`).MatchString(second) || !regexp.MustCompile(`changed=0 `).MatchString(second) {
		t.Errorf("second run changed something:\n%s", second)
	}
}

func lastBytes(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}
