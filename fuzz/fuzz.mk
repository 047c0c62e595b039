# fuzz.mk: fuzzing (fuzz/README.md says what each target does).
#   make fuzz                      the libFuzzer targets (clang) and their replay builds
#   make fuzz-run FUZZ_SECONDS=N   every target for N seconds: fuzz_compile, fuzz_image,
#                                  fuzz_image_sealed (libFuzzer) and fuzz_diff (script-driven)
#   make fuzz-regress              replays fuzz/regressions/ (64- and 32-bit ASan/UBSan builds)
# Each libFuzzer run has a per-input time limit (FUZZ_TIMEOUT s: a slower input
# fails the run) and RSS and malloc limits; crashes, timeouts and out-of-memory
# inputs are written to $(BUILD)/fuzz/artifacts/. Inputs that once failed are
# kept under fuzz/regressions/TARGET/ (fuzz_diff: .wat cases) and replayed.
FUZZ_SECONDS ?= 60
FUZZ_TIMEOUT ?= 10
FUZZ_RSS_MB ?= 2048
FUZZ_MALLOC_MB ?= 512
FUZZ_JOBS_NICE ?= nice -n 19
FUZZ_OPTS = -timeout=$(FUZZ_TIMEOUT) -rss_limit_mb=$(FUZZ_RSS_MB) -malloc_limit_mb=$(FUZZ_MALLOC_MB) \
    -report_slow_units=$(FUZZ_TIMEOUT) -print_final_stats=1
FUZZ_SEED_DIRS := $(BUILD)/fuzz/seeds-wasm $(BUILD)/fuzz/seeds-image
FUZZ_SAN := -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_TARGETS := fuzz_compile fuzz_image fuzz_image_sealed
FUZZ_BINS := $(FUZZ_TARGETS:%=$(BUILD)/fuzz/%)
FUZZ_REPLAY := $(FUZZ_TARGETS:%=$(BUILD)/fuzz/replay-%) $(FUZZ_TARGETS:%=$(BUILD)/m32/fuzz/replay-%)
# The fuzz configuration (clang, instrumented for libFuzzer): its library is
# compiled once (top-level Makefile, CFG_RULES) and linked into every target.
CFG_CC_fuzz := $(CLANG)
CFG_FLAGS_fuzz := $(FUZZ_SAN) -fsanitize=fuzzer-no-link -DXC_CHECK_IR=1
CFG_NAMES += fuzz
FUZZ_LIBS := $(call cfg_libs,fuzz,fuzz)

.PHONY: fuzz fuzz-run fuzz-seeds fuzz-regress
fuzz: $(FUZZ_BINS) $(FUZZ_REPLAY) $(BUILD)/fuzz/image.dict

$(BUILD)/fuzz/%: $(BUILD)/cfg/fuzz/fuzz/%.o $(FUZZ_LIBS)
	@mkdir -p $(dir $@)
	$(CLANG) $(FUZZ_SAN) -fsanitize=fuzzer $< $(FUZZ_LIBS) -o $@ -lm
.SECONDARY: $(FUZZ_TARGETS:%=$(BUILD)/cfg/fuzz/fuzz/%.o)

# The same targets with a plain main() (fuzz/replay_main.c), 64- and 32-bit.
$(BUILD)/fuzz/replay-%: $(BUILD)/cfg/san/fuzz/%.o $(BUILD)/cfg/san/fuzz/replay_main.o $(SAN_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(SAN_FLAGS) $^ -o $@ -lm

$(BUILD)/m32/fuzz/replay-%: $(BUILD)/cfg/m32/fuzz/%.o $(BUILD)/cfg/m32/fuzz/replay_main.o $(M32_LIBS)
	@mkdir -p $(dir $@)
	$(CC) -m32 $(SAN_FLAGS) $^ -o $@ -lm
.SECONDARY: $(FUZZ_TARGETS:%=$(BUILD)/cfg/san/fuzz/%.o) $(FUZZ_TARGETS:%=$(BUILD)/cfg/m32/fuzz/%.o)

# The image targets' dictionary: magic, section ids, every opcode (fuzz/image_dict.c).
$(BUILD)/fuzz/image.dict: fuzz/image_dict.c $(FORMAT_HDRS)
	@mkdir -p $(dir $@)
	$(CC) -std=c99 $(WARN) -Iformat fuzz/image_dict.c -o $(BUILD)/fuzz/image_dict
	./$(BUILD)/fuzz/image_dict >$@

# Seeds: the corpus and the spec suite's modules for the compiler, their images for the executor.
fuzz-seeds: $(BUILD)/xipwasm corpus
	@BUILD=$(BUILD) SPEC_DIR=$(SPEC_DIR) sh fuzz/seeds.sh

# fuzz_run_one TARGET SEEDS DICT: N seconds of one libFuzzer target, at the lowest priority.
define fuzz_run_one
	@mkdir -p $(BUILD)/fuzz/work-$(1) $(BUILD)/fuzz/artifacts
	$(FUZZ_JOBS_NICE) ./$(BUILD)/fuzz/$(1) -max_total_time=$(FUZZ_SECONDS) $(FUZZ_OPTS) -dict=$(3) \
	    -artifact_prefix=$(BUILD)/fuzz/artifacts/$(1)- $(BUILD)/fuzz/work-$(1) $(2)
endef

fuzz-run: fuzz fuzz-seeds $(BUILD)/diff/seedbytes
	$(call fuzz_run_one,fuzz_compile,$(BUILD)/fuzz/seeds-wasm,fuzz/wasm.dict)
	$(call fuzz_run_one,fuzz_image,$(BUILD)/fuzz/seeds-image,$(BUILD)/fuzz/image.dict)
	$(call fuzz_run_one,fuzz_image_sealed,$(BUILD)/fuzz/seeds-image,$(BUILD)/fuzz/image.dict)
	$(FUZZ_JOBS_NICE) env BUILD=$(BUILD) bash fuzz/fuzz_diff.sh $(FUZZ_SECONDS)

fuzz-regress: $(FUZZ_REPLAY) $(BUILD)/xipwasm
	@BUILD=$(BUILD) sh fuzz/replay.sh
