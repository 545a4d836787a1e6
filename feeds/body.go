package feeds

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"fmt"
	"io"
	"strings"
)

// readCapped reads r to the end, failing with ErrTooLarge as soon as more
// than max bytes arrive. It never buffers more than max+1 bytes.
func readCapped(r io.Reader, max int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("more than %d bytes: %w", max, ErrTooLarge)
	}
	return data, nil
}

// decodeBody undoes the Content-Encoding codings in the order the server
// applied them (RFC 9110 §8.4) and then, because publishers gzip files
// without saying so, any gzip layer the bytes themselves announce with the
// magic number 1f 8b. The cap applies to the decoded size, so a small
// compressed body that inflates without end (a gzip bomb) stops at max.
func decodeBody(r io.Reader, contentEncoding string, max int64) ([]byte, error) {
	codings := strings.Split(contentEncoding, ",")
	for i := len(codings) - 1; i >= 0; i-- {
		c := strings.ToLower(strings.TrimSpace(codings[i]))
		switch c {
		case "", "identity":
		case "gzip", "x-gzip":
			zr, err := gzip.NewReader(r)
			if err != nil {
				return nil, fmt.Errorf("gzip: %w", err)
			}
			r = zr
		case "deflate":
			r = newDeflateReader(r)
		default:
			return nil, fmt.Errorf("unsupported content encoding %q", c)
		}
	}
	data, err := readCapped(r, max)
	if err != nil {
		return nil, err
	}
	return gunzipSniffed(data, max)
}

// gunzipSniffed inflates data while it starts with the gzip magic number,
// at most twice (a server that gzips an already gzipped file).
func gunzipSniffed(data []byte, max int64) ([]byte, error) {
	for range 2 {
		if len(data) < 2 || data[0] != 0x1f || data[1] != 0x8b {
			return data, nil
		}
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		data, err = readCapped(zr, max)
		if err != nil {
			return nil, err
		}
	}
	return data, nil
}

// newDeflateReader reads the "deflate" coding, which RFC 9110 §8.4.1.2
// defines as zlib-wrapped; some servers send raw DEFLATE instead, so the
// zlib header is checked before choosing.
func newDeflateReader(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	head, _ := br.Peek(2)
	if len(head) == 2 && head[0]&0x0f == 8 && (uint16(head[0])<<8|uint16(head[1]))%31 == 0 {
		zr, err := zlib.NewReader(br)
		if err == nil {
			return zr
		}
		return errReader{fmt.Errorf("deflate: %w", err)}
	}
	return flate.NewReader(br)
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }
