package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"briefbot/store"
)

// KindUpdate is a story update: what later articles added to a story a
// channel was alerted to, sent as a reply to that alert.
const KindUpdate Kind = "update"

// Bounds on an update, beside the Max* constants of Compose.
const (
	// MaxUpdateSentences is the most new sentences an update quotes.
	MaxUpdateSentences = 2
	// MaxUpdateLinks is the most added articles an update links.
	MaxUpdateLinks = 4
)

// ComposeResponse builds the document of any response: Compose's, and the
// story update's for KindUpdate. Adapters call it.
func ComposeResponse(r Response, now time.Time) Document {
	if r.Kind == KindUpdate && r.Update != nil {
		return ComposeUpdate(*r.Update, r.Zone)
	}
	return Compose(r, now)
}

// ComposeUpdate lays out a story update, shown in zone (UTC when empty or
// unknown): "Update: <headline>", "+2 sources: Outlet A, Outlet B", the
// new sentences each with a numbered citation, the numbered links, and
// the topic, outlet count and time in small print. Every field is bounded
// as in Compose.
func ComposeUpdate(u store.StoryUpdate, zone string) Document {
	loc := time.UTC
	if zone != "" {
		if l, err := time.LoadLocation(zone); err == nil {
			loc = l
		}
	}
	title := Cut(strings.TrimSpace(u.Title), MaxTitle)
	if title == "" {
		title = "(untitled)"
	}
	d := Document{Heading: "Update: " + title}
	if u.ReplyTo == "" && SafeURL(u.Link) {
		// Not in the alert's thread: say which story this is.
		d.Blocks = append(d.Blocks, Block{Kind: BlockContext, Lines: []Line{{Link(Cut(u.Link, MaxURL), u.Link)}}})
	}
	if n := len(u.NewOutlets); n > 0 {
		line := Line{Strong(countOf(n, "source", "sources", "+")), Text(": ")}
		for i, src := range u.NewOutlets {
			if i == MaxOutlets {
				line = append(line, Text(fmt.Sprintf(" and %d more", n-MaxOutlets)))
				break
			}
			if i > 0 {
				line = append(line, Text(", "))
			}
			name := Cut(strings.TrimSpace(src.Name), MaxSource)
			if name == "" {
				name = "another outlet"
			}
			line = append(line, Text(name))
		}
		d.Blocks = append(d.Blocks, Block{Kind: BlockText, Lines: []Line{line}})
	}
	// Citations number the linked articles; a sentence citing one beyond
	// the links shown is not quoted.
	shown := min(len(u.Articles), MaxUpdateLinks)
	var said []Line
	for _, s := range u.Sentences {
		if len(said) == MaxUpdateSentences {
			break
		}
		text := Cut(strings.Join(strings.Fields(s.Text), " "), MaxSummaryChars)
		if text == "" || s.Cite < 0 || s.Cite >= shown {
			continue
		}
		said = append(said, Line{Text(text + " "), citeSpan(s.Cite, u.Articles[s.Cite].Link)})
	}
	if len(said) > 0 {
		d.Blocks = append(d.Blocks, Block{Kind: BlockText, Lines: said})
	}
	var links []Line
	for i, a := range u.Articles[:shown] {
		head := Cut(strings.TrimSpace(a.Title), MaxTitle)
		if head == "" {
			head = "(untitled)"
		}
		line := Line{Text("[" + strconv.Itoa(i+1) + "] ")}
		if src := Cut(strings.TrimSpace(a.Source), MaxSource); src != "" {
			line = append(line, Text(src+": "))
		}
		line = append(line, Link(head, a.Link))
		links = append(links, line)
	}
	if n := len(u.Articles) - shown; n > 0 {
		links = append(links, Line{Text(fmt.Sprintf("and %d more", n))})
	}
	if len(links) > 0 {
		d.Blocks = append(d.Blocks, Block{Kind: BlockContext, Lines: links})
	}
	topic := Cut(u.Topic.Title, MaxTitle)
	if topic == "" || topic == u.Topic.ID {
		topic = Cut(LocalTopicID(u.Topic.ID), MaxTitle)
	}
	meta := []string{topic}
	if u.Outlets > 0 {
		meta = append(meta, countOf(u.Outlets, "outlet", "outlets", ""))
	}
	if !u.Latest.IsZero() {
		meta = append(meta, FormatTime(u.Latest, loc))
	}
	d.Blocks = append(d.Blocks, Block{Kind: BlockContext, Lines: []Line{{Text(strings.Join(meta, " · "))}}})
	return d
}

// citeSpan is the numbered citation of the i-th linked article: "[1]",
// linked to it when its link is safe.
func citeSpan(i int, link string) Span {
	return Link("["+strconv.Itoa(i+1)+"]", link)
}

// countOf spells a count with its noun and a prefix: "+1 source".
func countOf(n int, one, many, prefix string) string {
	if n == 1 {
		return prefix + "1 " + one
	}
	return prefix + strconv.Itoa(n) + " " + many
}

// UpdateOutbox is the outbox of story updates; store backends satisfy it.
type UpdateOutbox interface {
	EnqueueUpdate(ctx context.Context, b store.UpdateBatch, msg store.Message) error
}

// RefRecorder records the platform's reference of a message's first
// part once the platform accepted it, so an update can reply to it later;
// store backends satisfy it.
type RefRecorder interface {
	SetMessageRef(ctx context.Context, id int64, ref string) error
}

// UpdateKey is the idempotency key of a story update:
// "update:<channel>:<topic>:<story>:<seq>".
func UpdateKey(b store.UpdateBatch) string {
	return fmt.Sprintf("update:%s:%s:%s:%d", b.Channel, b.TopicID, b.StoryID, b.Seq)
}

// Update queues a story update for a channel under UpdateKey(b): a reply
// to the parent alert when the platform took it and told its reference,
// else a message of its own. brief.ErrDuplicate means it was already
// queued (by another worker, or before a crash); brief.ErrNotFound that
// the channel unsubscribed meanwhile.
func (d *Dispatcher) Update(ctx context.Context, b store.UpdateBatch, u store.StoryUpdate) error {
	ob, ok := d.outbox.(UpdateOutbox)
	if !ok {
		return errors.New("queue update: the outbox keeps no story updates")
	}
	u.ReplyTo = ""
	if b.Parent.Status == store.StatusSent {
		u.ReplyTo = b.Parent.Ref
	}
	msg, err := d.message(UpdateKey(b), store.KindUpdate, b.TopicID, b.Channel, "",
		Response{Kind: KindUpdate, Update: &u, Zone: d.zone(ctx, b.Channel)})
	if err != nil {
		return err
	}
	if err := ob.EnqueueUpdate(ctx, b, msg); err != nil {
		return fmt.Errorf("queue update for %s: %w", b.Channel, err)
	}
	d.queued(msg)
	return nil
}
