package sumeval

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"briefbot/summarize"
)

// Options says what to measure.
type Options struct {
	// Data is the directory in the BBC News Summary layout.
	Data string
	// N is the number of sentences every system picks; ignored when RefLength is set.
	N int
	// RefLength makes every system pick as many sentences as the document's
	// reference summary holds (-n ref).
	RefLength bool
	// MaxTokens, when > 0, scores only the first MaxTokens tokens of each
	// candidate summary, which makes systems of different lengths comparable.
	MaxTokens int
}

// Func is a summarizer under test: it returns n sentences of body.
type Func func(body string, n int) []string

// Briefbot is briefbot's summarizer as a Func: summarize.Summarize with N
// set to n and no title or focus, as the evaluation feeds it only the body.
func Briefbot(body string, n int) []string {
	return summarize.Summarize(body, summarize.Options{N: n})
}

// Lead returns the first n sentences of body: the Lead-N baseline.
func Lead(body string, n int) []string {
	s := summarize.Split(body)
	return s[:min(n, len(s))]
}

// Oracle returns up to n sentences of body, in article order, chosen
// greedily to maximise ROUGE-2 F1 against ref (after cutting the candidate
// to maxTokens when that is > 0). It stops early when no sentence improves
// the score. It is the upper bound an extractive system could approach.
func Oracle(body, ref string, n, maxTokens int) []string {
	sents := summarize.Split(body)
	toks := make([][]string, len(sents))
	for i, s := range sents {
		toks[i] = Tokens(s)
	}
	refToks := Tokens(ref)
	var chosen []int
	best := 0.0
	for len(chosen) < n {
		pick := -1
		for i := range sents {
			if slices.Contains(chosen, i) {
				continue
			}
			trial := append(slices.Clone(chosen), i)
			slices.Sort(trial)
			var cand []string
			for _, k := range trial {
				cand = append(cand, toks[k]...)
			}
			if f := RougeN(Cut(cand, maxTokens), refToks, 2).F; f > best {
				best, pick = f, i
			}
		}
		if pick < 0 {
			break
		}
		chosen = append(chosen, pick)
		slices.Sort(chosen)
	}
	out := make([]string, len(chosen))
	for i, k := range chosen {
		out[i] = sents[k]
	}
	return out
}

// Result is the mean F1 (times 100) of one system over a set of documents.
type Result struct {
	Category string // a category name, or "overall"
	System   string // "briefbot", "lead-3", "lead-ref", "oracle"
	Docs     int
	R1       float64
	R2       float64
	RL       float64
	// Micros is the mean time the system took per document, in
	// microseconds; measured for the summarizer under test only.
	Micros float64
}

// Evaluate scores sum, Lead-N and the greedy oracle on every document of
// opt.Data and returns one Result per system per category, then per system
// overall.
func Evaluate(ctx context.Context, opt Options, sum Func) ([]Result, error) {
	if !opt.RefLength && opt.N <= 0 {
		return nil, errors.New("evaluate: N must be positive unless RefLength is set")
	}
	docs, err := Load(opt.Data)
	if err != nil {
		return nil, err
	}
	lead := fmt.Sprintf("lead-%d", opt.N)
	if opt.RefLength {
		lead = "lead-ref"
	}
	systems := []string{"briefbot", lead, "oracle"}
	type acc struct {
		docs       int
		r1, r2, rl float64
		dur        time.Duration
	}
	sums := map[[2]string]*acc{}
	var cats []string
	add := func(cat, sys string, cand []string, refToks []string, d time.Duration) {
		toks := Cut(Tokens(strings.Join(cand, "\n")), opt.MaxTokens)
		for _, c := range []string{cat, "overall"} {
			a := sums[[2]string{c, sys}]
			if a == nil {
				a = &acc{}
				sums[[2]string{c, sys}] = a
			}
			a.docs++
			a.r1 += RougeN(toks, refToks, 1).F
			a.r2 += RougeN(toks, refToks, 2).F
			a.rl += RougeL(toks, refToks).F
			a.dur += d
		}
	}
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("evaluate %s: %w", opt.Data, err)
		}
		if !slices.Contains(cats, d.Category) {
			cats = append(cats, d.Category)
		}
		n := opt.N
		if opt.RefLength {
			n = RefLength(d.Reference)
		}
		refToks := Tokens(d.Reference)
		start := time.Now()
		got := sum(d.Body, n)
		add(d.Category, systems[0], got, refToks, time.Since(start))
		add(d.Category, systems[1], Lead(d.Body, n), refToks, 0)
		add(d.Category, systems[2], Oracle(d.Body, d.Reference, n, opt.MaxTokens), refToks, 0)
	}
	var out []Result
	for _, c := range append(cats, "overall") {
		for _, s := range systems {
			a := sums[[2]string{c, s}]
			k := float64(a.docs)
			out = append(out, Result{
				Category: c, System: s, Docs: a.docs,
				R1: 100 * a.r1 / k, R2: 100 * a.r2 / k, RL: 100 * a.rl / k,
				Micros: float64(a.dur) / float64(time.Microsecond) / k,
			})
		}
	}
	return out, nil
}

// Run evaluates sum on opt.Data and writes the report to w: a line saying
// what was measured, then one line per system per category and overall with
// the document count, ROUGE-1, ROUGE-2 and ROUGE-L F1, and for briefbot the
// mean microseconds per document.
func Run(ctx context.Context, opt Options, sum Func, w io.Writer) error {
	res, err := Evaluate(ctx, opt, sum)
	if err != nil {
		return err
	}
	n := fmt.Sprint(opt.N)
	if opt.RefLength {
		n = "ref"
	}
	cut := "none"
	if opt.MaxTokens > 0 {
		cut = fmt.Sprint(opt.MaxTokens)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# sumeval data=%s n=%s max_tokens=%s (ROUGE F1 x100, macro over documents)\n", opt.Data, n, cut)
	fmt.Fprintf(&b, "%-10s %-9s %5s %7s %7s %7s %9s\n", "category", "system", "docs", "R1", "R2", "RL", "us/doc")
	for _, r := range res {
		us := "-"
		if r.System == "briefbot" {
			us = fmt.Sprintf("%.1f", r.Micros)
		}
		fmt.Fprintf(&b, "%-10s %-9s %5d %7.2f %7.2f %7.2f %9s\n", r.Category, r.System, r.Docs, r.R1, r.R2, r.RL, us)
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}
