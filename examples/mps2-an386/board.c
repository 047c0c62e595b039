/*
 * board.c: QEMU mps2-an386 (Cortex-M4) for the example firmware: the vector
 * table and reset code, semihosting (BKPT 0xAB), the fault handler (prints
 * the fault and exits through semihosting, so a crash is a non-zero QEMU
 * exit status), CCR.UNALIGN_TRP and the applet slots of link.ld.
 *
 * Built with -fno-tree-loop-distribute-patterns: gcc would otherwise turn
 * the .data copy and .bss clear loops into calls of memcpy and memset.
 */
#include <stdint.h>

#include "fw.h"

#define SCB_CCR (*(volatile uint32_t *)0xe000ed14u)
#define SCB_SHCSR (*(volatile uint32_t *)0xe000ed24u)
#define SCB_CFSR (*(volatile uint32_t *)0xe000ed28u)
#define SCB_HFSR (*(volatile uint32_t *)0xe000ed2cu)
#define SCB_BFAR (*(volatile uint32_t *)0xe000ed38u)
#define CCR_UNALIGN_TRP (1u << 3)
#define SHCSR_FAULTS_ENABLE (7u << 16) /* MemManage, BusFault, UsageFault */

extern uint32_t __data_start[], __data_end[], __data_load[], __bss_start[], __bss_end[];
extern uint8_t __stack_top[];
extern uint8_t __xip_slot_applet_start[], __xip_slot_applet_end[];
extern uint8_t __xip_slot_second_start[], __xip_slot_second_end[];
extern uint8_t __xip_slot_odd_start[], __xip_slot_odd_end[];
int main(void);

const char fw_board_name[] = "mps2-an386 (Cortex-M4)";

const fw_slot fw_slots[] = {
    {"applet", __xip_slot_applet_start, __xip_slot_applet_end},
    {"second", __xip_slot_second_start, __xip_slot_second_end},
    {"odd", __xip_slot_odd_start, __xip_slot_odd_end},
};
const unsigned fw_slot_count = sizeof fw_slots / sizeof fw_slots[0];

uintptr_t fw_semihost(uintptr_t op, void *arg)
{
    register uintptr_t r0 __asm__("r0") = op;
    register void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

int fw_board_trap_unaligned(void)
{
    SCB_CCR |= CCR_UNALIGN_TRP;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    return 1;
}

void fw_board_fault(void)
{
    static const uint8_t bytes[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    uint32_t v;
    fw_board_trap_unaligned();
    __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(bytes + 1) : "memory");
}

/* Called with the exception frame the fault pushed (r0-r3, r12, lr, pc, xpsr);
   prints CFSR and BFAR (for a precise bus fault) or HFSR. */
void fw_fault_report(const uint32_t *frame)
{
    uint32_t cfsr = SCB_CFSR;
    const char *what = "HardFault";
    if (cfsr & 0x030f0000u)
        what = (cfsr & (1u << 24)) ? "UsageFault (unaligned access)" : "UsageFault";
    else if (cfsr & 0x0000ff00u)
        what = "BusFault";
    else if (cfsr & 0x000000ffu)
        what = "MemManage fault";
    fw_fault(what, frame[6], frame[5], cfsr, (cfsr & 0x8000u) ? SCB_BFAR : SCB_HFSR);
}

/* Every fault and unexpected exception: find the stacked frame, report, exit. */
__attribute__((naked)) static void fault_handler(void)
{
    __asm__ volatile("tst lr, #4\n\t"
                     "ite eq\n\t"
                     "mrseq r0, msp\n\t"
                     "mrsne r0, psp\n\t"
                     "b fw_fault_report\n\t");
}

void fw_reset(void)
{
    for (uint32_t *s = __data_load, *d = __data_start; d < __data_end;)
        *d++ = *s++;
    for (uint32_t *d = __bss_start; d < __bss_end;)
        *d++ = 0;
    SCB_SHCSR |= SHCSR_FAULTS_ENABLE;
    main();
    fw_exit(FW_EXIT_OK);
}

typedef void (*fw_vector)(void);

/* Initial stack pointer, reset, then the 14 system exceptions; every one but reset is a fault here. */
__attribute__((section(".vectors"), used)) static const fw_vector vectors[16] = {
    (fw_vector)(uintptr_t)__stack_top, fw_reset,
    fault_handler, fault_handler, fault_handler, fault_handler, fault_handler, /* NMI .. UsageFault */
    0, 0, 0, 0,
    fault_handler, fault_handler, 0, fault_handler, fault_handler, /* SVC, DebugMon, -, PendSV, SysTick */
};
