// Package gitstate keeps Harmony's memory in a git repository, through
// go-git (no git binary at run time): each record is one commit of files
// built directly in the object store, with the branch moved last, so a
// crash at any point leaves the repository valid; records to one
// repository are serialised by a lock. It also reads files at any
// revision, for plans made from reviewed inputs.
package gitstate

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// Repo is a state repository.
type Repo struct {
	s      *filesystem.Storage
	dir    string // as given
	gitDir string // where the objects are: dir itself when bare, else dir/.git
}

// ErrNoRepo is a directory without a repository.
var ErrNoRepo = errors.New("no state repository")

// Open opens the repository at dir (bare or not).
func Open(dir string) (*Repo, error) {
	gitDir := dir
	if st, err := os.Stat(filepath.Join(dir, ".git")); err == nil && st.IsDir() {
		gitDir = filepath.Join(dir, ".git")
	}
	if _, err := os.Stat(filepath.Join(gitDir, "HEAD")); err != nil {
		return nil, fmt.Errorf("%w at %s: create one with harmony-state record --init, or point --repo at it", ErrNoRepo, dir)
	}
	if st, err := os.Stat(filepath.Join(gitDir, "objects")); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("%s is not a readable git repository (no objects directory): check it with git fsck, or record into a new one", dir)
	}
	s := filesystem.NewStorage(osfs.New(gitDir), cache.NewObjectLRUDefault())
	if _, err := s.Reference(plumbing.HEAD); err != nil {
		return nil, fmt.Errorf("%s is not a readable git repository (HEAD: %v): check it with git fsck, or record into a new one", dir, err)
	}
	return &Repo{s: s, dir: dir, gitDir: gitDir}, nil
}

// Init creates a bare repository at dir whose HEAD is refs/heads/main, or
// opens the one there.
func Init(dir string) (*Repo, error) {
	if r, err := Open(dir); err == nil {
		return r, nil
	} else if !errors.Is(err, ErrNoRepo) {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating the state repository %s: %w", dir, err)
	}
	s := filesystem.NewStorage(osfs.New(dir), cache.NewObjectLRUDefault())
	cfg := config.NewConfig()
	cfg.Core.IsBare = true
	if err := s.SetConfig(cfg); err != nil {
		return nil, fmt.Errorf("creating the state repository %s: %w", dir, err)
	}
	for _, d := range []string{"objects", "refs/heads", "refs/tags"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return nil, err
		}
	}
	if err := s.SetReference(plumbing.NewSymbolicReference(plumbing.HEAD, plumbing.NewBranchReferenceName("main"))); err != nil {
		return nil, fmt.Errorf("creating the state repository %s: %w", dir, err)
	}
	return Open(dir)
}

// Signature is who recorded, and when.
type Signature struct {
	Name, Email string
	When        time.Time
}

// hook lets a test stop a record between its objects and its ref update,
// as a crash would.
var hook func(stage string)

// Record commits files (path → content) on the current branch with msg,
// under a lock that serialises records, and returns the commit's hash.
func (r *Repo) Record(ctx context.Context, files map[string][]byte, msg string, sig Signature) (string, error) {
	unlock, err := r.lock(ctx)
	if err != nil {
		return "", err
	}
	defer unlock()
	head, err := r.s.Reference(plumbing.HEAD)
	if err != nil {
		return "", fmt.Errorf("reading HEAD of %s: %w", r.dir, err)
	}
	if head.Type() != plumbing.SymbolicReference {
		return "", fmt.Errorf("HEAD of %s is detached: check out a branch", r.dir)
	}
	// Never a parentless commit over an existing history, nor one whose
	// parent is garbage: a damaged branch is refused.
	branch, tip, err := r.tip()
	if err != nil {
		return "", err
	}
	var parents []plumbing.Hash
	if !tip.IsZero() {
		parents = append(parents, tip)
	}
	tree, err := r.writeTree(files)
	if err != nil {
		return "", err
	}
	hash, err := r.put(plumbing.CommitObject, encodeCommit(commitData{tree: tree, parents: parents, author: sig, message: msg}))
	if err != nil {
		return "", fmt.Errorf("writing the commit: %w", err)
	}
	if hook != nil {
		hook("objects-written")
	}
	// The one step that makes the record visible, last.
	if err := r.s.SetReference(plumbing.NewHashReference(branch, hash)); err != nil {
		return "", fmt.Errorf("moving %s: %w", branch.Short(), err)
	}
	return hash.String(), nil
}

// writeTree stores files as blobs and nested trees, and returns the root.
func (r *Repo) writeTree(files map[string][]byte) (plumbing.Hash, error) {
	type dir struct {
		files map[string]plumbing.Hash
		dirs  map[string]*dir
	}
	newDir := func() *dir { return &dir{files: map[string]plumbing.Hash{}, dirs: map[string]*dir{}} }
	root := newDir()
	for p, data := range files {
		h, err := r.put(plumbing.BlobObject, data)
		if err != nil {
			return plumbing.ZeroHash, fmt.Errorf("writing %s: %w", p, err)
		}
		d := root
		parts := strings.Split(p, "/")
		for _, part := range parts[:len(parts)-1] {
			next, ok := d.dirs[part]
			if !ok {
				next = newDir()
				d.dirs[part] = next
			}
			d = next
		}
		d.files[parts[len(parts)-1]] = h
	}
	var write func(d *dir) (plumbing.Hash, error)
	write = func(d *dir) (plumbing.Hash, error) {
		var entries []treeEntry
		for name, h := range d.files {
			entries = append(entries, treeEntry{name: name, mode: filemode.Regular, hash: h})
		}
		for name, sub := range d.dirs {
			h, err := write(sub)
			if err != nil {
				return plumbing.ZeroHash, err
			}
			entries = append(entries, treeEntry{name: name, mode: filemode.Dir, hash: h})
		}
		return r.put(plumbing.TreeObject, encodeTree(entries))
	}
	return write(root)
}

// lock takes the repository's record lock, waiting up to a minute.
func (r *Repo) lock(ctx context.Context) (func(), error) {
	p := filepath.Join(r.gitDir, "harmony-record.lock")
	f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("locking %s: %w", r.dir, err)
	}
	deadline := time.Now().Add(time.Minute)
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) || time.Now().After(deadline) {
			f.Close()
			return nil, fmt.Errorf("another record holds %s: %v", p, err)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// Commit is one recorded commit.
type Commit struct {
	Hash    string
	When    time.Time
	Author  string
	Message string
	r       *Repo
	data    commitData
}

func (r *Repo) commit(h plumbing.Hash) (*Commit, error) {
	raw, err := r.get(plumbing.CommitObject, h)
	if err != nil {
		return nil, err
	}
	c, err := decodeCommit(raw)
	if err != nil {
		return nil, fmt.Errorf("commit %s: %w", h, err)
	}
	return &Commit{Hash: h.String(), When: c.author.When, Author: c.author.Name, Message: c.message, r: r, data: c}, nil
}

// entry finds the tree entry at p, from the commit's root tree.
func (c *Commit) entry(p string) (treeEntry, bool, error) {
	cur := treeEntry{mode: filemode.Dir, hash: c.data.tree}
	for _, part := range strings.Split(strings.Trim(p, "/"), "/") {
		if part == "" || part == "." {
			continue
		}
		if cur.mode != filemode.Dir {
			return treeEntry{}, false, nil
		}
		raw, err := c.r.get(plumbing.TreeObject, cur.hash)
		if err != nil {
			return treeEntry{}, false, err
		}
		entries, err := decodeTree(raw)
		if err != nil {
			return treeEntry{}, false, err
		}
		i := slices.IndexFunc(entries, func(e treeEntry) bool { return e.name == part })
		if i < 0 {
			return treeEntry{}, false, nil
		}
		cur = entries[i]
	}
	return cur, true, nil
}

// File reads a file of the commit; ok is false when it has none there.
func (c *Commit) File(p string) ([]byte, bool, error) {
	e, ok, err := c.entry(p)
	if err != nil || !ok || e.mode == filemode.Dir {
		return nil, false, err
	}
	data, err := c.r.get(plumbing.BlobObject, e.hash)
	return data, err == nil, err
}

// Log returns the commits of the current branch, newest first, following
// first parents. On a damaged repository it returns what it could read,
// down to the damage, with a *DamageError.
func (r *Repo) Log() ([]*Commit, error) {
	_, tip, err := r.tip()
	if err != nil {
		return nil, err
	}
	var out []*Commit
	for h := tip; !h.IsZero(); {
		c, err := r.commit(h)
		if err != nil {
			fix := fmt.Sprintf("git -C %s fsck names every missing object; copy them from a clone of the repository (git -C CLONE cat-file -p %s)", r.dir, h)
			return out, &DamageError{Dir: r.dir, Fix: fix,
				What: fmt.Sprintf("record %s, the parent of the %d newest, cannot be read (%v): the history before it is out of reach", h, len(out), err)}
		}
		out = append(out, c)
		h = plumbing.ZeroHash
		if len(c.data.parents) > 0 {
			h = c.data.parents[0]
		}
	}
	return out, nil
}

var revRE = regexp.MustCompile(`^(.*?)((?:[~^][0-9]*)*)$`)

// Resolve returns the commit a revision names: HEAD, a branch, a tag, a
// full hash, each optionally followed by ~N or ^ (first parents).
func (r *Repo) Resolve(rev string) (*Commit, error) {
	m := revRE.FindStringSubmatch(rev)
	base, suffix := m[1], m[2]
	var h plumbing.Hash
	switch {
	case plumbing.IsHash(base):
		h = plumbing.NewHash(base)
	default:
		found := false
		for _, name := range []plumbing.ReferenceName{plumbing.ReferenceName(base), plumbing.NewBranchReferenceName(base), plumbing.NewTagReferenceName(base)} {
			ref, err := r.s.Reference(name)
			if err != nil {
				continue
			}
			if ref.Type() == plumbing.SymbolicReference {
				if ref, err = r.s.Reference(ref.Target()); err != nil {
					continue
				}
			}
			h, found = ref.Hash(), true
			break
		}
		if !found {
			return nil, fmt.Errorf("revision %q is not in %s: name a branch, a tag or a full commit hash", rev, r.dir)
		}
	}
	// A tag may point at a tag object: follow it to the commit.
	if raw, err := r.get(plumbing.TagObject, h); err == nil {
		if obj, _, ok := strings.Cut(string(raw), "\n"); ok {
			h = plumbing.NewHash(strings.TrimPrefix(obj, "object "))
		}
	}
	c, err := r.commit(h)
	if err != nil {
		return nil, fmt.Errorf("revision %q is not in %s: %w", rev, r.dir, err)
	}
	for suffix != "" {
		n := 1
		op := suffix[0]
		suffix = suffix[1:]
		j := 0
		for j < len(suffix) && suffix[j] >= '0' && suffix[j] <= '9' {
			j++
		}
		if j > 0 {
			n, _ = strconv.Atoi(suffix[:j])
			if op == '^' && n != 1 {
				return nil, fmt.Errorf("revision %q: only first parents (^ or ^1, ~N) are supported", rev)
			}
		}
		suffix = suffix[j:]
		for range n {
			if len(c.data.parents) == 0 {
				return nil, fmt.Errorf("revision %q goes past the first record of %s", rev, r.dir)
			}
			if c, err = r.commit(c.data.parents[0]); err != nil {
				return nil, err
			}
		}
	}
	return c, nil
}

// File is one file read at a revision.
type File struct {
	Path string
	Data []byte
}

// Files returns the file at p, or the .yaml, .yml and .json files directly
// in directory p, at the commit.
func (c *Commit) Files(p string) ([]File, error) {
	p = strings.Trim(path.Clean("/"+p), "/")
	e, ok, err := c.entry(p)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("%s is neither a file nor a directory at %s", orRoot(p), c.Hash[:12])
	}
	if e.mode != filemode.Dir {
		data, err := c.r.get(plumbing.BlobObject, e.hash)
		return []File{{Path: p, Data: data}}, err
	}
	raw, err := c.r.get(plumbing.TreeObject, e.hash)
	if err != nil {
		return nil, err
	}
	entries, err := decodeTree(raw)
	if err != nil {
		return nil, err
	}
	var out []File
	for _, te := range entries {
		if te.mode == filemode.Dir {
			continue
		}
		switch path.Ext(te.name) {
		case ".yaml", ".yml", ".json":
		default:
			continue
		}
		data, err := c.r.get(plumbing.BlobObject, te.hash)
		if err != nil {
			return nil, err
		}
		out = append(out, File{Path: path.Join(p, te.name), Data: data})
	}
	slices.SortFunc(out, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}

func orRoot(p string) string {
	if p == "" {
		return "the root"
	}
	return p
}
