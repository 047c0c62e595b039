build-sw/obj/compiler/dump_module.o: compiler/dump_module.c \
 compiler/wasm_ops.h compiler/module.h compiler/wasm_ops.def \
 compiler/passes.h compiler/diag.h compiler/ir.h
compiler/wasm_ops.h:
compiler/module.h:
compiler/wasm_ops.def:
compiler/passes.h:
compiler/diag.h:
compiler/ir.h:
