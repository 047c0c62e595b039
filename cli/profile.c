/*
 * profile.c: `xipwasm run --profile`. While profiling, the CLI's run loop
 * hands every run to xip_run_profiled (cli/profile_run.c), which counts each
 * dispatch. The report sets those dynamic counts beside the static ones
 * (instructions in the image's code section, walked with the table's
 * lengths), per opcode and per adjacent pair, so encodings and
 * superinstructions can be chosen from data.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "profile.h"
#include "xip_disasm.h"
#include "xip_format.h"

/* Rows sorted in the report. */
#define PAIR_ROWS 40

/* The profiled instance and its counters (host side: one profile per process). */
static const xip_instance *profiled;
static uint64_t *counters;

/* XIP_F_* flags of each opcode, from opcodes.def. */
static const uint8_t op_flags[XIP_OP_COUNT] = {
#define OP(name, mnemonic, shape, feature, flags, roles, inverse, semantics) [XIP_OP_##name] = (flags),
#include "opcodes.def"
#undef OP
};

uint64_t *xip_profile_counters(const xip_instance *inst)
{
    return inst == profiled ? counters : NULL;
}

bool cli_profile_begin(const xip_instance *inst)
{
    cli_profile_end();
    counters = calloc(XIP_PROFILE_WORDS, sizeof *counters);
    if (counters == NULL)
        return false;
    counters[XIP_PROFILE_PREV] = 256;
    profiled = inst;
    return true;
}

void cli_profile_end(void)
{
    free(counters);
    counters = NULL;
    profiled = NULL;
}

uint64_t cli_profile_executed(void)
{
    uint64_t n = 0;
    for (unsigned op = 0; counters != NULL && op < 256; op++)
        n += counters[XIP_PROFILE_OP + op];
    return n;
}

void cli_profile_stack(uint64_t *slots, uint64_t *frames)
{
    *slots = counters ? counters[XIP_PROFILE_STACK] : 0;
    *frames = counters ? counters[XIP_PROFILE_FRAMES] : 0;
}

/* One histogram row: opcode (or pair first * 256 + second), static and dynamic counts. */
typedef struct row {
    uint32_t key;
    uint64_t stat, dyn;
} row;

/* Orders rows by dynamic count, then static count, then key (descending, stable output). */
static int by_count(const void *pa, const void *pb)
{
    const row *a = pa, *b = pb;
    if (a->dyn != b->dyn)
        return a->dyn < b->dyn ? 1 : -1;
    if (a->stat != b->stat)
        return a->stat < b->stat ? 1 : -1;
    return a->key > b->key ? 1 : a->key < b->key ? -1 : 0;
}

/* Percent of part in whole (0 for an empty whole). */
static double percent(uint64_t part, uint64_t whole)
{
    return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

/*
 * Counts the image's instructions by opcode (op[256]) and adjacent pairs
 * (pair[256 * 256]; none after an instruction that never falls through).
 * Returns the instruction count.
 */
static uint64_t count_static(const xip_instance *inst, uint64_t *op, uint64_t *pair)
{
    const uint8_t *code = inst->image + inst->code;
    uint32_t pc = 0, prev = 256, n;
    uint64_t total = 0;
    while (pc < inst->code_size && (n = xip_disasm_length(code, inst->code_size, pc)) != 0) {
        op[code[pc]]++;
        if (prev < 256)
            pair[256 * prev + code[pc]]++;
        prev = op_flags[code[pc]] & XIP_F_NOFALL ? 256 : code[pc];
        total++;
        pc += n;
    }
    return total;
}

/* Prints the opcode rows (those that occur) and the top pair rows. */
static void print_tables(FILE *f, const uint64_t *sop, const uint64_t *spair, uint64_t stotal,
                         uint64_t dtotal, row *rows)
{
    uint32_t n = 0;
    for (uint32_t k = 0; k < 256; k++)
        if (sop[k] || counters[XIP_PROFILE_OP + k])
            rows[n++] = (row){k, sop[k], counters[XIP_PROFILE_OP + k]};
    qsort(rows, n, sizeof *rows, by_count);
    fprintf(f, "%-22s %9s %7s %14s %7s\n", "opcode", "static", "%", "dynamic", "%");
    for (uint32_t i = 0; i < n; i++)
        fprintf(f, "%-22s %9llu %6.2f%% %14llu %6.2f%%\n", xip_disasm_mnemonic(rows[i].key),
                (unsigned long long)rows[i].stat, percent(rows[i].stat, stotal),
                (unsigned long long)rows[i].dyn, percent(rows[i].dyn, dtotal));
    n = 0;
    for (uint32_t k = 0; k < 256 * 256; k++)
        if (spair[k] || counters[XIP_PROFILE_PAIR + k])
            rows[n++] = (row){k, spair[k], counters[XIP_PROFILE_PAIR + k]};
    qsort(rows, n, sizeof *rows, by_count);
    fprintf(f, "\npairs, top %-25d %9s %7s %14s %7s\n", PAIR_ROWS, "static", "%", "dynamic", "%");
    for (uint32_t i = 0; i < n && i < PAIR_ROWS; i++) {
        char name[64];
        snprintf(name, sizeof name, "%s ; %s", xip_disasm_mnemonic(rows[i].key >> 8),
                 xip_disasm_mnemonic(rows[i].key & 255));
        fprintf(f, "%-36s %9llu %6.2f%% %14llu %6.2f%%\n", name, (unsigned long long)rows[i].stat,
                percent(rows[i].stat, stotal), (unsigned long long)rows[i].dyn,
                percent(rows[i].dyn, dtotal));
    }
}

void cli_profile_report(FILE *f)
{
    if (counters == NULL)
        return;
    uint64_t *sop = calloc(256 + 256 * 256, sizeof *sop);
    row *rows = calloc(256 * 256, sizeof *rows);
    if (sop == NULL || rows == NULL) {
        cli_error("out of memory for the profile");
    } else {
        uint64_t stotal = count_static(profiled, sop, sop + 256);
        uint64_t dtotal = cli_profile_executed();
        fprintf(f, "profile: %llu instructions executed; %llu instructions, %lu bytes of code in the image\n",
                (unsigned long long)dtotal, (unsigned long long)stotal,
                (unsigned long)profiled->code_size);
        print_tables(f, sop, sop + 256, stotal, dtotal, rows);
    }
    free(sop);
    free(rows);
}
