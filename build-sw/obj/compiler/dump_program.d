build-sw/obj/compiler/dump_program.o: compiler/dump_program.c \
 compiler/passes.h compiler/diag.h compiler/ir.h compiler/module.h \
 compiler/program.h format/xip_format.h format/opcodes.def
compiler/passes.h:
compiler/diag.h:
compiler/ir.h:
compiler/module.h:
compiler/program.h:
format/xip_format.h:
format/opcodes.def:
