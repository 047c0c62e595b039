# diff.mk: differential tests against wabt's wasm-interp (tests/diff/).
# `make diff-test` runs the saved reduced cases, the operator sweep and
# DIFF_SEEDS random modules from seed DIFF_FIRST, each also as an
# edge-value module (edges.sh). Included by the top-level
# Makefile.
DIFF_FIRST ?= 1
DIFF_SEEDS ?= 200

.PHONY: diff-test diff-cases diff-ops diff-fuzz diff-edges

$(BUILD)/diff/seedbytes: tests/diff/seedbytes.c | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) -std=c99 $(WARN) -O2 $< -o $@

$(BUILD)/diff/edgegen: tests/diff/edgegen.c | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) -std=c99 $(WARN) -O2 $< -o $@

# edge-value modules alone: make diff-edges [DIFF_FIRST=1 DIFF_SEEDS=200]
diff-edges: $(BUILD)/xipwasm $(BUILD)/diff/edgegen
	@BUILD=$(BUILD) bash tests/diff/edges.sh $(DIFF_FIRST) $(DIFF_SEEDS)

diff-cases: $(BUILD)/xipwasm
	@BUILD=$(BUILD) bash tests/diff/run-cases.sh

diff-ops: $(BUILD)/xipwasm
	@BUILD=$(BUILD) bash tests/diff/ops.sh

diff-fuzz: $(BUILD)/xipwasm $(BUILD)/diff/seedbytes $(BUILD)/diff/edgegen
	@BUILD=$(BUILD) bash tests/diff/run.sh $(DIFF_FIRST) $(DIFF_SEEDS)

diff-test: $(BUILD)/xipwasm $(BUILD)/diff/seedbytes $(BUILD)/diff/edgegen
	@BUILD=$(BUILD) bash tests/diff/run-cases.sh; c=$$?; \
	 BUILD=$(BUILD) bash tests/diff/ops.sh; o=$$?; \
	 BUILD=$(BUILD) bash tests/diff/run.sh $(DIFF_FIRST) $(DIFF_SEEDS); f=$$?; \
	 test $$c -eq 0 && test $$o -eq 0 && test $$f -eq 0
