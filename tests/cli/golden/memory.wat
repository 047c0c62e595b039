;; loads and stores of every width, with offsets
(module
  (memory 1)
  (func (export "mem") (param i32) (result i64)
    local.get 0
    local.get 0
    i32.load offset=8
    i32.store offset=12
    local.get 0
    i32.load8_s offset=1
    drop
    local.get 0
    local.get 0
    i32.load16_u
    i32.store16 offset=2
    local.get 0
    i64.const 7
    i64.store offset=16
    local.get 0
    i32.const 255
    i32.store8
    local.get 0
    i64.load32_s offset=24))
