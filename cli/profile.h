/*
 * profile.h: `xipwasm run --profile`: opcode and opcode-pair histograms of an
 * image, static (in the code section) and dynamic (dispatches of a run).
 */
#ifndef CLI_PROFILE_H
#define CLI_PROFILE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "xip.h"

/*
 * The counters a profiled run loop fills (XIP_PROFILE_WORDS u64 words):
 * counts[XIP_PROFILE_OP + op] dispatches of op, counts[XIP_PROFILE_PAIR +
 * 256 * prev + op] dispatches of op right after prev, counts[XIP_PROFILE_PREV]
 * the opcode dispatched last (256 before the first), counts[XIP_PROFILE_STACK]
 * the highest value-stack slot a frame reached (its base + frame size) and
 * counts[XIP_PROFILE_FRAMES] the most frame records in use.
 */
#define XIP_PROFILE_OP 0
#define XIP_PROFILE_PAIR 256
#define XIP_PROFILE_PREV (256 + 256 * 256)
#define XIP_PROFILE_STACK (XIP_PROFILE_PREV + 1)
#define XIP_PROFILE_FRAMES (XIP_PROFILE_PREV + 2)
#define XIP_PROFILE_WORDS (XIP_PROFILE_PREV + 3)

/* For executor/xip_run.c built with XIP_PROFILE_HOOK: the counters of inst when it is profiled, else NULL. */
uint64_t *xip_profile_counters(const xip_instance *inst);

/* cli/profile_run.c: xipi_run that counts every dispatch into counts. */
xip_status xip_run_profiled(xip_instance *inst, uint64_t *counts);

/* Starts counting the dispatches of inst's runs; false when out of memory. */
bool cli_profile_begin(const xip_instance *inst);

/* Dispatches counted so far (0 when not profiling). */
uint64_t cli_profile_executed(void);

/* The stack high-water marks of the profiled runs so far: slots and frame records (0 when not profiling). */
void cli_profile_stack(uint64_t *slots, uint64_t *frames);

/* Prints the static and dynamic histograms of the profiled instance to f. */
void cli_profile_report(FILE *f);

/* Stops profiling and frees the counters. */
void cli_profile_end(void);

#endif /* CLI_PROFILE_H */
