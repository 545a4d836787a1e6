package sumeval

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Doc is one article of an evaluation set with its reference summary.
type Doc struct {
	Category string // the folder it came from: "business", "politics"
	Name     string // the file name shared by article and summary: "001.txt"
	Title    string // the article's first line
	Body     string // the article without its title line: what a summarizer reads
	// Reference is the reference summary as stored: whole sentences of Body
	// glued together, often without a space between them.
	Reference string
}

// Load reads the BBC News Summary layout under dir: one folder per
// category, each holding articles/NNN.txt and summaries/NNN.txt. The
// first line of an article is its title and the rest its body. Documents
// come back sorted by category, then file name.
func Load(dir string) ([]Doc, error) {
	cats, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", dir, err)
	}
	var docs []Doc
	for _, c := range cats {
		if !c.IsDir() {
			continue
		}
		artDir := filepath.Join(dir, c.Name(), "articles")
		files, err := os.ReadDir(artDir)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", artDir, err)
		}
		for _, f := range files {
			if f.IsDir() || !strings.HasSuffix(f.Name(), ".txt") {
				continue
			}
			art, err := os.ReadFile(filepath.Join(artDir, f.Name()))
			if err != nil {
				return nil, fmt.Errorf("load %s: %w", f.Name(), err)
			}
			sumPath := filepath.Join(dir, c.Name(), "summaries", f.Name())
			ref, err := os.ReadFile(sumPath)
			if err != nil {
				return nil, fmt.Errorf("load %s: %w", sumPath, err)
			}
			title, body := splitTitle(string(art))
			docs = append(docs, Doc{
				Category:  c.Name(),
				Name:      f.Name(),
				Title:     title,
				Body:      body,
				Reference: strings.TrimSpace(string(ref)),
			})
		}
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("load %s: no category/articles/*.txt files", dir)
	}
	slices.SortFunc(docs, func(a, b Doc) int {
		if c := strings.Compare(a.Category, b.Category); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return docs, nil
}

// splitTitle separates an article's first line from the rest.
func splitTitle(s string) (title, body string) {
	s = strings.TrimPrefix(s, "\ufeff")
	title, body, _ = strings.Cut(s, "\n")
	return strings.TrimSpace(title), strings.TrimSpace(body)
}

// RefLength returns how many sentences the reference summary holds. The
// reference glues sentences copied from the article, often without a space,
// so it is cut after a full stop, question or exclamation mark (and any
// closing quote) that is followed, with or without space, by an upper-case
// letter or a quote, or after a space by a digit; not after an initial or
// a dotted abbreviation such as "U.S.".
func RefLength(ref string) int {
	n := 0
	seen := false
	for i := 0; i < len(ref); {
		r, size := utf8.DecodeRuneInString(ref[i:])
		i += size
		if !unicode.IsSpace(r) {
			seen = true
		}
		if r != '.' && r != '?' && r != '!' {
			continue
		}
		for i < len(ref) && (ref[i] == '"' || ref[i] == '\'' || ref[i] == ')') {
			i++
		}
		k := i
		for k < len(ref) && (ref[k] == ' ' || ref[k] == '\n' || ref[k] == '\t') {
			k++
		}
		if k >= len(ref) {
			break
		}
		next, _ := utf8.DecodeRuneInString(ref[k:])
		if unicode.IsUpper(next) || next == '"' || k > i && unicode.IsDigit(next) {
			if isDottedAbbreviation(ref[:i]) {
				continue
			}
			n++
			seen = false
		}
	}
	if seen {
		n++
	}
	return n
}

// isDottedAbbreviation reports whether s ends with an initial or a dotted
// abbreviation such as "U.S." or "J.", which continue a sentence.
func isDottedAbbreviation(s string) bool {
	s = strings.TrimRight(s, "\"')")
	if !strings.HasSuffix(s, ".") {
		return false
	}
	s = s[:len(s)-1]
	i := len(s)
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if !unicode.IsLetter(r) && r != '.' {
			break
		}
		i -= size
	}
	word := s[i:]
	if word == "" {
		return false
	}
	if utf8.RuneCountInString(word) == 1 {
		r, _ := utf8.DecodeRuneInString(word)
		return unicode.IsUpper(r)
	}
	for _, seg := range strings.Split(word, ".") {
		if utf8.RuneCountInString(seg) != 1 {
			return false
		}
	}
	return true
}
