//go:build !unix

package sqlite

import "os"

// lockFile does nothing where flock(2) is missing: there, nothing stops a
// second process from opening the database as its owner.
func lockFile(string) (*os.File, error) { return nil, nil }
