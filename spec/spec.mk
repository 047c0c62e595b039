# spec.mk: the WebAssembly spec test suite. Included by the top-level Makefile
# (after BUILD is set).
#   make spec               run every .wast file, write docs/conformance.md, fail on
#                           a failure not in tests/spec-known-failures.txt
#   make spec-update-known  rewrite that list from the current run
#   make spec-selftest      the runner's own tests (tests/spec/run.sh)
# SPEC_DIR: the test suite (default ../shared/testsuite); SPEC_JOBS: parallel files.

SPEC_DIR ?= ../shared/testsuite
SPEC_JOBS ?= 2

.PHONY: spec spec-update-known spec-selftest
spec: $(BUILD)/xipwasm
	@BUILD=$(BUILD) SPEC_DIR=$(SPEC_DIR) JOBS=$(SPEC_JOBS) sh scripts/spec.sh

spec-update-known: $(BUILD)/xipwasm
	@BUILD=$(BUILD) SPEC_DIR=$(SPEC_DIR) JOBS=$(SPEC_JOBS) sh scripts/spec.sh --update-known

spec-selftest: $(BUILD)/xipwasm
	@XIPWASM=$(BUILD)/xipwasm sh tests/spec/run.sh
