;; Features the wasm-opt -ttf generator rarely or never produces (br_table,
;; memory.grow, call_indirect traps, select on i64/f32/f64, multi-value
;; blocks/loops/ifs/calls, recursion, operand order). Each export runs alone.
;; expected (wasm-interp, each export on a fresh instance):
;;   br_table_0: i32:111
;;   br_table_1: i32:110
;;   br_table_2: i32:100
;;   br_table_big: i32:100
;;   br_table_g: i32:100
;;   br_table_loop: i32:2
;;   loop_tee: i32:5050
;;   mem_size: i32:1
;;   mem_grow: i32:102
;;   mem_grow_fail: i32:4294967295
;;   mem_grow_store: i32:77
;;   mem_oob_after: error: out of bounds memory access: access at 131068+4 >= max value 65536
;;   mem_edge: i64:1234605616436508552
;;   mem_edge_oob: error: out of bounds memory access: access at 65529+8 >= max value 65536
;;   mem_offset_oob: error: out of bounds memory access: access at 65533+4 >= max value 65536
;;   mem_wrap_oob: error: out of bounds memory access: access at 4294967296+1 >= max value 65536
;;   ci_inc: i32:42
;;   ci_dbl: i32:42
;;   ci_sig: error: indirect call signature mismatch
;;   ci_null: error: uninitialized table element
;;   ci_oob: error: undefined table index
;;   sel_i64: i64:18446744073709551611
;;   sel_i64_0: i64:7
;;   sel_f64: i64:4619567317775286272
;;   sel_f32: i32:3217031168
;;   sel_typed: i32:4
;;   multi_ret: i64:16
;;   multi_block: i32:4294967289
;;   multi_loop: i32:30
;;   multi_if: i32:4294967295
;;   fib20: i32:6765
;;   deep1000: i32:1000
;;   br_if_value: i32:9
;;   return_in_loop: i32:17
;;   local_swap: i64:21
;;   stack_order: i32:4294967291
;;   global_order: i32:4294967291
(module
  (type $ii (func (param i32) (result i32)))
  (type $v (func))
  (memory 1 3)
  (table 4 funcref)
  (elem (i32.const 0) $inc $dbl $void)
  (global $g (mut i32) (i32.const 0))
  (global $n (mut i32) (i32.const 2))
  (func $inc (type $ii) local.get 0 i32.const 1 i32.add)
  (func $dbl (type $ii) local.get 0 i32.const 2 i32.mul)
  (func $void (type $v))
  ;; br_table with a value, each target, default
  (func $bt (param i32) (result i32)
    block (result i32)
      block (result i32)
        block (result i32)
          i32.const 100
          local.get 0
          br_table 0 1 2
        end
        i32.const 1 i32.add
      end
      i32.const 10 i32.add
    end)
  (func (export "br_table_0") (result i32) i32.const 0 call $bt)
  (func (export "br_table_1") (result i32) i32.const 1 call $bt)
  (func (export "br_table_2") (result i32) i32.const 2 call $bt)
  (func (export "br_table_big") (result i32) i32.const -1 call $bt)
  (func (export "br_table_g") (result i32) global.get $n call $bt)
  ;; br_table in a loop counting
  (func (export "br_table_loop") (result i32) (local i32 i32)
    loop $l
      block $b
        local.get 0
        i32.const 1
        i32.add
        local.tee 0
        br_table $l $l $b $l
      end
    end
    local.get 0)
  (func (export "loop_tee") (result i32) (local i32 i32)
    loop $l
      local.get 1
      local.get 0
      i32.const 1
      i32.add
      local.tee 0
      i32.add
      local.set 1
      local.get 0
      i32.const 100
      i32.lt_u
      br_if $l
    end
    local.get 1)
  (func (export "mem_size") (result i32) memory.size)
  (func (export "mem_grow") (result i32)
    i32.const 1 memory.grow
    i32.const 100 i32.mul
    memory.size i32.add)
  (func (export "mem_grow_fail") (result i32) i32.const 5 memory.grow)
  (func (export "mem_grow_store") (result i32)
    i32.const 1 memory.grow drop
    i32.const 131068 i32.const 77 i32.store
    i32.const 131068 i32.load)
  (func (export "mem_oob_after") (result i32)
    i32.const 131068 i32.load)
  (func (export "mem_edge") (result i64)
    i32.const 65528 i64.const 0x1122334455667788 i64.store
    i32.const 65528 i64.load)
  (func (export "mem_edge_oob") (result i64)
    i32.const 65529 i64.load)
  (func (export "mem_offset_oob") (result i32)
    i32.const 0 i32.load offset=65533)
  (func (export "mem_wrap_oob") (result i32)
    i32.const -1 i32.load8_u offset=1)
  (func (export "ci_inc") (result i32) i32.const 41 i32.const 0 call_indirect (type $ii))
  (func (export "ci_dbl") (result i32) i32.const 21 i32.const 1 call_indirect (type $ii))
  (func (export "ci_sig") (result i32) i32.const 21 i32.const 2 call_indirect (type $ii))
  (func (export "ci_null") (result i32) i32.const 21 i32.const 3 call_indirect (type $ii))
  (func (export "ci_oob") (result i32) i32.const 21 i32.const 4 call_indirect (type $ii))
  (func (export "sel_i64") (result i64) i64.const -5 i64.const 7 global.get $n select)
  (func (export "sel_i64_0") (result i64) i64.const -5 i64.const 7 global.get $g select)
  (func (export "sel_f64") (result i64) f64.const -1.5 f64.const 7 global.get $g select i64.reinterpret_f64)
  (func (export "sel_f32") (result i32) f32.const -1.5 f32.const 7 global.get $n select i32.reinterpret_f32)
  (func (export "sel_typed") (result i32) i32.const 3 i32.const 4 global.get $g select (result i32))
  (func $mv (result i32 i64) i32.const 7 i64.const 9)
  (func (export "multi_ret") (result i64) (local i64) call $mv local.set 0 i64.extend_i32_u local.get 0 i64.add)
  (func (export "multi_block") (result i32)
    i32.const 1 i32.const 2
    block (param i32 i32) (result i32 i32)
      i32.add i32.const 10
    end
    i32.sub)
  (func (export "multi_loop") (result i32) (local i32)
    i32.const 0
    loop (param i32) (result i32)
      i32.const 3 i32.add
      local.tee 0
      local.get 0
      i32.const 30
      i32.lt_u
      br_if 0
    end)
  (func (export "multi_if") (result i32)
    i32.const 5 i32.const 6
    global.get $n
    if (param i32 i32) (result i32)
      i32.sub
    else
      i32.add
    end)
  (func $fib (param i32) (result i32)
    local.get 0 i32.const 2 i32.lt_u
    if (result i32) local.get 0
    else local.get 0 i32.const 1 i32.sub call $fib local.get 0 i32.const 2 i32.sub call $fib i32.add end)
  (func (export "fib20") (result i32) i32.const 20 call $fib)
  (func $deep (param i32) (result i32)
    local.get 0 i32.eqz if (result i32) i32.const 0 else local.get 0 i32.const 1 i32.sub call $deep i32.const 1 i32.add end)
  (func (export "deep1000") (result i32) i32.const 1000 call $deep)
  (func (export "br_if_value") (result i32)
    block (result i32)
      i32.const 9
      global.get $n
      br_if 0
      drop
      i32.const 8
    end)
  (func (export "return_in_loop") (result i32) (local i32)
    loop
      local.get 0 i32.const 1 i32.add local.tee 0
      i32.const 17 i32.eq
      if local.get 0 return end
      br 0
    end
    i32.const -1)
  (func (export "local_swap") (result i64) (local i64 i64 i64)
    i64.const 1 local.set 0 i64.const 2 local.set 1
    local.get 0 local.get 1 local.set 0 local.set 1
    local.get 0 i64.const 10 i64.mul local.get 1 i64.add)
  (func (export "stack_order") (result i32) (local i32)
    local.get 0
    i32.const 5 local.set 0
    local.get 0
    i32.sub)
  (func (export "global_order") (result i32)
    global.get $n
    i32.const 7 global.set $n
    global.get $n
    i32.sub
    i32.const 2 global.set $n))
