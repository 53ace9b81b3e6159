# The two commands a user needs: `make demo` and `make test`. Both install what is missing first.
SWIFT ?= swift
RELEASE_BIN = .build/release/cairn

.PHONY: deps build release demo test bench fuzz completions clean

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product cairn

demo: release
	bash examples/demo.sh $(RELEASE_BIN)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: release
	bash bench/run.sh $(RELEASE_BIN)

fuzz: deps
	bash scripts/fuzz.sh $(FUZZ_SECONDS)

completions: build
	bash scripts/generate-completions.sh .build/debug/cairn

clean:
	rm -rf .build
