# fuzz.mk: libFuzzer targets (clang). `make fuzz` builds them; `make fuzz-run
# FUZZ_SECONDS=N` runs each for N seconds from seeds made of the corpus.
FUZZ_SECONDS ?= 60
FUZZ_SAN := -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_TARGETS := fuzz_compile fuzz_image fuzz_image_crc
FUZZ_BINS := $(FUZZ_TARGETS:%=$(BUILD)/fuzz/%)
# The fuzz configuration (clang, instrumented for libFuzzer): its library is
# compiled once (top-level Makefile, CFG_RULES) and linked into every target.
CFG_CC_fuzz := $(CLANG)
CFG_FLAGS_fuzz := $(FUZZ_SAN) -fsanitize=fuzzer-no-link -DXC_CHECK_IR=1
CFG_NAMES += fuzz
FUZZ_LIBS := $(call cfg_libs,fuzz,fuzz)

.PHONY: fuzz fuzz-run fuzz-seeds
fuzz: $(FUZZ_BINS)

$(BUILD)/fuzz/%: $(BUILD)/cfg/fuzz/fuzz/%.o $(FUZZ_LIBS)
	@mkdir -p $(dir $@)
	$(CLANG) $(FUZZ_SAN) -fsanitize=fuzzer $< $(FUZZ_LIBS) -o $@ -lm
.SECONDARY: $(FUZZ_TARGETS:%=$(BUILD)/cfg/fuzz/fuzz/%.o)

# Seeds: the corpus modules for the compiler, their images for the executor.
fuzz-seeds: $(BUILD)/xipwasm corpus
	@mkdir -p $(BUILD)/fuzz/seeds-wasm $(BUILD)/fuzz/seeds-image
	@for w in $(BUILD)/corpus/*.wasm; do \
	    cp $$w $(BUILD)/fuzz/seeds-wasm/; \
	    ./$(BUILD)/xipwasm compile $$w -o $(BUILD)/fuzz/seeds-image/$$(basename $$w .wasm).xip; \
	done

fuzz-run: fuzz fuzz-seeds
	mkdir -p $(BUILD)/fuzz/work-compile $(BUILD)/fuzz/work-image $(BUILD)/fuzz/work-image-crc
	./$(BUILD)/fuzz/fuzz_compile -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 \
	    $(BUILD)/fuzz/work-compile $(BUILD)/fuzz/seeds-wasm
	./$(BUILD)/fuzz/fuzz_image -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 \
	    $(BUILD)/fuzz/work-image $(BUILD)/fuzz/seeds-image
	./$(BUILD)/fuzz/fuzz_image_crc -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 \
	    $(BUILD)/fuzz/work-image-crc $(BUILD)/fuzz/seeds-image
