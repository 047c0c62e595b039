;; arithmetic with locals and constants (small and large immediates)
(module
  (func (export "arith") (param i32 i32) (result i32) (local i32 i64)
    local.get 0
    i32.const 5
    i32.add
    local.set 2
    local.get 2
    local.get 1
    i32.mul
    i32.const 100000
    i32.xor
    local.get 2
    i32.sub
    i64.const -3
    local.set 3
    local.get 3
    i64.const 0x123456789
    i64.add
    i32.wrap_i64
    i32.add))
