build-sw/obj/cli/cmd_run.o: cli/cmd_run.c cli/cli.h compiler/compiler.h \
 compiler/diag.h executor/xip.h format/xip_format.h format/opcodes.def \
 cli/profile.h
cli/cli.h:
compiler/compiler.h:
compiler/diag.h:
executor/xip.h:
format/xip_format.h:
format/opcodes.def:
cli/profile.h:
