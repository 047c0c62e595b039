build-sw/obj/compiler/srcmap.o: compiler/srcmap.c compiler/compiler.h \
 compiler/diag.h compiler/ir.h compiler/module.h compiler/program.h \
 format/xip_format.h format/opcodes.def
compiler/compiler.h:
compiler/diag.h:
compiler/ir.h:
compiler/module.h:
compiler/program.h:
format/xip_format.h:
format/opcodes.def:
