/*
 * xip_bulk.h: the bulk memory and table instructions (xip_bulk.c), run out
 * of line by the interpreter loop. Built only with XIP_EXT.
 */
#ifndef XIP_BULK_H
#define XIP_BULK_H

#include "xip_internal.h"

/*
 * Runs the verified bulk memory or table instruction at pc (MEMORY_COPY ..
 * TABLE_FILL, not REF_IS_NULL/REF_FUNC) in the frame R; sets *size to its
 * byte size. Pays its fuel from inst->fuel (xip_fuel.h). Returns XIP_OK,
 * the trap to raise, or XIP_OUT_OF_FUEL (pause here: it must run again from
 * its start); a trapping or pausing instruction writes nothing.
 */
xip_status xipi_bulk(xip_instance *inst, const uint8_t *pc, uint64_t *R, uint32_t *size);

#endif /* XIP_BULK_H */
