build-sw/obj/cli/cmd_place.o: cli/cmd_place.c \
 /usr/lib/llvm-14/include/llvm-c/Core.h \
 /usr/lib/llvm-14/include/llvm-c/Deprecated.h \
 /usr/lib/llvm-14/include/llvm-c/ErrorHandling.h \
 /usr/lib/llvm-14/include/llvm-c/ExternC.h \
 /usr/lib/llvm-14/include/llvm-c/Types.h \
 /usr/lib/llvm-14/include/llvm-c/DataTypes.h \
 /usr/lib/llvm-14/include/llvm-c/Object.h \
 /usr/lib/llvm-14/include/llvm/Config/llvm-config.h cli/cli.h \
 compiler/compiler.h compiler/diag.h executor/xip.h format/xip_format.h \
 format/opcodes.def
/usr/lib/llvm-14/include/llvm-c/Core.h:
/usr/lib/llvm-14/include/llvm-c/Deprecated.h:
/usr/lib/llvm-14/include/llvm-c/ErrorHandling.h:
/usr/lib/llvm-14/include/llvm-c/ExternC.h:
/usr/lib/llvm-14/include/llvm-c/Types.h:
/usr/lib/llvm-14/include/llvm-c/DataTypes.h:
/usr/lib/llvm-14/include/llvm-c/Object.h:
/usr/lib/llvm-14/include/llvm/Config/llvm-config.h:
cli/cli.h:
compiler/compiler.h:
compiler/diag.h:
executor/xip.h:
format/xip_format.h:
format/opcodes.def:
