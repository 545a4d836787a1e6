package store

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
)

// Migration is one forward-only schema change, read from a file named
// NNNN_name.sql: the number is its version.
type Migration struct {
	Version int
	Name    string // the file's name, "0001_init.sql"
	SQL     string
}

// LoadMigrations reads the migrations dir/*.sql of fsys (a backend's
// embedded files), ordered by version, and refuses a set that does not
// number 1, 2, 3... without a gap or a repeat, so a missing or misnamed
// file stops the build's tests rather than a deployment.
func LoadMigrations(fsys fs.FS, dir string) ([]Migration, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.sql"))
	if err != nil {
		return nil, err
	}
	var ms []Migration
	for _, name := range names {
		base := path.Base(name)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must start with a positive number and '_'", base)
		}
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: base, SQL: string(body)})
	}
	slices.SortFunc(ms, func(a, b Migration) int { return a.Version - b.Version })
	for i, m := range ms {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migration %s: want version %d", m.Name, i+1)
		}
	}
	return ms, nil
}

// CheckSchemaVersion refuses a database whose newest applied migration is
// one this binary does not have (a newer briefbot migrated it): writing to
// it could lose what the newer schema keeps.
func CheckSchemaVersion(newest int, ms []Migration) error {
	if newest > len(ms) {
		return fmt.Errorf("schema version %d is newer than this binary knows (%d); run the newer briefbot", newest, len(ms))
	}
	return nil
}
