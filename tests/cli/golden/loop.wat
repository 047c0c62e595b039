;; a counting loop: the compare and the branch fuse into one instruction
(module
  (func (export "sum") (param i32) (result i32) (local i32 i32)
    (block $done
      local.get 0
      i32.eqz
      br_if $done
      (loop $next
        local.get 2
        local.get 1
        i32.add
        local.set 2
        local.get 1
        i32.const 1
        i32.add
        local.tee 1
        local.get 0
        i32.lt_s
        br_if $next))
    local.get 2))
