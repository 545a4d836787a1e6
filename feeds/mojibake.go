package feeds

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// cp1252Specials maps the twenty-seven typographic characters windows-1252
// puts at 0x80 to 0x9F back to their bytes.
var cp1252Specials = map[rune]byte{}

func init() {
	for b := 0x80; b <= 0x9F; b++ {
		if r := charmap.Windows1252.DecodeByte(byte(b)); r != utf8.RuneError && r > 0xFF {
			cp1252Specials[r] = byte(b)
		}
	}
}

// cp1252Byte maps a rune back to the windows-1252 byte that decodes to it,
// for the runes that appear when UTF-8 bytes were misread as windows-1252
// or ISO-8859-1: U+0080 to U+00FF (C1 controls stand for the five bytes
// windows-1252 leaves undefined) and the typographic characters.
func cp1252Byte(r rune) (byte, bool) {
	if r >= 0x80 && r <= 0xFF {
		return byte(r), true
	}
	if r < 0x2000 && r != 0x152 && r != 0x153 && r != 0x160 && r != 0x161 && r != 0x178 && r != 0x17D && r != 0x17E && r != 0x192 && r != 0x2C6 && r != 0x2DC {
		return 0, false
	}
	b, ok := cp1252Specials[r]
	return b, ok
}

// fixMojibake undoes the commonest corruption in feed text: UTF-8 that was
// decoded as windows-1252 and encoded as UTF-8 again, which turns "Köln"
// into "KÃ¶ln" and "Яндекс" into "Ð¯Ð½Ð´ÐµÐºÑ". Each run of runes that
// re-encodes to a valid multi-byte UTF-8 sequence is replaced by the
// character it encodes; everything else is left alone. Real text almost
// never holds such runs: they need an accented capital or lower-case
// letter followed by symbols or punctuation from the upper Latin-1 half.
// It repeats for text corrupted twice.
func fixMojibake(s string) string {
	for range 3 {
		fixed, changed := fixMojibakeOnce(s)
		if !changed {
			break
		}
		s = fixed
	}
	return s
}

func fixMojibakeOnce(s string) (string, bool) {
	if !hasMojibakeLead(s) {
		return s, false
	}
	var b strings.Builder
	changed := false
	var seq [4]byte
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		lead, ok := cp1252Byte(r)
		n := 0
		switch {
		case !ok:
		case lead >= 0xC2 && lead <= 0xDF:
			n = 1
		case lead >= 0xE0 && lead <= 0xEF:
			n = 2
		case lead >= 0xF0 && lead <= 0xF4:
			n = 3
		}
		if n > 0 {
			seq[0] = lead
			j, k := i+size, 1
			for ; k <= n && j < len(s); k++ {
				cr, csize := utf8.DecodeRuneInString(s[j:])
				c, ok := cp1252Byte(cr)
				if !ok || c < 0x80 || c > 0xBF {
					break
				}
				seq[k] = c
				j += csize
			}
			if k == n+1 {
				if dr, dsize := utf8.DecodeRune(seq[:n+1]); dr != utf8.RuneError && dsize == n+1 {
					if !changed {
						b.Grow(len(s))
						b.WriteString(s[:i])
						changed = true
					}
					b.WriteRune(dr)
					i = j
					continue
				}
			}
		}
		if changed {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	if !changed {
		return s, false
	}
	return b.String(), true
}

// hasMojibakeLead is a fast check for a rune that could start a misread
// UTF-8 sequence: U+00C2 to U+00F4 ("Â" to "ô"), encoded C3 82 to C3 B4.
func hasMojibakeLead(s string) bool {
	for i := strings.IndexByte(s, 0xC3); i >= 0 && i+1 < len(s); {
		if c := s[i+1]; c >= 0x82 && c <= 0xB4 {
			return true
		}
		next := strings.IndexByte(s[i+1:], 0xC3)
		if next < 0 {
			return false
		}
		i += 1 + next
	}
	return false
}
