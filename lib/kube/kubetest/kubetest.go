// Package kubetest runs a real Kubernetes API server on loopback — Kubernetes'
// own kube-apiserver over etcd, no kubelet (objects are stored, validated,
// defaulted and versioned for real; no pod ever runs) — with verified TLS
// and a bearer token, and writes a kubeconfig for it. scripts/kube-bins.sh
// builds the binaries; harmony-lab kube and harmony-k8s's tests use it. It
// imports only the standard library.
package kubetest

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// Bins is the directory of kube-apiserver and etcd: $HARMONY_KUBE_BINS
// (make test sets it from scripts/kube-bins.sh).
func Bins() (string, error) {
	dir := os.Getenv("HARMONY_KUBE_BINS")
	if dir == "" {
		return "", errors.New("HARMONY_KUBE_BINS is not set: scripts/kube-bins.sh builds kube-apiserver and etcd and prints their directory")
	}
	for _, b := range []string{"kube-apiserver", "etcd"} {
		if _, err := os.Stat(filepath.Join(dir, b)); err != nil {
			return "", fmt.Errorf("%s: %w (scripts/kube-bins.sh builds it)", b, err)
		}
	}
	return dir, nil
}

// Cluster is a running API server and its etcd.
type Cluster struct {
	URL        string // https://127.0.0.1:PORT
	Kubeconfig string // a kubeconfig for it, token and CA included
	CAFile     string // the serving certificate, to trust
	Token      string
	procs      []*exec.Cmd
}

// Start starts etcd and the API server in dir (which holds their data,
// certificates and logs) and waits until the server is ready.
func Start(ctx context.Context, bins, dir string) (*Cluster, error) {
	for _, d := range []string{"etcd", "certs"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o700); err != nil {
			return nil, err
		}
	}
	ports, err := freePorts(3)
	if err != nil {
		return nil, err
	}
	etcdURL := "http://127.0.0.1:" + strconv.Itoa(ports[0])
	c := &Cluster{URL: "https://127.0.0.1:" + strconv.Itoa(ports[2]), CAFile: filepath.Join(dir, "certs", "apiserver.crt"),
		Kubeconfig: filepath.Join(dir, "kubeconfig")}
	tok := make([]byte, 16)
	_, _ = rand.Read(tok)
	c.Token = hex.EncodeToString(tok)
	if err := os.WriteFile(filepath.Join(dir, "tokens.csv"), []byte(c.Token+",admin,admin,system:masters\n"), 0o600); err != nil {
		return nil, err
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	pub, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err := os.WriteFile(filepath.Join(dir, "sa.key"), pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}), 0o600); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "sa.pub"), pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}), 0o644); err != nil {
		return nil, err
	}
	if err := c.start(dir, "etcd", filepath.Join(bins, "etcd"), "--data-dir", filepath.Join(dir, "etcd"),
		"--listen-client-urls", etcdURL, "--advertise-client-urls", etcdURL,
		"--listen-peer-urls", "http://127.0.0.1:"+strconv.Itoa(ports[1]), "--unsafe-no-fsync"); err != nil {
		return nil, err
	}
	if err := c.start(dir, "kube-apiserver", filepath.Join(bins, "kube-apiserver"), "--etcd-servers", etcdURL,
		"--bind-address", "127.0.0.1", "--secure-port", strconv.Itoa(ports[2]),
		"--advertise-address", "127.0.0.1", "--endpoint-reconciler-type", "none",
		"--cert-dir", filepath.Join(dir, "certs"), "--token-auth-file", filepath.Join(dir, "tokens.csv"), "--authorization-mode", "RBAC",
		"--service-account-key-file", filepath.Join(dir, "sa.pub"), "--service-account-signing-key-file", filepath.Join(dir, "sa.key"),
		"--service-account-issuer", "https://kubernetes.default.svc", "--service-cluster-ip-range", "10.96.0.0/16"); err != nil {
		c.Stop()
		return nil, err
	}
	if err := c.ready(ctx, dir); err != nil {
		c.Stop()
		return nil, err
	}
	kc := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: harmony-lab
  cluster: {server: %q, certificate-authority: %q}
users:
- name: admin
  user: {token: %q}
contexts:
- name: harmony-lab
  context: {cluster: harmony-lab, user: admin}
current-context: harmony-lab
`, c.URL, c.CAFile, c.Token)
	if err := os.WriteFile(c.Kubeconfig, []byte(kc), 0o600); err != nil {
		c.Stop()
		return nil, err
	}
	return c, nil
}

func (c *Cluster) start(dir, name, bin string, args ...string) error {
	log, err := os.Create(filepath.Join(dir, name+".log"))
	if err != nil {
		return err
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		log.Close()
		return fmt.Errorf("starting %s: %w", name, err)
	}
	log.Close()
	c.procs = append(c.procs, cmd)
	return nil
}

// ready polls /readyz with the token, trusting the certificate the server
// made, for up to 60 s.
func (c *Cluster) ready(ctx context.Context, dir string) error {
	deadline := time.Now().Add(60 * time.Second)
	var last error
	for time.Now().Before(deadline) {
		if pem, err := os.ReadFile(c.CAFile); err == nil {
			pool := x509.NewCertPool()
			pool.AppendCertsFromPEM(pem)
			client := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
			req, _ := http.NewRequestWithContext(ctx, "GET", c.URL+"/readyz", nil)
			req.Header.Set("Authorization", "Bearer "+c.Token)
			resp, err := client.Do(req)
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode == 200 {
					return nil
				}
				err = fmt.Errorf("/readyz: %s", resp.Status)
			}
			last = err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		time.Sleep(200 * time.Millisecond)
	}
	log, _ := os.ReadFile(filepath.Join(dir, "kube-apiserver.log"))
	if len(log) > 3000 {
		log = log[len(log)-3000:]
	}
	return fmt.Errorf("the API server was not ready within 60 s (%v); the end of its log:\n%s", last, log)
}

// Stop stops the API server, then etcd: an interrupt, then a kill after 10 s.
func (c *Cluster) Stop() {
	for i := len(c.procs) - 1; i >= 0; i-- {
		p := c.procs[i]
		_ = syscall.Kill(-p.Process.Pid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = p.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(-p.Process.Pid, syscall.SIGKILL)
			<-done
		}
	}
	c.procs = nil
}

func freePorts(n int) ([]int, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	var out []int
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		out = append(out, l.Addr().(*net.TCPAddr).Port)
	}
	return out, nil
}
