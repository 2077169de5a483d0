package gitstate

import (
	"errors"
	"fmt"

	"github.com/go-git/go-git/v5/plumbing"
)

// DamageError is a state repository whose history cannot be read whole:
// a branch gone or pointing at nothing, an object missing or corrupt. It
// says what is damaged and the git command that repairs it; nothing is
// recorded onto it, and reads give what comes before the damage.
type DamageError struct {
	Dir  string
	What string
	Fix  string
}

func (e *DamageError) Error() string {
	return fmt.Sprintf("the state repository %s is damaged: %s; repair it: %s", e.Dir, e.What, e.Fix)
}

// tip is the commit the current branch points at: zero when nothing was
// ever recorded, a *DamageError when the branch is missing or garbage
// while the repository holds commits.
func (r *Repo) tip() (branch plumbing.ReferenceName, h plumbing.Hash, err error) {
	head, err := r.s.Reference(plumbing.HEAD)
	if err != nil {
		return "", plumbing.ZeroHash, fmt.Errorf("reading HEAD of %s: %w", r.dir, err)
	}
	if head.Type() != plumbing.SymbolicReference {
		return "", head.Hash(), r.checkCommit("HEAD", head.Hash())
	}
	branch = head.Target()
	ref, err := r.s.Reference(branch)
	switch {
	case errors.Is(err, plumbing.ErrReferenceNotFound):
		newest, n := r.newest()
		if n == 0 {
			return branch, plumbing.ZeroHash, nil // an empty repository
		}
		return branch, plumbing.ZeroHash, &DamageError{Dir: r.dir,
			What: fmt.Sprintf("branch %s is missing, though the repository holds %d records (the newest is %s)", branch.Short(), n, newest),
			Fix:  fmt.Sprintf("git -C %s update-ref %s %s (check it with git -C %s log %s first)", r.dir, branch, newest, r.dir, newest)}
	case err != nil:
		return branch, plumbing.ZeroHash, r.badRef(branch, fmt.Sprint(err))
	}
	if err := r.checkCommit(branch.String(), ref.Hash()); err != nil {
		return branch, plumbing.ZeroHash, err
	}
	return branch, ref.Hash(), nil
}

// checkCommit: h, which name points at, is a commit of the repository.
func (r *Repo) checkCommit(name string, h plumbing.Hash) error {
	if h.IsZero() {
		return r.badRef(plumbing.ReferenceName(name), "it holds no commit hash")
	}
	if _, err := r.commit(h); err != nil {
		return r.badRef(plumbing.ReferenceName(name), fmt.Sprintf("it points at %s, which is not a readable commit (%v)", h, err))
	}
	return nil
}

func (r *Repo) badRef(name plumbing.ReferenceName, why string) error {
	fix := fmt.Sprintf("git -C %s fsck names what is missing; restore the repository from a clone", r.dir)
	if newest, n := r.newest(); n > 0 {
		fix = fmt.Sprintf("git -C %s update-ref %s %s (the newest readable record; check it with git -C %s log %s first)", r.dir, name, newest, r.dir, newest)
	}
	return &DamageError{Dir: r.dir, What: fmt.Sprintf("%s is not usable: %s", name, why), Fix: fix}
}

// newest is the readable commit recorded last, and how many there are.
func (r *Repo) newest() (plumbing.Hash, int) {
	it, err := r.s.IterEncodedObjects(plumbing.CommitObject)
	if err != nil {
		return plumbing.ZeroHash, 0
	}
	defer it.Close()
	var best *Commit
	n := 0
	_ = it.ForEach(func(o plumbing.EncodedObject) error {
		c, err := r.commit(o.Hash())
		if err != nil {
			return nil
		}
		n++
		if best == nil || c.When.After(best.When) {
			best = c
		}
		return nil
	})
	if best == nil {
		return plumbing.ZeroHash, 0
	}
	return plumbing.NewHash(best.Hash), n
}
