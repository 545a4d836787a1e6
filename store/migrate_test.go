package store_test

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"briefbot/store"
)

func TestLoadMigrationsOrdersByNumber(t *testing.T) {
	fsys := fstest.MapFS{
		"migrations/0010_ten.sql":  {Data: []byte("-- ten")},
		"migrations/0002_two.sql":  {Data: []byte("-- two")},
		"migrations/0001_init.sql": {Data: []byte("CREATE TABLE t (x INTEGER);")},
		"migrations/README":        {Data: []byte("not a migration")},
		"other/0003_three.sql":     {Data: []byte("-- elsewhere")},
	}
	for i := 3; i <= 9; i++ {
		fsys[fmt.Sprintf("migrations/%04d_n.sql", i)] = &fstest.MapFile{Data: []byte("-- n")}
	}
	ms, err := store.LoadMigrations(fsys, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 10 {
		t.Fatalf("loaded %d migrations, want 10", len(ms))
	}
	for i, m := range ms {
		if m.Version != i+1 {
			t.Errorf("migration %d is %s (version %d), want version %d", i, m.Name, m.Version, i+1)
		}
	}
	if ms[0].Name != "0001_init.sql" || ms[0].SQL != "CREATE TABLE t (x INTEGER);" {
		t.Errorf("first migration = %q %q, want 0001_init.sql and its text", ms[0].Name, ms[0].SQL)
	}
	if ms[9].Name != "0010_ten.sql" {
		t.Errorf("last migration = %s, want 0010_ten.sql (numbers, not names, order them)", ms[9].Name)
	}
}

func TestLoadMigrationsRefusesBadSets(t *testing.T) {
	for name, tc := range map[string]struct {
		files []string
		want  string // in the error: the file to fix
	}{
		"gap":        {[]string{"0001_init.sql", "0003_three.sql"}, "0003_three.sql"},
		"repeat":     {[]string{"0001_init.sql", "0002_a.sql", "0002_b.sql"}, "0002_"},
		"no number":  {[]string{"0001_init.sql", "init2.sql"}, "init2.sql"},
		"zero":       {[]string{"0000_zero.sql", "0001_init.sql"}, "0000_zero.sql"},
		"no start":   {[]string{"0002_two.sql"}, "0002_two.sql"},
		"not number": {[]string{"0001_init.sql", "two_x.sql"}, "two_x.sql"},
	} {
		fsys := fstest.MapFS{}
		for _, f := range tc.files {
			fsys["m/"+f] = &fstest.MapFile{Data: []byte("-- x")}
		}
		_, err := store.LoadMigrations(fsys, "m")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: LoadMigrations(%v) = %v, want an error naming %s", name, tc.files, err, tc.want)
		}
	}
}

func TestCheckSchemaVersion(t *testing.T) {
	ms := []store.Migration{{Version: 1}, {Version: 2}}
	for newest := 0; newest <= 2; newest++ {
		if err := store.CheckSchemaVersion(newest, ms); err != nil {
			t.Errorf("CheckSchemaVersion(%d) with 2 migrations = %v, want nil", newest, err)
		}
	}
	if err := store.CheckSchemaVersion(3, ms); err == nil {
		t.Error("CheckSchemaVersion(3) with 2 migrations = nil, want a refusal")
	}
}
