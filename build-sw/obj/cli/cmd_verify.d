build-sw/obj/cli/cmd_verify.o: cli/cmd_verify.c cli/cli.h \
 compiler/compiler.h compiler/diag.h executor/xip.h format/xip_format.h \
 format/opcodes.def
cli/cli.h:
compiler/compiler.h:
compiler/diag.h:
executor/xip.h:
format/xip_format.h:
format/opcodes.def:
