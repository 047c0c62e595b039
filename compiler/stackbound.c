/*
 * stackbound.c: the stack bound, run right after encode. From the allocated
 * program it computes the deepest value stack (64-bit slots) and the most
 * frame records that a call of any function can need, and appends them to
 * the image as the STACK section (format/xip_format.h), then patches the
 * image's size and checksum. When the call graph has a cycle no bound exists and
 * the section is left out. The executor recomputes both figures from the
 * bytecode (executor/xip_verify_stack.c) and refuses an image whose figures
 * are lower, so the two must follow the same rules:
 *   slots(f)  = max(frame(f), params(f), results(f), b + slots(g) per call of g at base b)
 *   frames(f) = max(0, 1 + frames(g) per call of g)
 * A call of an import adds nothing (the host runs it inside the caller's
 * frame, with no record); a call_indirect of type y is a call of a node y
 * whose figures are the maxima over every defined function of type y, each
 * plus one record. The image-wide figures are the maxima over all
 * functions, imports included (max(params, results) each), since the host
 * may call any of them.
 *
 * Here the graph is ordered callee-first by peeling nodes whose callees are
 * all done (Kahn's algorithm on the call edges): what is left is a cycle.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "passes.h"
#include "program.h"
#include "xip_format.h"

/* Figures above these are not recorded (the executor saturates its slots at 2^30 - 1). */
#define SLOTS_LIMIT 0x3ffffffeu
#define FRAMES_LIMIT 0xffffu

/* A call edge from node `from` with frame base `base` (types: 0) and record cost `record` (0 or 1). */
typedef struct edge {
    uint32_t from, to, base, record;
} edge;

/* The graph: nodes [0, funcs) defined functions, [funcs, funcs + types) image types. */
typedef struct graph {
    uint32_t funcs, nodes;
    edge *edges;
    size_t edge_count, edge_capacity;
} graph;

static void add_edge(graph *g, uint32_t from, uint32_t to, uint32_t base, uint32_t record)
{
    if (g->edge_count == g->edge_capacity) {
        g->edge_capacity = g->edge_capacity ? 2 * g->edge_capacity : 64;
        g->edges = realloc(g->edges, g->edge_capacity * sizeof *g->edges);
        assert(g->edges);
    }
    g->edges[g->edge_count++] = (edge){from, to, base, record};
}

/* Adds the call edges of every function (calls of imports add none) and the type-to-function edges. */
static void collect_edges(const xc_program *p, graph *g)
{
    uint32_t imports = p->module->import_func_count;
    for (uint32_t f = 0; f < p->func_count; f++) {
        const xc_ir_func *fn = &p->funcs[f];
        add_edge(g, g->funcs + fn->image_type, f, 0, 1);
        for (uint32_t i = 0; i < fn->insn_count; i++) {
            const xc_ir_insn *in = &fn->insns[i];
            switch (in->op) {
            case XIP_OP_CALL:
            case XIP_OP_CALL_WIDE:
                if ((uint64_t)in->operand[0] >= imports)
                    add_edge(g, f, (uint32_t)in->operand[0] - imports, (uint32_t)in->operand[1], 1);
                break;
            case XIP_OP_CALL_INDIRECT:
            case XIP_OP_CALL_INDIRECT_WIDE:
                add_edge(g, f, g->funcs + (uint32_t)in->operand[0], (uint32_t)in->operand[3], 0);
                break;
            default:
                break;
            }
        }
    }
}

/* The image-wide figures; false when the call graph has a cycle. */
static bool compute(const xc_program *p, uint64_t *slots_out, uint64_t *frames_out)
{
    graph g = {p->func_count, p->func_count + p->image_type_count, NULL, 0, 0};
    collect_edges(p, &g);
    uint64_t *slots = calloc(g.nodes, sizeof *slots), *frames = calloc(g.nodes, sizeof *frames);
    uint32_t *pending = calloc(g.nodes, sizeof *pending), *queue = calloc(g.nodes, sizeof *queue);
    size_t *first_in = calloc((size_t)g.nodes + 1, sizeof *first_in);
    size_t *by_callee = malloc((g.edge_count + 1) * sizeof *by_callee);
    assert(slots && frames && pending && queue && first_in && by_callee);
    /* edges grouped by callee (counting sort), and each node's count of callees not yet done */
    for (size_t e = 0; e < g.edge_count; e++) {
        first_in[g.edges[e].to + 1]++;
        pending[g.edges[e].from]++;
    }
    for (uint32_t n = 0; n < g.nodes; n++)
        first_in[n + 1] += first_in[n];
    size_t *fill = calloc(g.nodes, sizeof *fill);
    assert(fill);
    for (size_t e = 0; e < g.edge_count; e++) {
        uint32_t to = g.edges[e].to;
        by_callee[first_in[to] + fill[to]++] = e;
    }
    uint32_t head = 0, tail = 0;
    for (uint32_t n = 0; n < g.nodes; n++) {
        if (n < g.funcs) {
            const xc_ir_func *fn = &p->funcs[n];
            uint32_t s = fn->frame_size > fn->param_count ? fn->frame_size : fn->param_count;
            slots[n] = s > fn->result_count ? s : fn->result_count;
        }
        if (pending[n] == 0)
            queue[tail++] = n;
    }
    while (head < tail) {
        uint32_t n = queue[head++];
        for (size_t k = first_in[n]; k < first_in[n + 1]; k++) {
            const edge *e = &g.edges[by_callee[k]];
            if (e->base + slots[n] > slots[e->from])
                slots[e->from] = e->base + slots[n];
            if (e->record + frames[n] > frames[e->from])
                frames[e->from] = e->record + frames[n];
            if (--pending[e->from] == 0)
                queue[tail++] = e->from;
        }
    }
    bool acyclic = tail == g.nodes;
    *slots_out = 0;
    *frames_out = 0;
    for (uint32_t i = 0; i < p->module->import_func_count; i++) {
        const wasm_functype *t = &p->module->types[wasm_module_func_type(p->module, i)];
        uint64_t s = t->param_count > t->result_count ? t->param_count : t->result_count;
        if (s > *slots_out)
            *slots_out = s;
    }
    for (uint32_t n = 0; n < g.funcs; n++) {
        if (slots[n] > *slots_out)
            *slots_out = slots[n];
        if (frames[n] > *frames_out)
            *frames_out = frames[n];
    }
    free(slots);
    free(frames);
    free(pending);
    free(queue);
    free(first_in);
    free(by_callee);
    free(fill);
    free(g.edges);
    return acyclic;
}

bool xc_stack_bound(const xc_program *program, xc_buffer *image, xc_error *error)
{
    uint64_t slots, frames;
    assert(image->size >= XIP_HEADER_SIZE);
    if (program->func_count == 0 || !compute(program, &slots, &frames) || slots == 0 || slots > SLOTS_LIMIT ||
        frames > FRAMES_LIMIT)
        return true; /* no bound to record */
    uint8_t section[XIP_SECTION_HEADER_SIZE + XIP_STACK_BODY_SIZE];
    section[0] = XIP_SECTION_STACK;
    xip_write_u32(section + 1, XIP_STACK_BODY_SIZE);
    xip_write_u32(section + XIP_SECTION_HEADER_SIZE, (uint32_t)slots);
    xip_write_u16(section + XIP_SECTION_HEADER_SIZE + 4, (uint16_t)frames);
    xc_buffer_append(image, section, sizeof section);
    if (image->size > 0xffffffffu)
        return xc_error_set(error, XC_NO_OFFSET, XC_NO_FUNC, "image exceeds 4 GiB");
    xip_write_u32(image->data + 12, (uint32_t)image->size);
    xip_write_u32(image->data + 16,
                  xip_adler32(1, image->data + XIP_HEADER_SIZE, (uint32_t)(image->size - XIP_HEADER_SIZE)));
    return true;
}
