build-sw/obj/cli/srcmap.o: cli/srcmap.c cli/cli.h compiler/compiler.h \
 compiler/diag.h executor/xip.h format/xip_format.h format/opcodes.def
cli/cli.h:
compiler/compiler.h:
compiler/diag.h:
executor/xip.h:
format/xip_format.h:
format/opcodes.def:
