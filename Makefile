# The README's commands. `make test` is what CI runs (.ci/run).
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)

.PHONY: run test build bench eval fuzz

run:
	go run ./cmd/briefbot run

test:
	go test -race -count=1 ./...

build:
	CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=$(VERSION)" -o bin/briefbot ./cmd/briefbot

# Speed targets: BenchmarkSummarize and BenchmarkMatch (one core).
bench:
	go test -run '^$$' -bench . -benchmem -cpu 1 ./summarize ./topics

# Quality targets on the development sets in ../shared/eval.
eval:
	go run ./cmd/briefbot eval summarize -data ../shared/eval/bbc -n 3 -max-tokens 60
	go run ./cmd/briefbot eval summarize -data ../shared/eval/bbc -n ref
	go run ./cmd/briefbot eval topics -data ../shared/eval/topics-dev.jsonl

fuzz:
	go test -run '^$$' -fuzz FuzzParseCommand -fuzztime 30s ./bot
