;; a switch: br_table with three cases and a default
(module
  (func (export "switch") (param i32) (result i32)
    (block $default
      (block $c2
        (block $c1
          (block $c0
            local.get 0
            br_table $c0 $c1 $c2 $default)
          i32.const 100
          return)
        i32.const 101
        return)
      i32.const 102
      return)
    i32.const -1))
