build-sw/obj/compiler/encode.o: compiler/encode.c compiler/constexpr.h \
 compiler/diag.h compiler/module.h compiler/passes.h compiler/ir.h \
 compiler/program.h format/xip_format.h format/opcodes.def \
 compiler/wasm_ops.h compiler/wasm_ops.def format/xip_checked.h
compiler/constexpr.h:
compiler/diag.h:
compiler/module.h:
compiler/passes.h:
compiler/ir.h:
compiler/program.h:
format/xip_format.h:
format/opcodes.def:
compiler/wasm_ops.h:
compiler/wasm_ops.def:
format/xip_checked.h:
