# The README's commands. `make test` is what CI runs (.ci/run).
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)

.PHONY: run test build docker bench eval fuzz

run:
	go run ./cmd/briefbot run

test:
	go test -race -count=1 ./...

build:
	CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=$(VERSION)" -o bin/briefbot ./cmd/briefbot

# The container image, with the version from git (the Dockerfile's default is "dev").
docker:
	docker build --build-arg VERSION=$(VERSION) -t briefbot:$(VERSION) .

# Speed targets: BenchmarkSummarize and BenchmarkMatch (one core).
bench:
	go test -run '^$$' -bench . -benchmem -cpu 1 ./summarize ./topics

# Quality targets on the development sets in ../shared/eval.
eval:
	go run ./cmd/briefbot eval summarize -data ../shared/eval/bbc -n 3 -max-tokens 60
	go run ./cmd/briefbot eval summarize -data ../shared/eval/bbc -n ref
	go run ./cmd/briefbot eval summarize -data ../shared/eval/cnn -n 3 -max-tokens 60
	go run ./cmd/briefbot eval topics -data ../shared/eval/topics-dev.jsonl
	go run ./cmd/briefbot eval topics -data ../shared/eval/topics-dev2.jsonl
	go run ./cmd/briefbot eval stories -gold ../shared/eval/stories-dense/gold.jsonl -items ../shared/eval/stories-dense/items.jsonl
	go run ./cmd/briefbot eval stories -gold ../shared/eval/stories-dev.jsonl -items ../shared/eval/topics-dev.jsonl

# Every fuzz target for FUZZTIME each (go test runs one target at a time).
FUZZTIME ?= 30s
FUZZ_TARGETS = ./bot:FuzzParseCommand ./bot/slackbot:FuzzChunk ./bot/telegrambot:FuzzSplitHTML \
	./feeds:FuzzParse ./feeds:FuzzParseNested ./feeds:FuzzCanonicalURL ./feeds:FuzzNormalize \
	./summarize:FuzzSplitSentences ./summarize:FuzzSummarize \
	./topics:FuzzMatch ./topics:FuzzNormalize ./topics:FuzzParseQuery

fuzz:
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		echo "== $$name ($$pkg)"; \
		go test -run '^$$' -fuzz "^$$name$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	done
