// Package feeds fetches RSS, Atom and JSON Feed documents safely, parses
// them with gofeed and turns their items into brief.Article values. It also
// extracts an article page's main text (readability), reads and writes
// OPML subscription lists, computes canonical URLs and says when a feed
// should be polled next.
//
// It is a leaf: it imports brief and its libraries, and knows nothing of
// storage, configuration, chats or the poll loop that calls it (package
// ingest), which keeps each feed's state, decides which feed is due,
// pauses failing feeds and links near-duplicates.
//
// # Network safety
//
// A feed URL is typed by a user and may point into the operator's own
// network, so a Fetcher:
//
//   - fetches only http and https URLs, and follows at most
//     Options.MaxRedirects redirects (default 5), each again to http or
//     https only;
//   - resolves host names itself and judges every resolved address before
//     dialling, and again in the socket's Control hook, so a DNS name that
//     points inward is caught as well as a literal address, on the first
//     request, on every redirect and on every new connection;
//   - refuses loopback, private (RFC 1918, RFC 4193), link-local,
//     IPv6 site-local (fec0::/10), carrier NAT, reserved and
//     documentation ranges unless
//     Options.AllowPrivateNetworks is set (the offline demo and tests set
//     it);
//   - always refuses, whatever the options, cloud metadata endpoints
//     (169.254.169.254, 169.254.170.2, fd00:ec2::254, 100.100.100.200),
//     multicast, broadcast and unspecified addresses. Allowing private
//     networks is for feeds on a LAN or on localhost; no feed lives at a
//     metadata endpoint, and reaching one from a server hands out its
//     cloud credentials. IPv4-mapped, NAT64 and 6to4 (2002::/16) IPv6
//     forms are judged by the IPv4 address they carry;
//   - uses no HTTP proxy (HTTPS_PROXY is ignored) unless Options.Proxy
//     names one. A proxy connects on the Fetcher's behalf, so the dial-time
//     check would only ever see the proxy; with one, the Fetcher instead
//     resolves the target's host before each request and each redirect hop
//     and refuses it when any of its addresses would be refused, without
//     asking the proxy. The proxy resolves the name again itself: a name
//     whose answer changes between the two lookups (DNS rebinding) can
//     still lead the proxy inward, so the proxy should refuse private
//     destinations too.
//
// A refused address gives an error wrapping ErrBlockedAddress.
//
// # Limits
//
// Options.Timeout bounds a whole request, body included, so a server that
// trickles bytes cannot hold a worker. Bodies are capped at
// Options.MaxBodyBytes (default 10 MiB) after decompression: the Fetcher
// asks for gzip and deflate itself and inflates under the cap, so a gzip
// bomb stops there with ErrTooLarge, and it also inflates bodies that are
// gzip without saying so. The cap holds again for the document decoded to
// UTF-8, which a legacy charset can make three times larger. At most Options.PerHost requests (default 1) go
// to one host name at a time and Options.MaxConcurrent (default 8) in
// total.
//
// Before gofeed sees a document, one streaming pass bounds its shape:
// elements (or JSON values) nested at most MaxDepth (256) deep, and at
// most MaxElements (50,000) elements, attributes and HTML tags inside
// text (or JSON values) in all, at most 1,024 attributes on one tag.
// gofeed recurses per nested element, and a stack overflow is a fatal
// error no recover catches; the bounds also keep the parse of any
// document under the body cap within about 100 MB of heap beyond the
// document. A document beyond them gives an error wrapping ErrTooComplex,
// and so does an article page for FullText with more than 100,000
// elements and text runs (readability builds and copies the whole tree).
//
// # Conditional requests and freshness
//
// Fetch sends If-None-Match when it has an ETag and If-Modified-Since only
// when it has no ETag (RFC 9110 §13.1.3 lets the ETag win anyway; some
// servers mishandle both). A 304 means no work. Result.MaxAge carries the
// response's freshness (RFC 9111 §4.2), StatusError.RetryAfter the
// server's Retry-After (RFC 9110 §10.2.3), and Result.TTL the feed's
// <ttl>; NextPoll turns them, the feed's failure count and a Policy into
// the next poll time.
//
// # Documents
//
// Normalize repairs what strict parsers reject: byte-order marks, leading
// whitespace or junk, undeclared or mislabelled charsets
// (windows-1251, ISO-8859-1, GB2312 ...), characters XML forbids. Parse
// then detects HTML pages (a *NotFeedError naming the feeds the page
// advertises), reads localised and odd dates, resolves relative links,
// repairs double-encoded UTF-8 ("KÃ¶ln") and renders HTML as plain text.
// Nothing a document contains makes it panic; one broken document gives
// one error.
//
// # Articles
//
// An article's ID is its GUID when that is an http(s) URL (in canonical
// form) or a tag: or urn: URI; a GUID of any other shape ("12345") is
// unique only within its feed, so it is prefixed with the feed URL and
// "#"; without a GUID the ID is the canonical link (see CanonicalURL);
// without either, a hash of the feed URL, title, date and text. A URL's
// fragment is kept in the ID and the link when it is an anchor
// ("#post-7"), since items that are sections of one page differ only by
// it; a tracking fragment ("#xtor=RSS-3") or a comments anchor is not.
// The link prefers FeedBurner's origLink over a feedproxy redirect.
//
// # Errors, for the caller that polls
//
//   - context.Canceled from the caller's context: shutdown, not a failure.
//   - *StatusError with Temporary() true (408, 425, 429, 5xx) and
//     transport errors, including context.DeadlineExceeded for the
//     whole-request Timeout: the publisher is struggling; back off.
//     A 429 or 503 with RetryAfter is the publisher asking to wait;
//     NextPoll honours it.
//   - *StatusError 404 or 410, *NotFeedError, ErrBlockedAddress,
//     ErrUnsupportedScheme, ErrTooManyRedirects, ErrTooLarge,
//     ErrTooComplex and parse errors (a JSON document that is not a JSON
//     Feed among them): the feed's configuration or document is wrong, and retrying
//     will not help until someone changes it.
package feeds
