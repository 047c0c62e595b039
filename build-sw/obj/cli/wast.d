build-sw/obj/cli/wast.o: cli/wast.c cli/cli.h compiler/compiler.h \
 compiler/diag.h executor/xip.h format/xip_format.h format/opcodes.def \
 cli/json.h cli/wast.h cli/wast_internal.h
cli/cli.h:
compiler/compiler.h:
compiler/diag.h:
executor/xip.h:
format/xip_format.h:
format/opcodes.def:
cli/json.h:
cli/wast.h:
cli/wast_internal.h:
