build-sw/obj/compiler/allocate.o: compiler/allocate.c compiler/passes.h \
 compiler/diag.h compiler/ir.h compiler/module.h compiler/program.h \
 format/xip_format.h format/opcodes.def
compiler/passes.h:
compiler/diag.h:
compiler/ir.h:
compiler/module.h:
compiler/program.h:
format/xip_format.h:
format/opcodes.def:
