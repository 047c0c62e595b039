build-sw/obj/compiler/wasm_ops.o: compiler/wasm_ops.c compiler/wasm_ops.h \
 compiler/module.h compiler/wasm_ops.def format/xip_format.h \
 format/opcodes.def format/opcodes.def
compiler/wasm_ops.h:
compiler/module.h:
compiler/wasm_ops.def:
format/xip_format.h:
format/opcodes.def:
format/opcodes.def:
