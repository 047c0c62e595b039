;; Assertions that must be reported as failures, each at its own line: the
;; runner must not pass a wrong result, a missing trap or an accepted module.
;; expect: 3 passed, 7 failed, 0 skipped
;; expect-fail: 17 assert_return: result 0: got i32:3
;; expect-fail: 18 assert_return: result 0: got f32:
;; expect-fail: 19 assert_return: result 0: got i64:1
;; expect-fail: 20 assert_trap: expected trap "integer divide by zero", got returned
;; expect-fail: 21 assert_trap: expected trap "unreachable", got trap: integer divide by zero
;; expect-fail: 22 assert_invalid: module accepted
;; expect-fail: 23 assert_unlinkable: module accepted

(module
  (func (export "three") (result i32) (i32.const 3))
  (func (export "one") (result f32) (f32.const 1))
  (func (export "div") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
  (func (export "big") (result i64) (i64.const 1)))
(assert_return (invoke "three") (i32.const 4))
(assert_return (invoke "one") (f32.const nan:arithmetic))
(assert_return (invoke "big") (i64.const 0x100000001))
(assert_trap (invoke "div" (i32.const 1) (i32.const 1)) "integer divide by zero")
(assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "unreachable")
(assert_invalid (module (func (result i32) (i32.const 0))) "type mismatch")
(assert_unlinkable (module (import "spectest" "print" (func))) "unknown import")
(assert_return (invoke "three") (i32.const 3))
(assert_return (invoke "div" (i32.const 7) (i32.const 2)) (i32.const 3))
