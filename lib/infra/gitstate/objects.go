package gitstate

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
)

// The three git object kinds Harmony writes and reads, encoded and
// decoded here over go-git's object storage. go-git's own object package
// would do it too, but it links OpenPGP (to verify signed commits) into
// every tool that reads state, harmony-plan among them.

// treeEntry is one entry of a tree object.
type treeEntry struct {
	name string
	mode filemode.FileMode
	hash plumbing.Hash
}

// encodeTree writes entries in git's order: by name, a directory as if its
// name ended in "/".
func encodeTree(entries []treeEntry) []byte {
	key := func(e treeEntry) string {
		if e.mode == filemode.Dir {
			return e.name + "/"
		}
		return e.name
	}
	sort.Slice(entries, func(i, j int) bool { return key(entries[i]) < key(entries[j]) })
	var b bytes.Buffer
	for _, e := range entries {
		fmt.Fprintf(&b, "%o %s\x00", uint32(e.mode), e.name)
		b.Write(e.hash[:])
	}
	return b.Bytes()
}

func decodeTree(data []byte) ([]treeEntry, error) {
	var out []treeEntry
	for len(data) > 0 {
		sp := bytes.IndexByte(data, ' ')
		nul := bytes.IndexByte(data, 0)
		if sp < 0 || nul < sp || len(data) < nul+21 {
			return nil, fmt.Errorf("damaged tree object")
		}
		mode, err := strconv.ParseUint(string(data[:sp]), 8, 32)
		if err != nil {
			return nil, fmt.Errorf("damaged tree object: mode %q", data[:sp])
		}
		var h plumbing.Hash
		copy(h[:], data[nul+1:nul+21])
		out = append(out, treeEntry{name: string(data[sp+1 : nul]), mode: filemode.FileMode(mode), hash: h})
		data = data[nul+21:]
	}
	return out, nil
}

// commitData is what a commit object says.
type commitData struct {
	tree    plumbing.Hash
	parents []plumbing.Hash
	author  Signature
	message string
}

func encodeCommit(c commitData) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "tree %s\n", c.tree)
	for _, p := range c.parents {
		fmt.Fprintf(&b, "parent %s\n", p)
	}
	who := fmt.Sprintf("%s <%s> %d %s", c.author.Name, c.author.Email, c.author.When.Unix(), c.author.When.Format("-0700"))
	fmt.Fprintf(&b, "author %s\ncommitter %s\n\n%s", who, who, c.message)
	return b.Bytes()
}

func decodeCommit(data []byte) (commitData, error) {
	var c commitData
	head, msg, ok := bytes.Cut(data, []byte("\n\n"))
	if !ok {
		head = data
	}
	c.message = string(msg)
	for _, line := range strings.Split(string(head), "\n") {
		key, val, _ := strings.Cut(line, " ")
		switch key {
		case "tree":
			c.tree = plumbing.NewHash(val)
		case "parent":
			c.parents = append(c.parents, plumbing.NewHash(val))
		case "author":
			c.author = parseSignature(val)
		}
	}
	if c.tree.IsZero() {
		return c, fmt.Errorf("damaged commit object: no tree")
	}
	return c, nil
}

// parseSignature reads "Name <email> 1764324000 +0000".
func parseSignature(s string) Signature {
	var sig Signature
	lt, gt := strings.LastIndex(s, "<"), strings.LastIndex(s, ">")
	if lt < 0 || gt < lt {
		return sig
	}
	sig.Name, sig.Email = strings.TrimSpace(s[:lt]), s[lt+1:gt]
	fields := strings.Fields(s[gt+1:])
	if len(fields) == 2 {
		secs, _ := strconv.ParseInt(fields[0], 10, 64)
		when := time.Unix(secs, 0)
		if tz, err := time.Parse("-0700", fields[1]); err == nil {
			when = when.In(tz.Location())
		}
		sig.When = when
	}
	return sig
}

// put stores an object and returns its hash.
func (r *Repo) put(t plumbing.ObjectType, data []byte) (plumbing.Hash, error) {
	obj := r.s.NewEncodedObject()
	obj.SetType(t)
	w, err := obj.Writer()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if _, err := w.Write(data); err != nil {
		return plumbing.ZeroHash, err
	}
	if err := w.Close(); err != nil {
		return plumbing.ZeroHash, err
	}
	return r.s.SetEncodedObject(obj)
}

// get reads an object of the expected type.
func (r *Repo) get(t plumbing.ObjectType, h plumbing.Hash) ([]byte, error) {
	obj, err := r.s.EncodedObject(t, h)
	if err != nil {
		return nil, fmt.Errorf("object %s: %w", h, err)
	}
	rd, err := obj.Reader()
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	return io.ReadAll(rd)
}
