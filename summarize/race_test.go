//go:build race

package summarize

// raceEnabled is set under the race detector, which makes sync.Pool drop
// pooled buffers at random, so allocation counts mean nothing there.
const raceEnabled = true
