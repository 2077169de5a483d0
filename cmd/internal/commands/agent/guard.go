package agent

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"github.com/nationtech/harmony-go/cmd/internal/tool"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/failover"
	"github.com/nationtech/harmony-go/lib/infra/postgres"
	"github.com/nationtech/harmony-go/lib/infra/postgres/pgagent"
	"github.com/urfave/cli/v2"
)

// guardFiles are a member's guard files in the agent's data directory:
// the member it fences (its cluster step's spec), the lease the agent
// vouches on, and the guard's log.
func guardFiles(dataDir, service string) (member, lease, log string) {
	d := filepath.Join(dataDir, "guard")
	return filepath.Join(d, service+".member.json"), filepath.Join(d, service+".lease"), filepath.Join(d, service+".log")
}

// guardService gives svc a guard: the agent vouches on its lease, and a
// guard process watches it unless one already does (a guard outlives its
// agent, so a restarted agent finds its own). The guard is started in
// a session of its own, so a signal to the agent's group does not end it.
func guardService(dataDir, bin string, svc *failover.Service, logf func(string, ...any)) (io.Closer, error) {
	member, leasePath, logPath := guardFiles(dataDir, svc.Spec.Service)
	if err := os.MkdirAll(filepath.Dir(member), 0o700); err != nil {
		return nil, err
	}
	b, _ := json.Marshal(svc.Spec)
	if err := os.WriteFile(member, b, 0o600); err != nil {
		return nil, err
	}
	lease, err := failover.OpenLease(leasePath)
	if err != nil {
		return nil, err
	}
	svc.Vouch = lease.Affirm
	lease.Affirm() // vouched for from the start: a guard counts from here
	if failover.HeldBy(leasePath) {
		logf("%s: its guard runs (log %s)", svc.Spec.Service, logPath)
		return lease, nil
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	out, err := os.OpenFile(logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, err
	}
	defer out.Close()
	args := []string{"guard", "--member", member, "--lease", leasePath}
	if bin != "" {
		args = append(args, "--bin", bin)
	}
	cmd := exec.Command(self, args...)
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s's guard: %w", svc.Spec.Service, err)
	}
	_ = cmd.Process.Release()
	logf("%s: guard started (pid %d, log %s): it fences the member if this agent stops vouching for %s", svc.Spec.Service, cmd.Process.Pid, logPath, svc.FenceInterval)
	return lease, nil
}

// runGuard is harmony-agent guard.
func runGuard(c *cli.Context, stderr io.Writer) error {
	b, err := os.ReadFile(c.String("member"))
	if err != nil {
		return tool.Refused(err)
	}
	var spec domain.PGCluster
	if err := json.Unmarshal(b, &spec); err != nil {
		return tool.Refused(fmt.Errorf("%s: %w (harmony-agent run writes it)", c.String("member"), err))
	}
	fence, err := time.ParseDuration(spec.FenceInterval)
	if err != nil {
		return tool.Refused(fmt.Errorf("%s: fenceInterval %q: %w", c.String("member"), spec.FenceInterval, err))
	}
	db := pgagent.New(&postgres.Driver{Bin: c.String("bin"), Timeout: 10 * time.Second}, spec)
	logf := func(format string, args ...any) {
		fmt.Fprintf(stderr, "%s %s: guard of %s at site %s: %s\n", time.Now().UTC().Format(time.RFC3339Nano), Name, spec.Service, spec.Site, fmt.Sprintf(format, args...))
	}
	logf("watching %s: fences %s if the agent stops vouching for %s", c.String("lease"), spec.DataDir, fence)
	err = failover.Guard(c.Context, c.String("lease"), fence, guardTarget{db}, logf)
	if err == failover.ErrGuarded {
		logf("another guard watches the lease: this one ends")
		return nil
	}
	return err
}

// guardTarget is a member as its guard sees it.
type guardTarget struct{ pgagent.Database }

// Primary says whether the member runs and accepts writes.
func (g guardTarget) Primary(ctx context.Context) bool {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	st, err := g.State(ctx)
	return err == nil && st.Running && !st.Standby
}
