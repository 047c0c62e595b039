/* start.S: reset entry and trap vector of the riscv32 virt example firmware. */
    .section .text.start, "ax"
    .global _start
_start:
    .option push
    .option norelax
    la gp, __global_pointer$
    .option pop
    la sp, __stack_top
    la tp, __tls_base
    la t0, trap_entry
    csrw mtvec, t0
    j fw_reset

/* Every trap: report mcause, mepc, mtval and ra on a fresh stack (fw_trap_report does not return). */
    .balign 4
trap_entry:
    mv a3, ra
    la sp, __stack_top
    csrr a0, mcause
    csrr a1, mepc
    csrr a2, mtval
    j fw_trap_report
