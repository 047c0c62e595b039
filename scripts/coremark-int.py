#!/usr/bin/env python3
"""coremark-int.py: a float-free coremark-minimal, for timing executors built without floats.

usage: coremark-int.py IN.wat OUT.wat

coremark-minimal's `run` uses f64 only to turn clock_ms's milliseconds into
seconds (to pick the iteration count and to compute the score) and returns the
score as f32. This rewrite keeps the milliseconds as an i64 instead: every
comparison of seconds becomes one of milliseconds (secs < 1 is ms < 1000,
secs < 10 is ms < 10000, trunc(secs) is ms / 1000), and `run` returns the
score iterations * 1000 / ms as an i32. CoreMark's benchmark code is not
touched, so it runs the same iterations for the same clock. Every expected
pattern must occur exactly once, or the rewrite fails (the module changed)."""
import re
import sys

# (pattern, replacement): instruction sequences of `run` (whitespace-separated tokens).
REWRITES = [
    ("(type (;9;) (func (result f32)))", "(type (;9;) (func (result i32)))"),
    ("(func (;4;) (type 9) (result f32)", "(func (;4;) (type 9) (result i32)"),
    ("i32 i32 i64 f32 f64)", "i32 i32 i64 i32 i64)"),
    # secs = ms / 1000.0; secs < 1
    ("i64.sub f64.convert_i64_u f64.const 0x1.f4p+9 (;=1000;) f64.div local.tee 16 f64.const 0x1p+0 (;=1;) f64.lt",
     "i64.sub local.tee 16 i64.const 1000 i64.lt_u"),
    # 0 <= secs < 2^32 ? trunc(secs) : 0
    ("local.get 16 f64.const 0x1p+32 (;=4.29497e+09;) f64.lt local.get 16 f64.const 0x0p+0 (;=0;) f64.ge"
     " i32.and if local.get 16 i32.trunc_f64_u",
     "local.get 16 i64.const 4294967296000 i64.lt_u i32.const 1 i32.and"
     " if local.get 16 i64.const 1000 i64.div_u i32.wrap_i64"),
    # secs = total ms / 1000.0
    ("local.get 14 f64.convert_i64_u f64.const 0x1.f4p+9 (;=1000;) f64.div local.set 16",
     "local.get 14 local.set 16"),
    # secs < 10
    ("local.get 16 f64.const 0x1.4p+3 (;=10;) f64.lt", "local.get 16 i64.const 10000 i64.lt_u"),
    # score = iterations / secs
    ("i32.mul f64.convert_i32_u local.get 14 f64.convert_i64_u f64.const 0x1.f4p+9 (;=1000;) f64.div f64.div"
     " f32.demote_f64 local.set 15",
     "i32.mul i64.extend_i32_u i64.const 1000 i64.mul local.get 14 i64.div_u i32.wrap_i64 local.set 15"),
]


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: coremark-int.py IN.wat OUT.wat")
    lines = [re.sub(r";;.*", "", line) for line in open(sys.argv[1])]
    text = " ".join(" ".join(lines).split())
    for old, new in REWRITES:
        count = text.count(old)
        if count != 1:
            sys.exit("coremark-int.py: %r occurs %d times, not once" % (old, count))
        text = text.replace(old, new)
    left = re.findall(r"\bf(?:32|64)\.\w+", text)
    if left:
        sys.exit("coremark-int.py: float instructions left: %s" % " ".join(sorted(set(left))))
    open(sys.argv[2], "w").write(text + "\n")


if __name__ == "__main__":
    main()
