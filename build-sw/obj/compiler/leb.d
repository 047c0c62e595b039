build-sw/obj/compiler/leb.o: compiler/leb.c compiler/leb.h \
 compiler/diag.h
compiler/leb.h:
compiler/diag.h:
