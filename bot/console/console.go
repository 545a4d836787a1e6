package console

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode"

	"briefbot/bot"
	"briefbot/brief"
)

// Channel is the one channel the console has.
var Channel = brief.ChannelRef{Platform: brief.PlatformConsole, ID: "local"}

// Console reads commands from a reader and prints responses to a writer.
type Console struct {
	in     io.Reader
	out    io.Writer
	mu     sync.Mutex
	prefix string
}

// New builds a console over in and out (usually os.Stdin and os.Stdout).
func New(in io.Reader, out io.Writer) *Console {
	return &Console{in: in, out: out, prefix: newSession()}
}

// newSession makes request IDs unique across runs, so answers from a
// previous run's outbox never collide with this run's.
func newSession() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Run reads one command per line and serves it until the input ends
// (Ctrl-D) or ctx is cancelled. It returns nil in both cases. Blank lines
// are ignored; a line that is not a command gets help. The goroutine
// reading input may outlive Run when ctx ends first: a read from a
// terminal cannot be interrupted, and it ends with the process.
func (c *Console) Run(ctx context.Context, srv bot.Server) error {
	lines := make(chan string)
	readErr := make(chan error, 1)
	go func() {
		r := bufio.NewReaderSize(c.in, 4096)
		for {
			line, err := readLine(r)
			if err != nil {
				if errors.Is(err, io.EOF) {
					err = nil
				}
				readErr <- err
				return
			}
			select {
			case lines <- line:
			case <-ctx.Done():
				return
			}
		}
	}()
	n := 0
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-readErr:
			if err != nil {
				return fmt.Errorf("read console input: %w", err)
			}
			return nil
		case line := <-lines:
			line = strings.TrimSpace(line)
			if line == "" {
				continue
			}
			n++
			req := bot.Request{
				ID:        fmt.Sprintf("%s-%d", c.prefix, n),
				Channel:   Channel,
				User:      "console",
				Text:      line,
				CanManage: true,
			}
			if err := srv.Serve(ctx, req); err != nil {
				if ctx.Err() != nil {
					return nil
				}
				c.Printf("Could not take that command: %v\n", err)
			}
		}
	}
}

// maxLine is the longest line kept; the rest of a longer line is read and
// dropped, and the core refuses the kept part as too long.
const maxLine = 4096

// readLine reads one line of any length, keeping at most maxLine bytes, so
// a pasted megabyte neither fills memory nor ends the console.
func readLine(r *bufio.Reader) (string, error) {
	var b []byte
	for {
		chunk, isPrefix, err := r.ReadLine()
		if err != nil {
			if len(b) > 0 && errors.Is(err, io.EOF) {
				return string(b), nil
			}
			return "", err
		}
		if room := maxLine - len(b); room > 0 {
			b = append(b, chunk[:min(len(chunk), room)]...)
		}
		if !isPrefix {
			return string(b), nil
		}
	}
}

// Send prints a response, in one piece. It implements bot.Sender.
func (c *Console) Send(_ context.Context, d bot.Delivery) error {
	if d.Done > 0 {
		return nil // printed before a crash
	}
	text := Render(d.Response, time.Now())
	c.mu.Lock()
	defer c.mu.Unlock()
	_, err := io.WriteString(c.out, "\n"+text)
	if err == nil && d.Accepted != nil {
		d.Accepted(1)
	}
	return err
}

// Render is what the console prints for a response: the core's document
// as plain text, then its buttons as the commands they send. The core
// composed every word; the console only removes what a terminal would
// interpret.
func Render(r bot.Response, now time.Time) string {
	doc := bot.ComposeResponse(r, now)
	text := Clean(doc.PlainText())
	for _, a := range doc.Buttons {
		text += Clean(fmt.Sprintf("[%s: %s]\n", a.Label, a.Command))
	}
	if r.Kind == bot.KindUpdate {
		// A terminal has no threads: an update reads as a reply, indented
		// under an arrow.
		lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
		for i, l := range lines {
			switch {
			case i == 0:
				lines[i] = "↳ " + l
			case l != "":
				lines[i] = "  " + l
			}
		}
		text = strings.Join(lines, "\n") + "\n"
	}
	return text
}

// Printf prints a line of the console's own (not untrusted) text.
func (c *Console) Printf(format string, a ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	fmt.Fprintf(c.out, format, a...)
}

// Clean removes what a terminal would interpret rather than print: C0 and
// C1 control characters other than newline and tab (ESC starts ANSI
// sequences), and bidirectional overrides that reorder what is shown.
func Clean(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			return -1
		case r == '\u202a' || r == '\u202b' || r == '\u202c' || r == '\u202d' || r == '\u202e' ||
			r == '\u2066' || r == '\u2067' || r == '\u2068' || r == '\u2069':
			return -1
		case unicode.Is(unicode.Cc, r):
			return -1
		}
		return r
	}, s)
}
