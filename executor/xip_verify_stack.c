/*
 * xip_verify_stack.c: the stack bound. An image may record (STACK section)
 * the deepest value stack and the most frame records any call can need; the
 * loader does not trust the figures: it recomputes them from the verified
 * bytecode and refuses an image whose figures are lower, and it refuses
 * buffers smaller than them (XIP_ERR_STACK_TOO_SMALL).
 *
 * The recurrences, over defined functions (the run loop's frame layout: a
 * call at frame base b runs the callee at the caller's base + b):
 *   slots(f)  = max(frame(f), np(f), nr(f), b + slots(g) for each call of g at base b)
 *   frames(f) = max(0, 1 + frames(g) for each call of g)
 * A call of an import pauses for the host (its arguments lie inside the
 * caller's frame, which the verifier checked) and pushes no record, so it
 * adds nothing. A call_indirect of type y may reach any defined function of
 * type y (the host may write any of them into a RAM table): it is an edge to
 * a node for y whose slots/frames are the maxima over those functions.
 *
 * One depth-first walk computes them in time linear in the code size plus
 * the function and type counts: each function's code is scanned once, from
 * a position kept on an explicit stack (no recursion), each type's list of
 * functions once. A call back into a function still on the walk's stack is
 * a cycle: no bound exists. The scratch buffer holds one 64-bit slot per
 * function and per type, then the walk's stack (at most one slot per node).
 */
#include "xip_internal.h"

#if XIP_STACK_BOUND

/*
 * Code offset of the first call at or after pc in [pc, end) of verified
 * code, or end: one lookup per instruction (xipi_op_scan), BR_TABLE and the
 * calls marked XIP_SCAN_STOP.
 */
static uint32_t next_call(const uint8_t *code, uint32_t pc, uint32_t end)
{
    uint32_t v;
    if (pc >= end)
        return pc;
    do {
        v = xipi_op_scan[code[pc]];
        if (v >= XIP_SCAN_STOP) {
            if (code[pc] != XIP_OP_BR_TABLE)
                break;
            pc += 2u * (xip_read_u16(code + pc + 2) + 1u); /* its targets */
        }
        pc += v & XIP_SCAN_LEN;
    } while (pc < end);
    return pc;
}

/* Length of the (verified) call instruction at code offset pc. */
static uint32_t call_length(const uint8_t *code, uint32_t pc)
{
    return xipi_op_scan[code[pc]] & XIP_SCAN_LEN;
}

/* Code end (CODE-relative) of defined function n. */
static uint32_t func_end(const xip_instance *inst, uint32_t n)
{
    return n + 1u < inst->func_count ? xip_read_u32(xipi_func_entry(inst, n + 1u) + XIP_FUNC_CODE) : inst->code_size;
}

/*
 * A node's slot: bits 0..29 slots (saturating), bit 30 on the walk's stack,
 * bit 31 done, bits 32..47 frames, bits 48..63 a function index: for a
 * function the next defined function of the same type, for a type the first
 * one (XIP_NULL_FUNC: none).
 */
#define SLOTS_MAX 0x3fffffffu
#define ON_STACK 0x40000000u
#define DONE 0x80000000u

static uint32_t node_slots(uint64_t n) { return (uint32_t)n & SLOTS_MAX; }
static uint32_t node_flags(uint64_t n) { return (uint32_t)n & (ON_STACK | DONE); }
static uint32_t node_frames(uint64_t n) { return (uint32_t)(n >> 32) & 0xffffu; }
static uint32_t node_link(uint64_t n) { return (uint32_t)(n >> 48); }

/* An unvisited node (no slots, frames or flags) with link `link`. */
static uint64_t unvisited(uint32_t link)
{
    return (uint64_t)link << 48;
}

/* Raises node n's figures to at least (slots, frames); frames < 2^16 (at most one per function). */
static void raise(uint64_t *n, uint32_t slots, uint32_t frames)
{
    uint32_t lo = (uint32_t)*n, hi = (uint32_t)(*n >> 32);
    if (slots > (lo & SLOTS_MAX))
        lo = (lo & ~SLOTS_MAX) | (slots > SLOTS_MAX ? SLOTS_MAX : slots);
    if (frames > (hi & 0xffffu))
        hi = (hi & ~0xffffu) | frames;
    *n = (uint64_t)hi << 32 | lo;
}

/* A walk stack entry: the node and where its scan resumes (code offset, or the next function of a type). */
static uint64_t make_entry(uint32_t node, uint32_t pos) { return (uint64_t)node | (uint64_t)pos << 32; }
static uint32_t entry_node(uint64_t e) { return (uint32_t)e; }
static uint32_t entry_pos(uint64_t e) { return (uint32_t)(e >> 32); }

/* The walk's state. */
typedef struct walk {
    const xip_instance *inst;
    const uint8_t *code;
    uint64_t *node;  /* func_count function nodes, then type_count type nodes */
    uint64_t *stack; /* the walk's stack */
    uint32_t depth, capacity;
    xipi_stack_info *info;
} walk;

/* Starts node n (unvisited) on the walk's stack; 0 when the scratch is full. */
static int push(walk *w, uint32_t n)
{
    uint32_t fn = w->inst->func_count;
    if (w->depth == w->capacity)
        return 0;
    if (n < fn) {
        const uint8_t *e = xipi_func_entry(w->inst, n);
        uint32_t frame = xip_read_u16(e + XIP_FUNC_FRAME), np = e[XIP_FUNC_NPARAMS], nr = e[XIP_FUNC_NRESULTS];
        uint32_t s = frame > np ? frame : np;
        w->node[n] |= ON_STACK | (s > nr ? s : nr); /* unvisited: no slots, frames or flags yet; s < 2^16 */
        w->stack[w->depth++] = make_entry(n, xip_read_u32(e + XIP_FUNC_CODE));
    } else {
        w->node[n] |= ON_STACK;
        w->stack[w->depth++] = make_entry(n, node_link(w->node[n]));
    }
    if (w->depth > w->info->scratch)
        w->info->scratch = w->depth; /* the nodes are added at the end */
    return 1;
}

/* The callee node and frame base of the call at code offset pc, or 0 for no call of bytecode. */
static int call_edge(const walk *w, uint32_t pc, uint32_t *callee, uint32_t *base)
{
    const uint8_t *p = w->code + pc;
    uint32_t f;
    switch (p[0]) {
    case XIP_OP_CALL:
    case XIP_OP_CALL_WIDE:
        f = xip_read_u16(p + 1);
        *base = p[0] == XIP_OP_CALL ? p[3] : xip_read_u16(p + 3);
        if (f < w->inst->import_count)
            return 0; /* the host's: no frame */
        *callee = f - w->inst->import_count;
        return 1;
    case XIP_OP_CALL_INDIRECT:
    case XIP_OP_CALL_INDIRECT_WIDE:
        *base = p[0] == XIP_OP_CALL_INDIRECT ? p[5] : xip_read_u16(p + 5);
        *callee = w->inst->func_count + xip_read_u16(p + 1);
        return 1;
    default:
        return 0;
    }
}

/*
 * One step of the function node on top (entry *e): its calls from where the
 * scan stopped, up to one of a callee not yet done (pushed), or its end.
 */
static xip_status step_func(walk *w, uint64_t *e)
{
    uint32_t n = entry_node(*e), end = func_end(w->inst, n), pc, callee, base;
    for (pc = entry_pos(*e);; pc += call_length(w->code, pc)) {
        uint64_t c;
        pc = next_call(w->code, pc, end);
        if (pc >= end) {
            w->node[n] ^= ON_STACK | DONE; /* off the stack, done */
            w->depth--;
            return XIP_OK;
        }
        if (!call_edge(w, pc, &callee, &base))
            continue;
        c = w->node[callee];
        if (node_flags(c) & ON_STACK) {
            w->info->cycle_at = w->inst->code + pc;
            return XIP_ERR_BAD_CODE; /* a cycle */
        }
        if (!(node_flags(c) & DONE)) {
            *e = make_entry(n, pc); /* the call, seen again after its callee is done */
            return push(w, callee) ? XIP_OK : XIP_ERR_BUFFER_TOO_SMALL;
        }
        raise(&w->node[n], base + node_slots(c),
              callee < w->inst->func_count ? 1 + node_frames(c) : node_frames(c));
    }
}

/* One step of the type node on top (entry *e): its next function. */
static xip_status step_type(walk *w, uint64_t *e)
{
    uint32_t n = entry_node(*e), f = entry_pos(*e);
    uint64_t c;
    if (f == XIP_NULL_FUNC) {
        w->node[n] ^= ON_STACK | DONE; /* off the stack, done */
        w->depth--;
        return XIP_OK;
    }
    c = w->node[f];
    if (node_flags(c) & ON_STACK) {
        /* the call_indirect that reached this type is where the caller's scan stopped */
        w->info->cycle_at = w->inst->code + entry_pos(w->stack[w->depth - 2]);
        return XIP_ERR_BAD_CODE;
    }
    if (!(node_flags(c) & DONE))
        return push(w, f) ? XIP_OK : XIP_ERR_BUFFER_TOO_SMALL;
    raise(&w->node[n], node_slots(c), 1 + node_frames(c)); /* the call's record counted here */
    *e = make_entry(n, node_link(c));
    return XIP_OK;
}

/* Sets every node unvisited and links each type's defined functions (ascending). */
static void init_nodes(walk *w)
{
    uint32_t fn = w->inst->func_count, tn = w->inst->type_count, i;
    for (i = 0; i < tn; i++)
        w->node[fn + i] = unvisited(XIP_NULL_FUNC);
    for (i = fn; i-- > 0;) {
        uint32_t y = fn + xip_read_u16(xipi_func_entry(w->inst, i) + XIP_FUNC_TYPE);
        w->node[i] = unvisited(node_link(w->node[y]));
        w->node[y] = unvisited(i);
    }
}

/* The largest max(nparams, nresults) of an imported function (a direct xip_call of it). */
static uint32_t import_slots(const xip_instance *inst)
{
    xipi_type t;
    uint32_t i, most = 0;
    for (i = 0; i < inst->import_count; i++) { /* each looked up in O(1) */
        xipi_type_at(inst, xipi_func_type_index(inst, i), &t);
        if (t.nparams > most)
            most = t.nparams;
        if (t.nresults > most)
            most = t.nresults;
    }
    return most;
}

xip_status xipi_stack_bound(const xip_instance *inst, uint64_t *scratch, uint32_t scratch_slots,
                            xipi_stack_info *info)
{
    walk w;
    uint32_t nodes = (uint32_t)inst->func_count + inst->type_count, root;
    memset(info, 0, sizeof *info);
    info->slots = import_slots(inst);
    if (nodes > scratch_slots)
        return XIP_ERR_BUFFER_TOO_SMALL;
    w.inst = inst;
    w.code = inst->image + inst->code;
    w.node = scratch;
    w.stack = scratch + nodes;
    w.depth = 0;
    w.capacity = scratch_slots - nodes;
    w.info = info;
    init_nodes(&w);
    for (root = 0; root < inst->func_count; root++) {
        if (node_flags(w.node[root]) & DONE)
            continue;
        if (!push(&w, root))
            return XIP_ERR_BUFFER_TOO_SMALL;
        while (w.depth > 0) {
            uint64_t *e = &w.stack[w.depth - 1];
            xip_status st = entry_node(*e) < inst->func_count ? step_func(&w, e) : step_type(&w, e);
            if (st != XIP_OK)
                return st;
        }
        if (node_slots(w.node[root]) > info->slots)
            info->slots = node_slots(w.node[root]);
        if (node_frames(w.node[root]) > info->frames)
            info->frames = node_frames(w.node[root]);
    }
    info->bounded = 1;
    info->scratch += nodes;
    return XIP_OK;
}

void xipi_stack_costs(const xip_instance *inst, uint32_t *max_frame, uint32_t *max_base)
{
    const uint8_t *code = inst->image + inst->code;
    uint32_t i, pc;
    walk w;
    w.inst = inst;
    w.code = code;
    *max_frame = 0;
    *max_base = 0;
    for (i = 0; i < inst->func_count; i++) {
        uint32_t frame = xip_read_u16(xipi_func_entry(inst, i) + XIP_FUNC_FRAME);
        if (frame > *max_frame)
            *max_frame = frame;
    }
    for (pc = next_call(code, 0, inst->code_size); pc < inst->code_size;
         pc = next_call(code, pc + call_length(code, pc), inst->code_size)) {
        uint32_t callee, base;
        if (call_edge(&w, pc, &callee, &base) && base > *max_base)
            *max_base = base;
    }
}

void xipi_stack_func(const uint64_t *scratch, uint32_t defined, uint32_t *slots, uint32_t *frames)
{
    *slots = node_slots(scratch[defined]);
    *frames = node_frames(scratch[defined]);
}

void xipi_parse_stack(xip_instance *inst, xipi_cursor *c)
{
    uint32_t at = c->pos, slots;
    slots = xipi_get32(c);
    (void)xipi_get16(c);
    if (!c->bad && slots == 0)
        xipi_fail(c, at); /* a recorded bound is at least one slot */
    if (!c->bad)
        inst->stack_section = at;
}

xip_status xipi_check_stack(xip_instance *inst, const xip_buffers *buffers)
{
    xipi_stack_info info;
    uint32_t slots, frames;
    xip_status st;
    if (inst->stack_section == 0)
        return XIP_OK;
    slots = xip_read_u32(inst->image + inst->stack_section);
    frames = xip_read_u16(inst->image + inst->stack_section + 4);
    inst->error_offset = inst->stack_section;
    if (buffers->stack_slots < slots || buffers->frame_count < frames)
        return XIP_ERR_STACK_TOO_SMALL;
    st = xipi_stack_bound(inst, buffers->stack, buffers->stack_slots, &info);
    if (st == XIP_ERR_BUFFER_TOO_SMALL)
        return st;
    /* a cycle, or figures below the bytecode's: the image lies */
    if (st != XIP_OK || info.slots > slots) {
        inst->error_offset = st != XIP_OK ? info.cycle_at : inst->stack_section;
        return XIP_ERR_MALFORMED;
    }
    if (info.frames > frames) {
        inst->error_offset = inst->stack_section + 4;
        return XIP_ERR_MALFORMED;
    }
    return XIP_OK;
}

#else /* !XIP_STACK_BOUND: the section is checked for its shape and then ignored */

void xipi_parse_stack(xip_instance *inst, xipi_cursor *c)
{
    (void)inst;
    (void)xipi_get32(c);
    (void)xipi_get16(c);
}

xip_status xipi_check_stack(xip_instance *inst, const xip_buffers *buffers)
{
    (void)inst;
    (void)buffers;
    return XIP_OK;
}

#endif /* XIP_STACK_BOUND */
