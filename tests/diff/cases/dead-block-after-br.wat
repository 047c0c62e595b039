;; Bug: a `block` ... `end` in dead code (after `br 0`) ends the dead region
;; too early, and the branch lands at the nested block's `end`: xipwasm
;; returns 6 (silent miscompile; the dump shows `jmp` to the `i32.const 6`).
;; Same with `i32.const 1 br_if 0` (folded into a jump). From seed 53.
;; expected (wasm-interp): x() => i32:5
(module
  (func (export "x") (result i32)
    block (result i32)
      i32.const 5
      br 0
      block
        unreachable
      end
      i32.const 6
    end))
