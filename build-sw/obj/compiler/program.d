build-sw/obj/compiler/program.o: compiler/program.c compiler/program.h \
 compiler/ir.h compiler/module.h format/xip_format.h format/opcodes.def \
 format/xip_checked.h format/opcodes.def
compiler/program.h:
compiler/ir.h:
compiler/module.h:
format/xip_format.h:
format/opcodes.def:
format/xip_checked.h:
format/opcodes.def:
