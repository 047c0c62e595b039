#!/bin/sh
# test_embed.sh: docs/examples/embed_example.c (the example of docs/embedding.md)
# compiles warning-free against the executor sources alone and runs an image
# made by `xipwasm compile`: two applets round-robin, host calls, results.
. tests/cli/lib.sh

CC=${CC:-cc}
expect_exit 0 $CC -std=c99 -Wall -Wextra -Werror -Iformat -Iexecutor docs/examples/embed_example.c \
    executor/*.c -o "$T/embed_example"

wat applet <<'W'
(module
  (import "env" "print_str" (func $str (param i32 i32)))
  (import "env" "print_i32" (func $i32 (param i32)))
  (memory 1)
  (data (i32.const 0) "sum")
  (func (export "run") (param $n i32) (result i32) (local $i i32) (local $sum i32)
    (loop $next
      local.get $sum local.get $i i32.add local.set $sum
      local.get $i i32.const 1 i32.add local.tee $i
      local.get $n i32.lt_u br_if $next)
    i32.const 0 i32.const 3 call $str
    local.get $sum call $i32
    local.get $sum))
W
expect_exit 0 "$XIPWASM" compile "$T/applet.wasm" -o "$T/applet.xip"
expect_exit 0 "$T/embed_example" "$T/applet.xip"
grep -v ' slices$' "$T/out" >"$T/lines"
cat >"$T/expected" <<'E'
applet 0: print "sum"
applet 0: print 4950
applet 0: result 4950
applet 1: print "sum"
applet 1: print 19900
applet 1: result 19900
E
expect_file_same "embed_example output" "$T/expected" "$T/lines"
# Both applets needed several turns, so they really took turns.
slices=$(grep -c 'applet [01]: [2-9][0-9]* slices$' "$T/out")
if [ "$slices" -eq 2 ]; then pass; else fail "embed_example" "applets did not take turns"; fi
# A refused image.
echo "not an image" >"$T/bad.xip"
expect_exit 0 "$T/embed_example" "$T/bad.xip"
if grep -q "applet 0: refused: image: " "$T/out"; then pass; else fail "embed_example bad.xip" "no refusal"; fi

# docs/embedding.md shows the example verbatim (its last ```c block).
awk '/^```c$/ { n++; body = ""; inside = 1; next } /^```$/ { inside = 0 } inside { body = body $0 "\n" }
     END { printf "%s", body }' docs/embedding.md >"$T/from_doc.c"
expect_file_same "docs/embedding.md example" docs/examples/embed_example.c "$T/from_doc.c"
finish
