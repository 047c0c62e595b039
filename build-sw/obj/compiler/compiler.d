build-sw/obj/compiler/compiler.o: compiler/compiler.c compiler/compiler.h \
 compiler/diag.h compiler/check_ir.h compiler/ir.h compiler/module.h \
 compiler/passes.h format/xip_format.h format/opcodes.def
compiler/compiler.h:
compiler/diag.h:
compiler/check_ir.h:
compiler/ir.h:
compiler/module.h:
compiler/passes.h:
format/xip_format.h:
format/opcodes.def:
