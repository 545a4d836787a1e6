package summarize

import "testing"

func TestLanguage(t *testing.T) {
	tests := []struct {
		name, text string
		want       int
	}{
		{"English prose", "Iran and Russia signed a contract for the railway, officials said.", langEnglish},
		{"English without function words", "President Raisi met President Putin in Moscow on Tuesday.", langEnglish},
		{"Polish", "Prezydent Iranu Ebrahim Raisi zaprezentował nowego drona bojowego, który może dotrzeć do Izraela.", langLatin},
		{"Polish without diacritics", "Rosja i Iran podpisali umowe w sprawie kolei przez Azerbejdzan, podaje agencja.", langLatin},
		{"Russian", "Россия и Иран подписали контракт на строительство железной дороги.", langCyrillic},
		{"Persian", "رئیس جمهور ایران به مسکو سفر کرد.", langArabic},
		{"no letters", "2024 — 162, 40.", langNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := language(tt.text); got != tt.want {
				t.Errorf("language(%q) = %d, want %d", tt.text, got, tt.want)
			}
		})
	}
}

func TestMainLanguage(t *testing.T) {
	tests := []struct {
		name  string
		langs []int
		want  int
	}{
		{"most articles win", []int{langCyrillic, langEnglish, langEnglish}, langEnglish},
		{"a tie goes to the earliest", []int{langLatin, langEnglish}, langLatin},
		{"articles without text do not count", []int{langNone, langNone, langCyrillic}, langCyrillic},
		{"nothing", nil, langNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mainLanguage(tt.langs); got != tt.want {
				t.Errorf("mainLanguage(%v) = %d, want %d", tt.langs, got, tt.want)
			}
		})
	}
}
