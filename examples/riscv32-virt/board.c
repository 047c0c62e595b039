/*
 * board.c: QEMU riscv32 virt (rv32imc) for the example firmware: reset code
 * (start.S sets the stack, gp, tp and the trap vector), semihosting (the
 * slli/ebreak/srai sequence), the trap handler (prints the cause and exits
 * through semihosting, so a crash is a non-zero QEMU exit status) and the
 * applet slots of link.ld. RISC-V has no switch that makes unaligned
 * accesses trap (QEMU performs them), so the odd-address test here checks
 * only that images run from an odd address.
 *
 * Built with -fno-tree-loop-distribute-patterns: gcc would otherwise turn
 * the .data copy and .bss clear loops into calls of memcpy and memset.
 */
#include <stdint.h>

#include "fw.h"

extern uint32_t __data_start[], __data_end[], __data_load[], __bss_start[], __bss_end[];
extern uint32_t __tls_base[], __tdata_end[], __tdata_load[];
extern uint8_t __xip_slot_applet_start[], __xip_slot_applet_end[];
extern uint8_t __xip_slot_second_start[], __xip_slot_second_end[];
extern uint8_t __xip_slot_odd_start[], __xip_slot_odd_end[];
int main(void);
void fw_reset(void);
void fw_trap_report(uint32_t cause, uint32_t pc, uint32_t value, uint32_t ra);

const char fw_board_name[] = "riscv32 virt (rv32imc)";

const fw_slot fw_slots[] = {
    {"applet", __xip_slot_applet_start, __xip_slot_applet_end},
    {"second", __xip_slot_second_start, __xip_slot_second_end},
    {"odd", __xip_slot_odd_start, __xip_slot_odd_end},
};
const unsigned fw_slot_count = sizeof fw_slots / sizeof fw_slots[0];

uintptr_t fw_semihost(uintptr_t op, void *arg)
{
    register uintptr_t a0 __asm__("a0") = op;
    register void *a1 __asm__("a1") = arg;
    /* the three instructions must be uncompressed and on one page */
    __asm__ volatile(".option push\n\t.option norvc\n\t.balign 16\n\t"
                     "slli zero, zero, 0x1f\n\tebreak\n\tsrai zero, zero, 7\n\t.option pop"
                     : "+r"(a0) : "r"(a1) : "memory");
    return a0;
}

int fw_board_trap_unaligned(void)
{
    return 0;
}

void fw_board_fault(void)
{
    uint32_t v;
    /* nothing is mapped at 0xf0000000 on virt: a load access fault */
    __asm__ volatile("lw %0, 0(%1)" : "=r"(v) : "r"(0xf0000000u) : "memory");
}

/* Called by start.S for every trap; prints mcause and mtval. */
void fw_trap_report(uint32_t cause, uint32_t pc, uint32_t value, uint32_t ra)
{
    static const char *const names[] = {
        "instruction address misaligned", "instruction access fault", "illegal instruction", "breakpoint",
        "load address misaligned", "load access fault", "store address misaligned", "store access fault",
    };
    fw_fault(cause < sizeof names / sizeof names[0] ? names[cause] : "trap", pc, ra, cause, value);
}

void fw_reset(void)
{
    for (uint32_t *s = __data_load, *d = __data_start; d < __data_end;)
        *d++ = *s++;
    for (uint32_t *s = __tdata_load, *d = __tls_base; d < __tdata_end;)
        *d++ = *s++;
    for (uint32_t *d = __bss_start; d < __bss_end;)
        *d++ = 0;
    main();
    fw_exit(FW_EXIT_OK);
}
