/* module.c: helpers over the decoded module (freeing, function index space). */
#include "module.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

void wasm_module_free(wasm_module *module)
{
    for (uint32_t i = 0; i < module->type_count; i++) {
        free(module->types[i].params);
        free(module->types[i].results);
    }
    free(module->types);
    for (uint32_t i = 0; i < module->import_count; i++) {
        free(module->imports[i].module);
        free(module->imports[i].field);
    }
    free(module->imports);
    for (uint32_t i = 0; i < module->func_count; i++) {
        free(module->funcs[i].local_types);
        free(module->funcs[i].insns);
        free(module->funcs[i].br_targets);
    }
    free(module->funcs);
    free(module->tables);
    free(module->memories);
    free(module->globals);
    for (uint32_t i = 0; i < module->export_count; i++)
        free(module->exports[i].name);
    free(module->exports);
    for (uint32_t i = 0; i < module->elem_count; i++) {
        free(module->elems[i].func_indices);
        free(module->elems[i].exprs);
    }
    free(module->elems);
    free(module->datas);
    const uint8_t *bytes = module->bytes;
    size_t size = module->size;
    memset(module, 0, sizeof *module);
    module->bytes = bytes;
    module->size = size;
}

uint32_t wasm_module_func_type(const wasm_module *module, uint32_t func_index)
{
    if (func_index < module->import_func_count) {
        uint32_t seen = 0;
        for (uint32_t i = 0; i < module->import_count; i++) {
            const wasm_import *import = &module->imports[i];
            if (import->kind != WASM_EXTERN_FUNC)
                continue;
            if (seen == func_index)
                return import->desc.type_index;
            seen++;
        }
    }
    uint32_t defined = func_index - module->import_func_count;
    assert(func_index >= module->import_func_count && defined < module->func_count);
    return module->funcs[defined].type_index;
}

const char *wasm_valtype_name(wasm_valtype type)
{
    switch (type) {
    case WASM_I32: return "i32";
    case WASM_I64: return "i64";
    case WASM_F32: return "f32";
    case WASM_F64: return "f64";
    case WASM_V128: return "v128";
    case WASM_FUNCREF: return "funcref";
    case WASM_EXTERNREF: return "externref";
    default: return "invalid type";
    }
}
