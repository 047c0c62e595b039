build-sw/obj/compiler/decode.o: compiler/decode.c \
 compiler/decode_internal.h compiler/diag.h compiler/leb.h \
 compiler/module.h
compiler/decode_internal.h:
compiler/diag.h:
compiler/leb.h:
compiler/module.h:
