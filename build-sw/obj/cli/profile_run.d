build-sw/obj/cli/profile_run.o: cli/profile_run.c executor/xip_run.c \
 executor/xip_bulk.h executor/xip_internal.h executor/xip.h \
 format/xip_format.h format/opcodes.def executor/xip_image.h \
 executor/xip_float.h cli/profile.h executor/xip.h format/opcodes.def
executor/xip_run.c:
executor/xip_bulk.h:
executor/xip_internal.h:
executor/xip.h:
format/xip_format.h:
format/opcodes.def:
executor/xip_image.h:
executor/xip_float.h:
cli/profile.h:
executor/xip.h:
format/opcodes.def:
