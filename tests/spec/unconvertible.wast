;; A script wast2json rejects: one failure at the line it names.
;; expect: 0 passed, 1 failed, 0 skipped
;; expect-fail: 5 wast2json: cannot convert:

(module (func (export "f") (i32.const 1 2 3
