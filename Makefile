# The two quick-start commands:
#   make run    install what is needed, build, and open MailFlow on its default scenario
#               (the GUI when there is a display, else a headless run printing the transcript)
#   make test   install what is needed (including the real clients the tests use), build, run all tests
#   make fuzz   fuzz every parser and session (clang, libFuzzer) and run the protocol and simulation tests
#               under ASan+UBSan: .ci/fuzz-and-sanitize.sh (FUZZ_SECONDS per target, default 30)
#   make translations   refresh translations/mailflow_id.ts after adding or changing user-visible strings
#   make deb    build the mailflow program and package it as $(BUILD)/packages/mailflow_<version>_<arch>.deb
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: run test build deps test-deps bench fuzz translations deb clean

CONFIGURE = cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

# mailflow itself opens the GUI when there is a display and otherwise runs the default lesson headless.
# Only the `mailflow` target is built: a first run compiles no test, benchmark or tool.
run: deps
	$(CONFIGURE)
	cmake --build $(BUILD) -j $(JOBS) --target mailflow
	$(BUILD)/app/mailflow

test: test-deps build
	cd $(BUILD) && QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} ctest --output-on-failure -j2 --timeout 600

# Everything: the app, the tests and the tools they use.
build:
	$(CONFIGURE)
	cmake --build $(BUILD) -j $(JOBS)

deps:
	.ci/install-deps.sh

test-deps:
	.ci/install-deps.sh --tests

# Benchmarks print figures beside a reference measured in the same run (Postfix's smtp-sink, Dovecot).
bench: test-deps
	$(CONFIGURE) -DMAILFLOW_BENCHMARKS=ON
	cmake --build $(BUILD) -j $(JOBS)
	$(BUILD)/tests/benchmark/mailflow-bench smtp
	$(BUILD)/tests/pop3/mailflow-pop3-bench
	$(BUILD)/tests/benchmark/mailflow-bench imap
	$(BUILD)/tests/benchmark/mailflow-e2e-bench
	QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} $(BUILD)/tests/benchmark/mailflow-gui-bench

# Fuzz targets built with clang in build-fuzz, sanitizer tests with gcc in build-sanitize (see the script).
fuzz:
	.ci/install-deps.sh --fuzz
	.ci/fuzz-and-sanitize.sh

# Refreshes translations/mailflow_id.ts from every tr() string in app/ (lupdate); then translate the new
# entries (Qt Linguist: `linguist translations/mailflow_id.ts`) and rebuild.
translations:
	$(CONFIGURE)
	cmake --build $(BUILD) --target update_translations

# The .deb of packaging/CMakeLists.txt: only the program is built; dpkg-shlibdeps (dpkg-dev) finds its
# library dependencies. Install it on each machine with `sudo apt-get install ./mailflow_*.deb`.
deb: deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(BUILD) -j $(JOBS) --target mailflow
	cd $(BUILD) && cpack -G DEB
	@ls -l $(BUILD)/packages/mailflow_*.deb

clean:
	rm -rf $(BUILD)
