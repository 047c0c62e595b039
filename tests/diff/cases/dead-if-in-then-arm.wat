;; Bug: an `if` ... `end` in dead code (after `unreachable`) inside the then
;; arm of an outer `if` breaks the compiler's control stack: at the outer
;; `else` xipwasm compile aborts with
;;   lower_control.c: lower_else: Assertion `c->kind == LW_IF' failed.
;; (found by seed 7; also behind most compile aborts of wasm-opt -ttf modules)
;; expected (wasm-interp): x() => i32:7
(module
  (func (export "x") (result i32)
    i32.const 0
    if (result i32)
      unreachable
      i32.const 0
      if
      end
      i32.const 512
    else
      i32.const 7
    end))
