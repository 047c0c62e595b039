build-sw/obj/compiler/liveness.o: compiler/liveness.c compiler/passes.h \
 compiler/diag.h compiler/ir.h compiler/module.h compiler/program.h \
 format/xip_format.h format/opcodes.def format/xip_checked.h
compiler/passes.h:
compiler/diag.h:
compiler/ir.h:
compiler/module.h:
compiler/program.h:
format/xip_format.h:
format/opcodes.def:
format/xip_checked.h:
