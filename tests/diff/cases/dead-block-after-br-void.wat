;; Bug: `br 0` out of a void block followed by a nested `block end` (or
;; `loop end`) in dead code: xipwasm compile crashes (segmentation fault).
;; Same with `i32.const 1 br_if 0`.
;; expected (wasm-interp): x() => i32:3
(module
  (func (export "x") (result i32)
    block
      br 0
      block
      end
    end
    i32.const 3))
