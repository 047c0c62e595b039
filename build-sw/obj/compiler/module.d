build-sw/obj/compiler/module.o: compiler/module.c compiler/module.h
compiler/module.h:
