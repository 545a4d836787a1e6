package feeds

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// cp1252Byte maps a rune back to the windows-1252 byte that decodes to it,
// for the runes that can appear when UTF-8 bytes were misread as
// windows-1252 or ISO-8859-1 (U+0080 to U+00FF and the twenty-seven
// typographic characters windows-1252 puts at 0x80 to 0x9F).
var cp1252Byte = map[rune]byte{}

func init() {
	for b := 0x80; b <= 0xFF; b++ {
		cp1252Byte[rune(b)] = byte(b) // C1 controls and Latin-1
	}
	for b := 0x80; b <= 0x9F; b++ {
		if r := charmap.Windows1252.DecodeByte(byte(b)); r != utf8.RuneError {
			cp1252Byte[r] = byte(b)
		}
	}
}

// fixMojibake undoes the commonest corruption in feed text: UTF-8 that was
// decoded as windows-1252 and encoded as UTF-8 again, which turns "Köln"
// into "KÃ¶ln" and "Яндекс" into "Ð¯Ð½Ð´ÐµÐºÑ". Each run of runes that
// re-encodes to a valid multi-byte UTF-8 sequence is replaced by the
// character it encodes; everything else is left alone. Real text almost
// never holds such runs: they need a capital accented letter followed by
// symbols or punctuation from the upper Latin-1 half. It repeats for text
// corrupted twice.
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
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s))
	changed := false
	for i := 0; i < len(rs); i++ {
		lead, ok := cp1252Byte[rs[i]]
		n := 0
		switch {
		case ok && lead >= 0xC2 && lead <= 0xDF:
			n = 1
		case ok && lead >= 0xE0 && lead <= 0xEF:
			n = 2
		case ok && lead >= 0xF0 && lead <= 0xF4:
			n = 3
		}
		if n == 0 || i+n >= len(rs) {
			b.WriteRune(rs[i])
			continue
		}
		seq := []byte{lead}
		for _, r := range rs[i+1 : i+1+n] {
			c, ok := cp1252Byte[r]
			if !ok || c < 0x80 || c > 0xBF {
				break
			}
			seq = append(seq, c)
		}
		r, size := utf8.DecodeRune(seq)
		if len(seq) != n+1 || r == utf8.RuneError || size != n+1 {
			b.WriteRune(rs[i])
			continue
		}
		b.WriteRune(r)
		i += n
		changed = true
	}
	return b.String(), changed
}

// hasMojibakeLead is a fast check for a rune that could start a misread
// UTF-8 sequence (windows-1252 0xC2 to 0xF4: "Â" to "ô").
func hasMojibakeLead(s string) bool {
	for _, r := range s {
		if r >= 0xC2 && r <= 0xF4 {
			return true
		}
	}
	return false
}
