build-sw/obj/compiler/plan.o: compiler/plan.c compiler/constexpr.h \
 compiler/diag.h compiler/module.h compiler/passes.h compiler/ir.h \
 compiler/wasm_ops.h compiler/wasm_ops.def
compiler/constexpr.h:
compiler/diag.h:
compiler/module.h:
compiler/passes.h:
compiler/ir.h:
compiler/wasm_ops.h:
compiler/wasm_ops.def:
