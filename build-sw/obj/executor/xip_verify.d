build-sw/obj/executor/xip_verify.o: executor/xip_verify.c \
 executor/xip_internal.h executor/xip.h format/xip_format.h \
 format/opcodes.def executor/xip_image.h format/opcodes.def
executor/xip_internal.h:
executor/xip.h:
format/xip_format.h:
format/opcodes.def:
executor/xip_image.h:
format/opcodes.def:
