build-sw/obj/compiler/validate_code.o: compiler/validate_code.c \
 compiler/validate_internal.h compiler/diag.h compiler/module.h \
 compiler/wasm_ops.h compiler/wasm_ops.def
compiler/validate_internal.h:
compiler/diag.h:
compiler/module.h:
compiler/wasm_ops.h:
compiler/wasm_ops.def:
