build-sw/obj/format/xip_disasm.o: format/xip_disasm.c format/xip_disasm.h \
 format/xip_format.h format/opcodes.def
format/xip_disasm.h:
format/xip_format.h:
format/opcodes.def:
