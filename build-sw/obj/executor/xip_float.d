build-sw/obj/executor/xip_float.o: executor/xip_float.c \
 executor/xip_float.h executor/xip.h
executor/xip_float.h:
executor/xip.h:
