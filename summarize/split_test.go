package summarize

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"plain sentences", "The talks ended. Both sides left.", []string{"The talks ended.", "Both sides left."}},
		{"titles do not end a sentence", "Mr. Smith met Gen. Jones and Dr. Lee. They talked.",
			[]string{"Mr. Smith met Gen. Jones and Dr. Lee.", "They talked."}},
		{"more titles", "Sen. Warren and Rep. Ortiz spoke with Prof. Hall. Nobody else did.",
			[]string{"Sen. Warren and Rep. Ortiz spoke with Prof. Hall.", "Nobody else did."}},
		{"U.S. before a name continues", "Officials in the U.S. Treasury agreed. Others did not.",
			[]string{"Officials in the U.S. Treasury agreed.", "Others did not."}},
		{"U.N. before a name continues", "The U.N. Security Council met on Monday. It voted.",
			[]string{"The U.N. Security Council met on Monday.", "It voted."}},
		{"U.S. at the end of a sentence", "The talks were held in the U.S. The next round is in May.",
			[]string{"The talks were held in the U.S.", "The next round is in May."}},
		{"initials", "John F. Kennedy was president. He died in 1963.",
			[]string{"John F. Kennedy was president.", "He died in 1963."}},
		{"an initial that is also an abbreviation", "Actress Taraji P. Henson apologised on Friday. Police C. Diaz agreed.",
			[]string{"Actress Taraji P. Henson apologised on Friday.", "Police C. Diaz agreed."}},
		{"decimals and money", "Shares rose 3.5% to $12.40. The index closed at 1,234.5 points.",
			[]string{"Shares rose 3.5% to $12.40.", "The index closed at 1,234.5 points."}},
		{"numbered abbreviations", "He lives at No. 10 Downing St. in London. Since Jan. 5 it rained.",
			[]string{"He lives at No. 10 Downing St. in London.", "Since Jan. 5 it rained."}},
		{"acronym in capitals is no title", "It helps patients with MS. Final approval is near.",
			[]string{"It helps patients with MS.", "Final approval is near."}},
		{"closing quote stays with its sentence", `He said: "We will win." Then he left.`,
			[]string{`He said: "We will win."`, "Then he left."}},
		{"curly quotes", "“It is over,” she said. “We lost.” The room went quiet.",
			[]string{"“It is over,” she said.", "“We lost.”", "The room went quiet."}},
		{"bracket after the stop", "The plan was dropped. (Critics cheered.) Work stopped.",
			[]string{"The plan was dropped.", "(Critics cheered.)", "Work stopped."}},
		{"question inside a quote", `Was it true? Nobody knew! "Really?" she asked.`,
			[]string{"Was it true?", "Nobody knew!", `"Really?" she asked.`}},
		{"ellipsis before a capital ends", "Wait... The results are in.", []string{"Wait...", "The results are in."}},
		{"ellipsis before lower case continues", "He paused... and then… went on.",
			[]string{"He paused... and then… went on."}},
		{"headline without punctuation", "Iran talks resume\n\nTehran said on Monday it would return.",
			[]string{"Iran talks resume", "Tehran said on Monday it would return."}},
		{"headline on the line before", "Minister resigns\nThe minister resigned on Friday.",
			[]string{"Minister resigns", "The minister resigned on Friday."}},
		{"dateline line", "MOSCOW, March 3\nThe Kremlin said talks went well.",
			[]string{"MOSCOW, March 3", "The Kremlin said talks went well."}},
		{"dateline in the sentence stays", "TEHRAN, Jan. 20 (Reuters) - Iran said on Monday it would resume talks.",
			[]string{"TEHRAN, Jan. 20 (Reuters) - Iran said on Monday it would resume talks."}},
		{"paragraph breaks", "First paragraph ends here\n\nSecond one starts. It goes on",
			[]string{"First paragraph ends here", "Second one starts.", "It goes on"}},
		{"one paragraph per line", "A line. Another.\nA new paragraph.\nAnd another.",
			[]string{"A line.", "Another.", "A new paragraph.", "And another."}},
		{"wrapped line continues", "A line that wraps\nacross two lines. Next one.",
			[]string{"A line that wraps\nacross two lines.", "Next one."}},
		{"Windows line ends", "One.\r\nTwo.\r\n\r\nThree", []string{"One.", "Two.", "Three"}},
		{"dash bullets", "The plan includes:\n- lower taxes,\n- more schools\n- new roads",
			[]string{"The plan includes:", "- lower taxes,", "- more schools", "- new roads"}},
		{"inline bullets", "Key points • Prices rose • Wages fell", []string{"Key points", "• Prices rose", "• Wages fell"}},
		{"numbered list", "1. First point here.\n2. Second point here.",
			[]string{"1. First point here.", "2. Second point here."}},
		{"Russian", "Путин встретился с Раиси в Москве. Переговоры прошли в 2022 г. в Кремле.",
			[]string{"Путин встретился с Раиси в Москве.", "Переговоры прошли в 2022 г. в Кремле."}},
		{"Russian initials and т.е.", "В. В. Путин заявил, т.е. подтвердил, что всё хорошо. Встреча закончилась.",
			[]string{"В. В. Путин заявил, т.е. подтвердил, что всё хорошо.", "Встреча закончилась."}},
		{"Persian question mark and full stop", "رئیس جمهور ایران به مسکو سفر کرد. آیا این سفر موفق بود؟ بله موفق بود.",
			[]string{"رئیس جمهور ایران به مسکو سفر کرد.", "آیا این سفر موفق بود؟", "بله موفق بود."}},
		{"CJK full stops", "第一句。第二句！第三句？", []string{"第一句。", "第二句！", "第三句？"}},
		{"empty", "", nil},
		{"only space", " \n\n\t ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Split(tt.text)
			if len(got) == 0 {
				got = nil
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Split(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
			checkSplit(t, tt.text, got)
		})
	}
}

// checkSplit checks the properties every split must have: each sentence is
// a non-empty, trimmed substring of text; they come in order; and only
// white space lies before, between and after them, so every word of text
// is in one.
func checkSplit(t *testing.T, text string, sents []string) {
	t.Helper()
	pos := 0
	for i, s := range sents {
		if strings.TrimSpace(s) == "" {
			t.Fatalf("sentence %d is empty: %q", i, s)
		}
		first, _ := utf8.DecodeRuneInString(s)
		last, _ := utf8.DecodeLastRuneInString(s)
		if isSpace(first) || isSpace(last) {
			t.Fatalf("sentence %d is not trimmed: %q", i, s)
		}
		pos = skipSpace(text, pos)
		if !strings.HasPrefix(text[pos:], s) {
			t.Fatalf("sentence %d %q does not follow at offset %d of the text; the text there is %q", i, s, pos, text[pos:])
		}
		pos += len(s)
	}
	if rest := text[skipSpace(text, pos):]; rest != "" {
		t.Fatalf("text %q after the last sentence is in no sentence", rest)
	}
}

// skipSpace returns the offset of the first non-space rune of text at or
// after pos.
func skipSpace(text string, pos int) int {
	for pos < len(text) {
		r, size := utf8.DecodeRuneInString(text[pos:])
		if !isSpace(r) {
			break
		}
		pos += size
	}
	return pos
}

func FuzzSplitSentences(f *testing.F) {
	for _, s := range []string{
		"Mr. Smith went to Washington. He met the U.S. president.",
		"He said: \"No.\" Then… nothing.\n\n- one\n- two",
		"Путин встретился с Раиси в 2022 г. в Москве. Т.е. всё.",
		"آیا این سفر موفق بود؟ بله.",
		"Headline\nTEHRAN (Reuters) - Text. 1. item\n2) item • bullet",
		"...?!\"')] \r\n\u00a0\u200b\ufeff",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		sents := Split(text)
		checkSplit(t, text, sents)
		words := 0
		for _, r := range text {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				words++
			}
		}
		inSents := 0
		for _, s := range sents {
			for _, r := range s {
				if unicode.IsLetter(r) || unicode.IsDigit(r) {
					inSents++
				}
			}
		}
		if words != inSents {
			t.Fatalf("text has %d letters and digits, sentences %d", words, inSents)
		}
	})
}
