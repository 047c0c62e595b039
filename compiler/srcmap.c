/*
 * srcmap.c: the bytecode-to-Wasm map of `xipwasm compile --map`: for every
 * encoded instruction, its function, its offset from the function's first
 * code byte and the Wasm file offset it was lowered from. Built from the
 * allocated program with the same instruction sizes the encode pass uses;
 * the image itself carries no map. Each function's entries end with one
 * whose wasm_offset is XC_MAP_END, at its code size.
 */
#include <assert.h>
#include <stdlib.h>

#include "compiler.h"
#include "ir.h"
#include "program.h"

void xc_map_build(const xc_program *program, xc_map *map)
{
    size_t count = 0, k = 0;
    for (uint32_t f = 0; f < program->func_count; f++)
        count += program->funcs[f].insn_count + 1;
    map->entries = malloc((count + 1) * sizeof *map->entries);
    assert(map->entries);
    for (uint32_t f = 0; f < program->func_count; f++) {
        const xc_ir_func *fn = &program->funcs[f];
        uint32_t at = 0;
        for (uint32_t i = 0; i < fn->insn_count; i++) {
            map->entries[k].func = program->module->import_func_count + f;
            map->entries[k].code_offset = at;
            map->entries[k].wasm_offset = fn->insns[i].wasm_offset;
            at += xc_insn_size(&fn->insns[i]);
            k++;
        }
        map->entries[k].func = program->module->import_func_count + f; /* the end of its code */
        map->entries[k].code_offset = at;
        map->entries[k].wasm_offset = XC_MAP_END;
        k++;
    }
    map->count = count;
    map->import_count = program->module->import_func_count;
    map->func_count = program->module->import_func_count + program->func_count;
}

void xc_map_free(xc_map *map)
{
    free(map->entries);
    map->entries = NULL;
    map->count = 0;
}
