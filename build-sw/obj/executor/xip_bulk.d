build-sw/obj/executor/xip_bulk.o: executor/xip_bulk.c executor/xip_bulk.h \
 executor/xip_internal.h executor/xip.h format/xip_format.h \
 format/opcodes.def executor/xip_image.h
executor/xip_bulk.h:
executor/xip_internal.h:
executor/xip.h:
format/xip_format.h:
format/opcodes.def:
executor/xip_image.h:
