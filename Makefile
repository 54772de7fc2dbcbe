# prc — the two commands a newcomer needs: `make demo` and `make test`.
SWIFT ?= swift
BIN := .build/release

.PHONY: all deps build test demo experiments fuzz clean

all: build

deps:
	@scripts/ensure-deps.sh

build: deps
	$(SWIFT) build -c release

# Unit, worked-example and end-to-end tests (CLI tests use the release binaries).
test: build
	$(SWIFT) build --build-tests
	PRC_BIN_DIR=$(CURDIR)/$(BIN) $(SWIFT) test --skip-build

# The main job end to end: data (cache, local copy or embedded sample), training, replay, report.
demo: build
	$(BIN)/prc demo

# Every experiment of experiments/ (long: about 1¼ hours on 2 cores with JOBS=2). MNIST_FROM=DIR uses a
# local MNIST copy; JOBS=N runs N experiment files at once (each is single-threaded for the most part).
JOBS ?= 1
experiments: build
	$(BIN)/prc-data fetch-and-build $(if $(MNIST_FROM),--from $(MNIST_FROM))
	ls experiments/*.json | xargs -P $(JOBS) -n 1 $(BIN)/prc experiment $(if $(filter-out 1,$(JOBS)),--quiet)

# libFuzzer + ASan harnesses of the file readers (fuzz/*.swift), FUZZ_SECONDS per target (default 60).
FUZZ_SECONDS ?= 60
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run.sh

clean:
	rm -rf .build outputs fuzz/.build
