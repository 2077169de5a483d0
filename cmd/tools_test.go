package cmd_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// buildTools builds the named tools into bin (made if missing) and
// returns it: the tests that run the real binaries, as operators do.
func buildTools(t *testing.T, bin string, tools ...string) string {
	t.Helper()
	for _, tool := range tools {
		if out, err := exec.Command("go", "build", "-o", bin+string(filepath.Separator), "./"+tool).CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", tool, err, out)
		}
	}
	return bin
}

// mustRun runs a command (stdin and env added to the test's, when given)
// and returns its stdout; a non-zero exit fails the test with stderr.
func mustRun(t *testing.T, stdin []byte, env []string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = append(os.Environ(), env...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%v: %v\n%s", args, err, stderr.String())
	}
	return out
}

// pxeToken is the API token of the PXE servers the tests start.
const pxeToken = "boot-token"

// servePXE starts harmony-pxe serve on addr in network namespace ns, its
// profiles and access log under dir, until the test ends, and returns
// the access log's path.
func servePXE(t *testing.T, ns, bin, dir, addr string) string {
	t.Helper()
	access := filepath.Join(dir, "access.log")
	serve := exec.Command("ip", "netns", "exec", ns, filepath.Join(bin, "harmony-pxe"), "serve", "--addr", addr,
		"--dir", filepath.Join(dir, "profiles"), "--access-log", access, "--retry-delay", "1")
	serve.Env = append(os.Environ(), "HARMONY_PXE_TOKEN="+pxeToken)
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = serve.Process.Kill(); _ = serve.Wait() })
	time.Sleep(300 * time.Millisecond)
	return access
}
