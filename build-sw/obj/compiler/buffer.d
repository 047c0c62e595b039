build-sw/obj/compiler/buffer.o: compiler/buffer.c compiler/passes.h \
 compiler/diag.h compiler/ir.h compiler/module.h format/xip_checked.h
compiler/passes.h:
compiler/diag.h:
compiler/ir.h:
compiler/module.h:
format/xip_checked.h:
