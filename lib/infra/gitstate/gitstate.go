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
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// Repo is a state repository.
type Repo struct {
	r   *git.Repository
	dir string
}

// ErrNoRepo is a directory without a repository.
var ErrNoRepo = errors.New("no state repository")

// Open opens the repository at dir (bare or not).
func Open(dir string) (*Repo, error) {
	r, err := git.PlainOpen(dir)
	switch {
	case errors.Is(err, git.ErrRepositoryNotExists):
		return nil, fmt.Errorf("%w at %s: create one with harmony-state record --init, or point --repo at it", ErrNoRepo, dir)
	case err != nil:
		return nil, fmt.Errorf("%s is not a readable git repository (%v): check it with git fsck, or record into a new one", dir, err)
	}
	return &Repo{r: r, dir: dir}, nil
}

// Init creates a bare repository at dir whose HEAD is refs/heads/main, or
// opens the one there.
func Init(dir string) (*Repo, error) {
	if r, err := Open(dir); err == nil {
		return r, nil
	}
	r, err := git.PlainInitWithOptions(dir, &git.PlainInitOptions{Bare: true,
		InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName("main")}})
	if err != nil {
		return nil, fmt.Errorf("creating the state repository %s: %w", dir, err)
	}
	return &Repo{r: r, dir: dir}, nil
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
	head, err := r.r.Storer.Reference(plumbing.HEAD)
	if err != nil {
		return "", fmt.Errorf("reading HEAD of %s: %w", r.dir, err)
	}
	branch := head.Target()
	if head.Type() != plumbing.SymbolicReference {
		return "", fmt.Errorf("HEAD of %s is detached: check out a branch", r.dir)
	}
	var parents []plumbing.Hash
	if ref, err := r.r.Storer.Reference(branch); err == nil {
		parents = append(parents, ref.Hash())
	} else if !errors.Is(err, plumbing.ErrReferenceNotFound) {
		return "", err
	}
	tree, err := r.writeTree(files)
	if err != nil {
		return "", err
	}
	sigObj := object.Signature{Name: sig.Name, Email: sig.Email, When: sig.When}
	c := &object.Commit{Author: sigObj, Committer: sigObj, Message: msg, TreeHash: tree, ParentHashes: parents}
	obj := r.r.Storer.NewEncodedObject()
	if err := c.Encode(obj); err != nil {
		return "", err
	}
	hash, err := r.r.Storer.SetEncodedObject(obj)
	if err != nil {
		return "", fmt.Errorf("writing the commit: %w", err)
	}
	if hook != nil {
		hook("objects-written")
	}
	// The one step that makes the record visible, last.
	if err := r.r.Storer.SetReference(plumbing.NewHashReference(branch, hash)); err != nil {
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
	root := &dir{files: map[string]plumbing.Hash{}, dirs: map[string]*dir{}}
	for p, data := range files {
		obj := r.r.Storer.NewEncodedObject()
		obj.SetType(plumbing.BlobObject)
		w, err := obj.Writer()
		if err != nil {
			return plumbing.ZeroHash, err
		}
		if _, err := w.Write(data); err != nil {
			return plumbing.ZeroHash, err
		}
		w.Close()
		h, err := r.r.Storer.SetEncodedObject(obj)
		if err != nil {
			return plumbing.ZeroHash, fmt.Errorf("writing %s: %w", p, err)
		}
		d := root
		parts := strings.Split(p, "/")
		for _, part := range parts[:len(parts)-1] {
			next, ok := d.dirs[part]
			if !ok {
				next = &dir{files: map[string]plumbing.Hash{}, dirs: map[string]*dir{}}
				d.dirs[part] = next
			}
			d = next
		}
		d.files[parts[len(parts)-1]] = h
	}
	var write func(d *dir) (plumbing.Hash, error)
	write = func(d *dir) (plumbing.Hash, error) {
		var t object.Tree
		for name, h := range d.files {
			t.Entries = append(t.Entries, object.TreeEntry{Name: name, Mode: filemode.Regular, Hash: h})
		}
		for name, sub := range d.dirs {
			h, err := write(sub)
			if err != nil {
				return plumbing.ZeroHash, err
			}
			t.Entries = append(t.Entries, object.TreeEntry{Name: name, Mode: filemode.Dir, Hash: h})
		}
		// git orders entries by name, directories as if followed by "/".
		sort.Slice(t.Entries, func(i, j int) bool { return treeKey(t.Entries[i]) < treeKey(t.Entries[j]) })
		obj := r.r.Storer.NewEncodedObject()
		if err := t.Encode(obj); err != nil {
			return plumbing.ZeroHash, err
		}
		return r.r.Storer.SetEncodedObject(obj)
	}
	return write(root)
}

func treeKey(e object.TreeEntry) string {
	if e.Mode == filemode.Dir {
		return e.Name + "/"
	}
	return e.Name
}

// lock takes the repository's record lock, waiting up to a minute.
func (r *Repo) lock(ctx context.Context) (func(), error) {
	p := filepath.Join(r.dir, "harmony-record.lock")
	if st, err := os.Stat(filepath.Join(r.dir, ".git")); err == nil && st.IsDir() {
		p = filepath.Join(r.dir, ".git", "harmony-record.lock")
	}
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
	c       *object.Commit
}

// File reads a file of the commit; ok is false when it has none there.
func (c *Commit) File(p string) ([]byte, bool, error) {
	f, err := c.c.File(p)
	if errors.Is(err, object.ErrFileNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	rd, err := f.Reader()
	if err != nil {
		return nil, false, err
	}
	defer rd.Close()
	data, err := io.ReadAll(rd)
	return data, true, err
}

// Log returns the commits of the current branch, newest first.
func (r *Repo) Log() ([]*Commit, error) {
	head, err := r.r.Head()
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return nil, nil // nothing recorded yet
	}
	if err != nil {
		return nil, err
	}
	it, err := r.r.Log(&git.LogOptions{From: head.Hash()})
	if err != nil {
		return nil, err
	}
	var out []*Commit
	err = it.ForEach(func(c *object.Commit) error {
		out = append(out, &Commit{Hash: c.Hash.String(), When: c.Author.When, Author: c.Author.Name, Message: c.Message, c: c})
		return nil
	})
	if err != nil && !errors.Is(err, storer.ErrStop) {
		return nil, err
	}
	return out, nil
}

// Resolve returns the commit a revision (a branch, a tag, a hash, HEAD~2)
// names.
func (r *Repo) Resolve(rev string) (*Commit, error) {
	h, err := r.r.ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		return nil, fmt.Errorf("revision %q is not in %s: %w", rev, r.dir, err)
	}
	c, err := r.r.CommitObject(*h)
	if err != nil {
		return nil, err
	}
	return &Commit{Hash: c.Hash.String(), When: c.Author.When, Author: c.Author.Name, Message: c.Message, c: c}, nil
}

// File is one file read at a revision.
type File struct {
	Path string
	Data []byte
}

// Files returns the file at p, or the files directly in directory p, at
// the commit.
func (c *Commit) Files(p string) ([]File, error) {
	tree, err := c.c.Tree()
	if err != nil {
		return nil, err
	}
	p = strings.Trim(path.Clean("/"+p), "/")
	if p != "" {
		if data, ok, err := c.File(p); err != nil || ok {
			return []File{{Path: p, Data: data}}, err
		}
		if tree, err = tree.Tree(p); err != nil {
			return nil, fmt.Errorf("%s is neither a file nor a directory at %s", p, c.Hash[:12])
		}
	}
	var out []File
	for _, e := range tree.Entries {
		if !e.Mode.IsFile() {
			continue
		}
		switch path.Ext(e.Name) {
		case ".yaml", ".yml", ".json":
		default:
			continue
		}
		data, _, err := c.File(path.Join(p, e.Name))
		if err != nil {
			return nil, err
		}
		out = append(out, File{Path: path.Join(p, e.Name), Data: data})
	}
	slices.SortFunc(out, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}
