package classroom

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	gossh "golang.org/x/crypto/ssh"
)

// DefaultHostKey returns where the server keeps its host key unless told
// otherwise: host_ed25519 in poolviz's folder of the user's config folder.
func DefaultHostKey() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no config folder for the host key (%v): give one with --host-key", err)
	}
	return filepath.Join(dir, "poolviz", "host_ed25519"), nil
}

// LoadHostKey returns the host key at path, creating it (an Ed25519 key, mode
// 0600, in a folder of mode 0700) the first time, so that learners see the same
// server every time. A key that others may read is refused: it would let them
// pose as this server.
func LoadHostKey(path string) (gossh.Signer, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if err := createHostKey(path); err != nil {
			return nil, err
		}
		data, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the host key: %w", err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the host key: %w", err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("the host key %s may be read by others (mode %04o): chmod 600 it", path, fi.Mode().Perm())
	}
	signer, err := gossh.ParsePrivateKey(data)
	if err != nil {
		return nil, fmt.Errorf("the host key %s is not a private key without a passphrase: %v", path, err)
	}
	return signer, nil
}

// createHostKey writes a new Ed25519 private key at path with mode 0600. It is
// written to a temporary file and linked into place, so that the path never
// holds half a key, and a key another server created meanwhile is kept.
func createHostKey(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("cannot create the folder of the host key: %w", err)
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	block, err := gossh.MarshalPrivateKey(priv, "poolviz serve")
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".host-key-*") // mode 0600
	if err != nil {
		return fmt.Errorf("cannot create the host key in %s: %w", dir, err)
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(pem.EncodeToMemory(block)); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Link(f.Name(), path); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("cannot create the host key: %w", err)
	}
	return nil
}
