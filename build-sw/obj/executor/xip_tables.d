build-sw/obj/executor/xip_tables.o: executor/xip_tables.c \
 executor/xip_internal.h executor/xip.h format/xip_format.h \
 format/opcodes.def executor/xip_image.h
executor/xip_internal.h:
executor/xip.h:
format/xip_format.h:
format/opcodes.def:
executor/xip_image.h:
