/*
 * fw.h: what the example firmware's common part (fw_main.c, fw_host.c) needs
 * from a board (mps2-an386/board.c, riscv32-virt/board.c), and what the
 * common files share.
 *
 * Output, the command line and the exit status go through semihosting (the
 * Arm semihosting calls, which QEMU implements for both Arm and RISC-V).
 */
#ifndef FW_H
#define FW_H

#include <stddef.h>
#include <stdint.h>

#include "xip.h"

/* ---- the board ---------------------------------------------------------- */

/* Semihosting operation numbers (Arm "Semihosting for AArch32 and AArch64"). */
enum {
    FW_SYS_OPEN = 0x01,
    FW_SYS_WRITE = 0x05,
    FW_SYS_GET_CMDLINE = 0x15,
    FW_SYS_EXIT_EXTENDED = 0x20
};

/* Performs semihosting operation `op` with parameter block `arg`; returns r0/a0. */
uintptr_t fw_semihost(uintptr_t op, void *arg);

/* The board's name, printed in the banner. */
extern const char fw_board_name[];

/*
 * Makes every unaligned load or store fault from now on (Arm: CCR.UNALIGN_TRP);
 * false when the core has no such switch.
 */
int fw_board_trap_unaligned(void);

/* Makes a deliberate fault (the fault handler's self-test); returns only if none happened. */
void fw_board_fault(void);

/* One applet slot of the linker script: [start, end) in flash. */
typedef struct fw_slot {
    const char *name;
    const uint8_t *start;
    const uint8_t *end;
} fw_slot;

/* The board's applet slots and their number. */
extern const fw_slot fw_slots[];
extern const unsigned fw_slot_count;

/* The RAM the firmware hands out to applets: [start, end). */
extern uint8_t fw_arena_start[], fw_arena_end[];

/* ---- semihosting helpers (fw_main.c) ------------------------------------- */

enum { FW_STDOUT = 0, FW_STDERR = 1 };

/* Writes n bytes to the host's standard output or error (FW_STDOUT, FW_STDERR). */
void fw_write(int stream, const char *s, size_t n);

/* Writes a NUL-terminated string to stream. */
void fw_puts(int stream, const char *s);

/* Writes v in decimal to stream. */
void fw_put_u32(int stream, uint32_t v);

/* Writes v as 8 hex digits to stream. */
void fw_put_hex(int stream, uint32_t v);

/* Ends the QEMU run with exit status `code` (never returns). */
void fw_exit(int code) __attribute__((noreturn));

/* Called by the board's fault handler: prints what faulted (pc, return address, two
   board-specific registers) and exits with FW_EXIT_FAULT. */
void fw_fault(const char *what, uint32_t pc, uint32_t ra, uint32_t detail1, uint32_t detail2) __attribute__((noreturn));

/* Exit statuses, as `xipwasm run` uses them, plus the hardware fault. */
enum { FW_EXIT_OK = 0, FW_EXIT_BAD_INPUT = 1, FW_EXIT_USAGE = 2, FW_EXIT_TRAP = 3, FW_EXIT_FAULT = 70,
       FW_EXIT_OVER_BOUND = 71 /* an applet used more stack than its image's recorded bound */ };

/* ---- number formatting (fw_format.c) ----------------------------------- */

/*
 * Formats the double with bit pattern `bits` as printf("%.Pg") with P = p
 * (1..17) does in glibc: inf, nan, correctly rounded digits. Writes at most
 * 32 bytes to out, no NUL; returns their number.
 */
size_t fw_format_g(char *out, uint64_t bits, int p);

/* ---- the host API (fw_host.c) -------------------------------------------- */

#define FW_LINE_BYTES 256

/* The host side of one applet: its import bindings, clock and output line. */
typedef struct fw_host {
    const char *prefix;      /* put before each output line ("" for none) */
    uint8_t binding[64];     /* per function import: enum fw_host_func */
    uint32_t import_count;
    uint64_t clock_calls;
    uint64_t clock_step;     /* clock_ms returns (k-1) * clock_step at the k-th call */
    char line[FW_LINE_BYTES];
    uint32_t line_len;
} fw_host;

/* Binds the imports of a loaded instance to the env functions; false if there are too many. */
int fw_host_bind(fw_host *host, const xip_instance *inst);

/* Serves the pending host call (XIP_HOST_CALL): XIP_OK when the results are
   written (the caller resumes the run), else the trap it made the call end in. */
xip_status fw_host_serve(fw_host *host, xip_instance *inst);

/* Appends n bytes to the applet's output, writing out each complete line. */
void fw_host_out(fw_host *host, const char *s, size_t n);

/* Writes out what is left of the current line. */
void fw_host_flush(fw_host *host);

/* Prints one result value as `xipwasm run` does ("i32:42", "f32:2", ...). */
void fw_host_print_value(fw_host *host, uint8_t type, uint64_t slot);

#endif /* FW_H */
