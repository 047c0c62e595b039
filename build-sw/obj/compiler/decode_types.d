build-sw/obj/compiler/decode_types.o: compiler/decode_types.c \
 compiler/decode_internal.h compiler/diag.h compiler/leb.h \
 compiler/module.h format/xip_checked.h
compiler/decode_internal.h:
compiler/diag.h:
compiler/leb.h:
compiler/module.h:
format/xip_checked.h:
