build-sw/obj/executor/xip_exports.o: executor/xip_exports.c \
 executor/xip_internal.h executor/xip.h format/xip_format.h \
 format/opcodes.def executor/xip_image.h
executor/xip_internal.h:
executor/xip.h:
format/xip_format.h:
format/opcodes.def:
executor/xip_image.h:
