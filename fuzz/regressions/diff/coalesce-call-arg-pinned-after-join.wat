;; fuzz_diff seed 1903766 (reduced by hand). Bug: copy coalescing
;; (compiler/coalesce.c) moved a call argument out of its slot. The `if`
;; result is the recursive call's first argument (r3); the else arm writes
;; local 0 and copies it to r3. The call pinned r3's web, but on a node a
;; forward branch (the then arm's jmp) had already joined to another root,
;; so the web stayed unpinned, moved into local 0's register, and the call
;; read a stale r3: xipwasm returned 0 (1 on the unreduced module).
;; expected (wasm-interp): x() => i64:18446743864097841238
(module
  (memory 1)
  (global $g (mut i32) (i32.const 10))
  (global $h (mut i64) (i64.const 0))
  (func $f (param i64 f32 i32) (result i64)
    global.get $g
    i32.eqz
    if
      local.get 0
      return
    end
    global.get $g
    i32.const 1
    i32.sub
    global.set $g
    local.get 2
    i32.eqz
    if (result i64)
      i32.const 7
      local.set 2
      block (result i64)
        local.get 2
        if
          loop
            global.get $g
            i32.eqz
            if
              local.get 0
              return
            end
            global.get $g
            i32.const 1
            i32.sub
            global.set $g
            local.get 0
            global.set $h
          end
        end
        i64.const -209611710378
      end
    else
      i64.const 5
      local.tee 0
    end
    local.get 1
    i32.const 0
    call $f)
  (func (export "x") (result i64)
    i64.const 0
    f32.const 0
    i32.const 0
    call $f))
