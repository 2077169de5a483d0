package brocade

import (
	"context"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestHungEndpoint: an SSH endpoint that takes the connection and never
// answers (nor a banner, nor a handshake) fails the open within the
// driver's timeout, naming it, and holds nothing.
func TestHungEndpoint(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var held []net.Conn
	defer func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range held {
			c.Close()
		}
	}()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			held = append(held, c) // read nothing, write nothing
			mu.Unlock()
		}
	}()
	host, port, _ := net.SplitHostPort(l.Addr().String())
	login := Login{Host: host, Port: atoi(port), User: "admin", Password: "x", Insecure: true}
	d := driver(login)
	d.Insecure = true
	d.Timeout = 500 * time.Millisecond
	done := make(chan error, 1)
	start := time.Now()
	go func() {
		_, err := d.Open(context.Background(), device(login))
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "500ms") {
			t.Errorf("open of a hung endpoint: %v", err)
		}
		t.Logf("failed after %s: %v", time.Since(start).Round(time.Millisecond), err)
	case <-time.After(20 * time.Second):
		t.Fatal("open of a hung endpoint did not return within 20s with a 500ms timeout")
	}
}
