build-sw/obj/compiler/validate.o: compiler/validate.c compiler/passes.h \
 compiler/diag.h compiler/ir.h compiler/module.h \
 compiler/validate_internal.h
compiler/passes.h:
compiler/diag.h:
compiler/ir.h:
compiler/module.h:
compiler/validate_internal.h:
