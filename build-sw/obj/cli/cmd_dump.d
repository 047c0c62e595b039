build-sw/obj/cli/cmd_dump.o: cli/cmd_dump.c cli/cli.h compiler/compiler.h \
 compiler/diag.h executor/xip.h format/xip_format.h format/opcodes.def \
 cli/json.h format/xip_disasm.h executor/xip_image.h executor/xip.h
cli/cli.h:
compiler/compiler.h:
compiler/diag.h:
executor/xip.h:
format/xip_format.h:
format/opcodes.def:
cli/json.h:
format/xip_disasm.h:
executor/xip_image.h:
executor/xip.h:
