build-sw/obj/cli/profile.o: cli/profile.c cli/cli.h compiler/compiler.h \
 compiler/diag.h executor/xip.h format/xip_format.h format/opcodes.def \
 cli/profile.h format/xip_disasm.h format/opcodes.def
cli/cli.h:
compiler/compiler.h:
compiler/diag.h:
executor/xip.h:
format/xip_format.h:
format/opcodes.def:
cli/profile.h:
format/xip_disasm.h:
format/opcodes.def:
