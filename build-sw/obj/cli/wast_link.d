build-sw/obj/cli/wast_link.o: cli/wast_link.c compiler/compiler.h \
 compiler/diag.h cli/wast_internal.h cli/cli.h executor/xip.h \
 format/xip_format.h format/opcodes.def executor/xip_image.h \
 executor/xip.h
compiler/compiler.h:
compiler/diag.h:
cli/wast_internal.h:
cli/cli.h:
executor/xip.h:
format/xip_format.h:
format/opcodes.def:
executor/xip_image.h:
executor/xip.h:
