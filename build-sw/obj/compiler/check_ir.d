build-sw/obj/compiler/check_ir.o: compiler/check_ir.c compiler/check_ir.h \
 compiler/compiler.h compiler/diag.h compiler/ir.h compiler/module.h \
 compiler/program.h format/xip_format.h format/opcodes.def
compiler/check_ir.h:
compiler/compiler.h:
compiler/diag.h:
compiler/ir.h:
compiler/module.h:
compiler/program.h:
format/xip_format.h:
format/opcodes.def:
