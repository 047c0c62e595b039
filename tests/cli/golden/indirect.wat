;; globals, a table and call_indirect
(module
  (type $unary (func (param i32) (result i32)))
  (global $count (mut i32) (i32.const 0))
  (table 2 funcref)
  (elem (i32.const 0) $inc $dec)
  (func $inc (param i32) (result i32) local.get 0 i32.const 1 i32.add)
  (func $dec (param i32) (result i32) local.get 0 i32.const 1 i32.sub)
  (func (export "apply") (param i32 i32) (result i32)
    global.get $count
    i32.const 1
    i32.add
    global.set $count
    local.get 1
    local.get 0
    call_indirect (type $unary)))
