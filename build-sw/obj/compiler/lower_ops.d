build-sw/obj/compiler/lower_ops.o: compiler/lower_ops.c compiler/lower.h \
 compiler/diag.h compiler/ir.h compiler/module.h compiler/program.h \
 format/xip_format.h format/opcodes.def compiler/wasm_ops.h \
 compiler/wasm_ops.def compiler/constexpr.h compiler/passes.h
compiler/lower.h:
compiler/diag.h:
compiler/ir.h:
compiler/module.h:
compiler/program.h:
format/xip_format.h:
format/opcodes.def:
compiler/wasm_ops.h:
compiler/wasm_ops.def:
compiler/constexpr.h:
compiler/passes.h:
