/*
 * profile_run.c: the executor's run loop built a second time, with
 * XIP_PROFILE=1, as xip_run_profiled: the same handlers, plus a count of
 * every dispatched opcode and opcode pair (see executor/xip_run.c). Only the
 * CLI links it; `xipwasm run --profile` switches to it (cli/profile.c).
 */
#define XIP_PROFILE 1
#include "executor/xip_run.c"
