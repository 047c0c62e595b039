build-sw/obj/compiler/decode_code.o: compiler/decode_code.c \
 compiler/decode_internal.h compiler/diag.h compiler/leb.h \
 compiler/module.h compiler/wasm_ops.h compiler/wasm_ops.def
compiler/decode_internal.h:
compiler/diag.h:
compiler/leb.h:
compiler/module.h:
compiler/wasm_ops.h:
compiler/wasm_ops.def:
