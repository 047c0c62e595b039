build-sw/obj/cli/wast_host.o: cli/wast_host.c cli/wast_internal.h \
 cli/cli.h compiler/compiler.h compiler/diag.h executor/xip.h \
 format/xip_format.h format/opcodes.def
cli/wast_internal.h:
cli/cli.h:
compiler/compiler.h:
compiler/diag.h:
executor/xip.h:
format/xip_format.h:
format/opcodes.def:
