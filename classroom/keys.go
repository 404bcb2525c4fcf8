package classroom

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strings"

	gossh "golang.org/x/crypto/ssh"
)

// Keys is a set of public keys, read from a file in the authorized_keys
// format: one key a line, blank lines and lines starting with # skipped.
type Keys struct {
	set map[string]bool // by the key's wire form
}

// ReadKeys reads the keys of an authorized_keys file. A line that is not a
// key is an error naming the file and the line; a file without a single key
// is one too (a list that admits nobody is a mistake).
func ReadKeys(path string) (Keys, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Keys{}, fmt.Errorf("cannot read the key list: %w", err)
	}
	k := Keys{set: map[string]bool{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		pk, _, _, _, err := gossh.ParseAuthorizedKey([]byte(line))
		if err != nil {
			return Keys{}, fmt.Errorf("%s line %d is not a public key (%v): write one key a line, as in authorized_keys (\"ssh-ed25519 AAAA... name\")", path, n, err)
		}
		k.set[string(pk.Marshal())] = true
	}
	if err := sc.Err(); err != nil {
		return Keys{}, fmt.Errorf("cannot read the key list %s: %w", path, err)
	}
	if len(k.set) == 0 {
		return Keys{}, fmt.Errorf("%s holds no public key: write one key a line, as in authorized_keys", path)
	}
	return k, nil
}

// NewKeys returns the set of the given keys (for tests and callers that hold
// keys already).
func NewKeys(pks ...gossh.PublicKey) Keys {
	k := Keys{set: map[string]bool{}}
	for _, pk := range pks {
		k.set[string(pk.Marshal())] = true
	}
	return k
}

// Has reports whether pk is in the set; a nil key never is.
func (k Keys) Has(pk gossh.PublicKey) bool {
	return pk != nil && k.set[string(pk.Marshal())]
}

// Len returns how many keys the set holds.
func (k Keys) Len() int { return len(k.set) }
