;; calls, a function with multiple results, an imported function
(module
  (import "env" "print_i32" (func $print (param i32)))
  (func $divmod (param i32 i32) (result i32 i32)
    local.get 0
    local.get 1
    i32.div_u
    local.get 0
    local.get 1
    i32.rem_u)
  (func (export "calls") (param i32) (result i32)
    local.get 0
    i32.const 10
    call $divmod
    call $print
    i32.const 1
    i32.add))
