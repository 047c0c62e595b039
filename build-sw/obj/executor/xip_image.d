build-sw/obj/executor/xip_image.o: executor/xip_image.c \
 executor/xip_image.h executor/xip.h format/xip_format.h \
 format/opcodes.def
executor/xip_image.h:
executor/xip.h:
format/xip_format.h:
format/opcodes.def:
