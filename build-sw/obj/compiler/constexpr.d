build-sw/obj/compiler/constexpr.o: compiler/constexpr.c \
 compiler/constexpr.h compiler/diag.h compiler/module.h compiler/passes.h \
 compiler/ir.h compiler/wasm_ops.h compiler/wasm_ops.def \
 format/xip_format.h format/opcodes.def
compiler/constexpr.h:
compiler/diag.h:
compiler/module.h:
compiler/passes.h:
compiler/ir.h:
compiler/wasm_ops.h:
compiler/wasm_ops.def:
format/xip_format.h:
format/opcodes.def:
