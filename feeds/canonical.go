package feeds

import (
	"errors"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/net/idna"
)

// trackingParams are query parameters that identify a campaign, a click or
// a subscriber, never the document. Names compare case-insensitively.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "gclsrc": true, "dclid": true, "gbraid": true,
	"wbraid": true, "msclkid": true, "yclid": true, "igshid": true, "twclid": true,
	"ttclid": true, "li_fat_id": true, "mc_cid": true, "mc_eid": true,
	"_hsenc": true, "_hsmi": true, "__hssc": true, "__hstc": true, "__hsfp": true,
	"hsctatracking": true, "mkt_tok": true, "oly_anon_id": true, "oly_enc_id": true,
	"rb_clickid": true, "s_cid": true, "vero_id": true, "vero_conv": true,
	"wickedid": true, "_openstat": true, "spm": true, "cmpid": true, "icid": true,
	"ncid": true, "sr_share": true, "ref_src": true, "ref_url": true,
	"at_medium": true, "at_campaign": true, "at_custom1": true, "at_custom2": true,
	"at_custom3": true, "at_custom4": true, "ns_mchannel": true, "ns_source": true,
	"ns_campaign": true, "ns_linkname": true, "ns_fee": true, "wt_mc": true,
	"wt.mc_id": true, "smid": true, "cmp": true, "__twitter_impression": true,
}

// isTrackingParam reports whether a query parameter name is tracking.
func isTrackingParam(name string) bool {
	name = strings.ToLower(name)
	return trackingParams[name] || strings.HasPrefix(name, "utm_")
}

// CanonicalURL returns the form of an absolute http or https URL under
// which the same article is recognised wherever it is linked from:
//
//   - scheme and host lower-cased, an internationalised host in its ASCII
//     (punycode) form, a trailing dot on the host dropped;
//   - the default port removed (80 for http, 443 for https);
//   - the path cleaned of "." and ".." segments and "/" when empty;
//   - tracking parameters removed (utm_*, fbclid, gclid and the others in
//     trackingParams), the remaining parameters sorted by name;
//   - the fragment removed.
//
// The scheme itself is kept: http and https may serve different documents.
// Userinfo, if any, is dropped, as a credential never identifies an
// article. It fails on a relative URL, another scheme or a malformed host.
func CanonicalURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("canonical URL %q: %w", raw, err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("canonical URL %q: %w", raw, ErrUnsupportedScheme)
	}
	if u.Opaque != "" {
		return "", fmt.Errorf("canonical URL %q: not hierarchical", raw)
	}
	host, err := canonicalHost(u.Hostname())
	if err != nil {
		return "", fmt.Errorf("canonical URL %q: %w", raw, err)
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if p := u.Port(); p != "" {
		n, err := strconv.ParseUint(p, 10, 16)
		if err != nil {
			return "", fmt.Errorf("canonical URL %q: bad port %q", raw, p)
		}
		if !(u.Scheme == "http" && n == 80 || u.Scheme == "https" && n == 443) {
			host += ":" + strconv.FormatUint(n, 10)
		}
	}
	out := url.URL{Scheme: u.Scheme, Host: host}
	out.Path, out.RawPath = canonicalPath(u)
	out.RawQuery = canonicalQuery(u.RawQuery)
	return out.String(), nil
}

// canonicalHost lower-cases a host and converts an IDN to punycode.
func canonicalHost(h string) (string, error) {
	h = strings.TrimRight(strings.ToLower(h), ".")
	if h == "" {
		return "", errors.New("no host")
	}
	if strings.Contains(h, ":") { // an IPv6 literal
		return h, nil
	}
	a, err := idna.Lookup.ToASCII(h)
	if err != nil {
		return "", fmt.Errorf("host %q: %w", h, err)
	}
	return a, nil
}

// canonicalPath removes dot segments (RFC 3986 §5.2.4), keeping a trailing
// slash, and returns the decoded and escaped forms for url.URL.
func canonicalPath(u *url.URL) (string, string) {
	p := u.Path
	if p == "" {
		return "/", ""
	}
	trailing := strings.HasSuffix(p, "/")
	if strings.Contains(p, "/.") || strings.HasPrefix(p, ".") {
		p = path.Clean("/" + p)
		if trailing && p != "/" {
			p += "/"
		}
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	v := url.URL{Path: p}
	escaped := v.EscapedPath()
	if u.RawPath != "" && p == u.Path {
		// Keep the publisher's escaping (a %2F in a path segment) when it
		// is a valid encoding of the same path.
		v.RawPath = u.RawPath
		escaped = v.EscapedPath()
	}
	if escaped == v.Path {
		return p, ""
	}
	return p, escaped
}

// canonicalQuery drops tracking parameters and empty pairs and sorts the
// rest by name, keeping the order of repeated names.
func canonicalQuery(raw string) string {
	if raw == "" {
		return ""
	}
	type pair struct{ key, raw string }
	var pairs []pair
	for part := range strings.SplitSeq(raw, "&") {
		if part == "" {
			continue
		}
		key, _, _ := strings.Cut(part, "=")
		name, err := url.QueryUnescape(key)
		if err != nil {
			name = key
		}
		if isTrackingParam(name) {
			continue
		}
		pairs = append(pairs, pair{name, part})
	}
	slices.SortStableFunc(pairs, func(a, b pair) int { return strings.Compare(a.key, b.key) })
	parts := make([]string, len(pairs))
	for i, p := range pairs {
		parts[i] = p.raw
	}
	return strings.Join(parts, "&")
}
