;; Bug: in dead code (after `br 0`), an `if (result i32)` whose else arm
;; ends in `unreachable`, then `select`: xipwasm compile aborts with
;;   compiler/lower.c: lw_pop: Assertion `s->height > 0' failed.
;; (the dead if's result is not pushed, so select pops an empty stack).
;; Reduced from seed 17.
;; expected (wasm-interp): x() => i32:5
(module
  (func (export "x") (result i32)
    block (result i32)
      i32.const 5
      br 0
      i32.const 1
      i32.const 1
      i32.const 1
      if (result i32)
        i32.const 0
      else
        unreachable
      end
      select
    end))
