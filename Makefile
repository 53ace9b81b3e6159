# The two commands a user needs: `make demo` and `make test`. Both install what is missing first.
SWIFT ?= swift
RELEASE_BIN = .build/release/cairn

.PHONY: deps build release demo test bench fuzz completions clean

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build

# The Swift runtime and Foundation linked in statically: a cold `cairn` starts in about half the time
# (no dynamic symbol binding across a dozen Swift libraries), which is most of a metadata query. And a
# position-dependent executable: the dynamic linker then has none of cairn's own ~90,000 relocations to
# apply at each start (about 1 ms of every command; GNU ld's spelling, so on Linux only).
RELEASE_FLAGS = -c release --static-swift-stdlib $(if $(filter Linux,$(shell uname -s)),-Xlinker -no-pie)
release: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product cairn

demo: release
	bash examples/demo.sh $(RELEASE_BIN)

# Tests write their repositories and fixtures under a scratch TMPDIR of their own,
# removed afterwards, so repeated runs do not fill the machine's /tmp.
test: deps
	$(SWIFT) build --build-tests
	scratch=$$(mktemp -d "$${TMPDIR:-/tmp}/cairn-test.XXXXXX") && \
	  { TMPDIR=$$scratch/ $(SWIFT) test --skip-build; status=$$?; rm -rf "$$scratch"; exit $$status; }

bench: release
	bash bench/run.sh $(RELEASE_BIN)

fuzz: deps
	bash scripts/fuzz.sh $(FUZZ_SECONDS)

completions: build
	bash scripts/generate-completions.sh .build/debug/cairn

clean:
	rm -rf .build
