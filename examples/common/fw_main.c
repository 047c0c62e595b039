/*
 * fw_main.c: the example firmware's main program, common to the boards.
 *
 * Finds the images in the linker script's applet slots (flash regions apart
 * from the firmware, programmed separately, e.g. from `xipwasm place`
 * output), verifies each in place (xip_prepare, which checks the sections
 * and reports the buffers needed, then xip_load_prepared, which checks the
 * bytecode: each check once), instantiates it with RAM from the arena, calls its export `run` and prints the results as
 * `xipwasm run` does. Two or more applets run at once, interleaved by a
 * round-robin scheduler that gives each a slice of fuel per turn; their
 * output lines then carry the prefix "[SLOT] ".
 *
 * Options, from the semihosting command line (QEMU: -semihosting-config
 * arg=fw,arg=OPTION...; the first word is the program name):
 *   clock=S   clock_ms returns (k-1)*S at the k-th call (default 10000)
 *   fuel=N    fuel slice per turn (default 20000 with several applets, else unlimited)
 *   loads=N   after the first load, run xip_load N-1 more times (to measure its cost; default 1)
 *   reqs=N    before xip_prepare, run xip_image_requirements N-1 times (likewise; default 1)
 *   trap      fault on every unaligned access (Arm: CCR.UNALIGN_TRP) before loading
 *   fault     self-test: make a deliberate fault (Arm: an unaligned load with the trap
 *             set; RISC-V: a load from unmapped memory), which must end in the fault handler
 *   readers   self-test: trap unaligned accesses, then read u16/u32/u64 fields and copy
 *             bytes at every alignment with the image readers of xip_format.h, and
 *             check xip_adler32 against the Adler-32 check value
 * Applet output goes to standard output, everything else to standard error.
 * After the runs it prints each applet's executor C stack use and the value
 * stack and frame records its runs used (painted after loading), against
 * the image's recorded stack bound (xip_requirements.stack_slots, .frames).
 * Exit status: 0 every applet returned, 1 an image was refused, 2 bad option,
 * 3 an applet trapped, 70 a hardware fault, 71 an applet used more stack than
 * its image's recorded bound.
 */
#include <string.h>

#include "fw.h"
#include "xip_format.h"

#define FW_MAX_APPLETS 4
#define FW_STACK_SLOTS 16384u      /* registers of all active frames, per applet */
#define FW_FRAMES 1024u            /* call depth per applet */
#define FW_GROW_BYTES (256u * 1024u) /* linear memory beyond the initial size, if the module may grow */
#define FW_TABLE_SLOTS 1024u       /* table words when the tables are unbounded */

/* ---- semihosting --------------------------------------------------------- */

/* The semihosting handles of standard output and error (0: not opened yet). */
static uintptr_t streams[2];

/* The handle of stream (FW_STDOUT, FW_STDERR); opens ":tt" on first use. */
static uintptr_t stream_handle(int stream)
{
    if (streams[stream] == 0) {
        /* ":tt" opened with mode 4 ("w") is standard output, mode 8 ("a") standard error */
        uintptr_t block[3] = {(uintptr_t)":tt", stream == FW_STDOUT ? 4u : 8u, 3u};
        streams[stream] = fw_semihost(FW_SYS_OPEN, block);
    }
    return streams[stream];
}

void fw_write(int stream, const char *s, size_t n)
{
    if (n == 0)
        return;
    uintptr_t block[3] = {stream_handle(stream), (uintptr_t)s, n};
    fw_semihost(FW_SYS_WRITE, block);
}

void fw_puts(int stream, const char *s)
{
    fw_write(stream, s, strlen(s));
}

void fw_put_u32(int stream, uint32_t v)
{
    char digits[10];
    int n = sizeof digits;
    do {
        digits[--n] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0);
    fw_write(stream, digits + n, sizeof digits - (size_t)n);
}

void fw_put_hex(int stream, uint32_t v)
{
    char hex[8];
    for (int i = 0; i < 8; i++)
        hex[i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 15u];
    fw_write(stream, hex, sizeof hex);
}

void fw_exit(int code)
{
    uintptr_t block[2] = {0x20026u /* ADP_Stopped_ApplicationExit */, (uintptr_t)code};
    for (;;)
        fw_semihost(FW_SYS_EXIT_EXTENDED, block);
}

void fw_fault(const char *what, uint32_t pc, uint32_t ra, uint32_t detail1, uint32_t detail2)
{
    fw_puts(FW_STDERR, "fault: ");
    fw_puts(FW_STDERR, what);
    fw_puts(FW_STDERR, " at pc 0x");
    fw_put_hex(FW_STDERR, pc);
    fw_puts(FW_STDERR, ", return address 0x");
    fw_put_hex(FW_STDERR, ra);
    fw_puts(FW_STDERR, " (0x");
    fw_put_hex(FW_STDERR, detail1);
    fw_puts(FW_STDERR, ", 0x");
    fw_put_hex(FW_STDERR, detail2);
    fw_puts(FW_STDERR, ")\n");
    fw_exit(FW_EXIT_FAULT);
}

/* ---- options ----------------------------------------------------------- */

typedef struct fw_options {
    uint32_t clock_step;
    uint32_t fuel; /* 0: the default */
    uint32_t loads;
    uint32_t reqs;
    int trap;
    int fault;
    int readers;
} fw_options;

/* Parses a decimal number of len characters; -1 when it is not one. */
static int64_t parse_number(const char *s, size_t len)
{
    int64_t v = 0;
    if (len == 0 || len > 9)
        return -1;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* Applies the option word [w, w+len); false when it is unknown or malformed. */
static int apply_option(fw_options *o, const char *w, size_t len)
{
    static const char *const numeric[] = {"clock=", "fuel=", "loads=", "reqs="};
    uint32_t *fields[] = {&o->clock_step, &o->fuel, &o->loads, &o->reqs};
    if (len == 4 && memcmp(w, "trap", 4) == 0)
        return o->trap = 1;
    if (len == 5 && memcmp(w, "fault", 5) == 0)
        return o->fault = 1;
    if (len == 7 && memcmp(w, "readers", 7) == 0)
        return o->readers = 1;
    for (size_t i = 0; i < sizeof numeric / sizeof numeric[0]; i++) {
        size_t n = strlen(numeric[i]);
        if (len > n && memcmp(w, numeric[i], n) == 0) {
            int64_t v = parse_number(w + n, len - n);
            if (v < 0 || (v == 0 && fields[i] != &o->fuel && fields[i] != &o->clock_step))
                return 0; /* loads and reqs are at least 1 */
            *fields[i] = (uint32_t)v;
            return 1;
        }
    }
    return 0;
}

/* Reads the semihosting command line into o; exits on a bad option. */
static void read_options(fw_options *o)
{
    static char line[256];
    uintptr_t block[2] = {(uintptr_t)line, sizeof line - 1};
    o->clock_step = 10000;
    o->fuel = 0;
    o->loads = 1;
    o->reqs = 1;
    o->trap = o->fault = o->readers = 0;
    if (fw_semihost(FW_SYS_GET_CMDLINE, block) != 0)
        return;
    line[block[1] < sizeof line ? block[1] : sizeof line - 1] = 0;
    const char *p = line;
    for (int word = 0; *p != 0; word++) {
        while (*p == ' ')
            p++;
        const char *w = p;
        while (*p != 0 && *p != ' ')
            p++;
        if (word == 0 || p == w) /* the program name */
            continue;
        if (!apply_option(o, w, (size_t)(p - w))) {
            fw_puts(FW_STDERR, "fw: unknown option: ");
            fw_write(FW_STDERR, w, (size_t)(p - w));
            fw_puts(FW_STDERR, " (clock=S fuel=N loads=N reqs=N trap fault readers)\n");
            fw_exit(FW_EXIT_USAGE);
        }
    }
}

/* ---- self-tests ------------------------------------------------------- */

/* The bytes 1, 2, ..., 24 in flash, for the reader self-test. */
static const uint8_t counting[24] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
                                     13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24};

/* The little-endian value of the n bytes at counting + at, computed without reading memory. */
static uint64_t counting_value(uint32_t at, uint32_t n)
{
    uint64_t v = 0;
    for (uint32_t i = 0; i < n; i++)
        v |= (uint64_t)(at + 1 + i) << (8 * i);
    return v;
}

/* Reads fields at every alignment with the xip_format.h readers, checks the checksum; exits 1 on a wrong value. */
static void readers_selftest(void)
{
    volatile uint32_t start = 0; /* not a constant: the reads must happen at run time */
    uint8_t copy[12];
    for (uint32_t at = start; at < 8; at++) {
        const uint8_t *p = counting + at;
        int ok = xip_read_u16(p) == counting_value(at, 2) && xip_read_u32(p) == counting_value(at, 4) &&
                 xip_read_u64(p) == counting_value(at, 8) && xip_read_i16(p) == (int16_t)counting_value(at, 2);
        xip_copy_bytes(copy + (at & 3u), p, 9);
        for (uint32_t i = 0; i < 9; i++)
            ok = ok && copy[(at & 3u) + i] == at + 1 + i;
        if (!ok) {
            fw_puts(FW_STDERR, "fw: readers self-test: wrong value at offset ");
            fw_put_u32(FW_STDERR, at);
            fw_puts(FW_STDERR, "\n");
            fw_exit(FW_EXIT_BAD_INPUT);
        }
    }
    static const uint8_t check[10] = "x123456789"; /* the check string, at an odd address */
    if (xip_adler32(1, check + 1 + start, 9) != 0x091e01deu) {
        fw_puts(FW_STDERR, "fw: readers self-test: wrong Adler-32\n");
        fw_exit(FW_EXIT_BAD_INPUT);
    }
    fw_puts(FW_STDERR, "fw: readers self-test passed\n");
}

/* ---- C stack use, by painting ------------------------------------------ */

#define FW_STACK_WINDOW 4096u /* bytes below the caller's frame that are painted */
#define FW_STACK_PAINT 0xa5c3e1f0u

/* The address of a local of a frame called from here: where a callee's frame begins. */
__attribute__((noinline)) static uintptr_t callee_frame(void)
{
    volatile uint32_t here = 0;
    return (uintptr_t)&here;
}

/* Paints the window below the frames called from here; returns its top for stack_used. */
__attribute__((noinline)) static uintptr_t stack_paint(void)
{
    uintptr_t top = callee_frame() & ~(uintptr_t)3;
    for (uint32_t *p = (uint32_t *)(top - FW_STACK_WINDOW); p < (uint32_t *)(top - 64u); p++)
        *(volatile uint32_t *)p = FW_STACK_PAINT;
    return top;
}

/* Bytes of the painted window below top that calls since stack_paint wrote (FW_STACK_WINDOW: all). */
static uint32_t stack_used(uintptr_t top)
{
    const uint32_t *p = (const uint32_t *)(top - FW_STACK_WINDOW);
    while (p < (const uint32_t *)(top - 64u) && *(volatile const uint32_t *)p == FW_STACK_PAINT)
        p++;
    return (uint32_t)(top - (uintptr_t)p);
}

/* ---- applets ------------------------------------------------------------ */

/* Bump allocator over the RAM arena. */
typedef struct fw_arena {
    uint8_t *next;
    uint8_t *end;
} fw_arena;

/* count elements of `size` bytes, 8-byte aligned and zeroed; NULL when the arena is full. */
static void *arena_take(fw_arena *arena, uint32_t count, uint32_t size)
{
    uintptr_t at = ((uintptr_t)arena->next + 7u) & ~(uintptr_t)7u;
    uint64_t bytes = (uint64_t)count * size;
    if (bytes > (uint64_t)((uintptr_t)arena->end - at))
        return NULL;
    arena->next = (uint8_t *)(at + (uintptr_t)bytes);
    return memset((void *)at, 0, (size_t)bytes);
}

typedef struct fw_applet {
    const fw_slot *slot;
    xip_instance inst;
    fw_host host;
    char prefix[24];
    xip_status status; /* of the last step */
    uint32_t slices;   /* turns taken */
    uint32_t func;     /* the export run */
    int finished;
    uint32_t stack_load; /* C stack bytes xip_load used */
    uint32_t stack_run;  /* the most any xip_call, xip_resume or xip_instantiate used */
    xip_buffers buffers;
    xip_requirements req; /* req.stack_slots, req.frames: the image's recorded bound (0: none) */
} fw_applet;

/* ---- the value stack and frame records used, by painting ------------------ */

#define FW_SLOT_PAINT 0x5a3cc3a5f00fe11eu

/* Paints the value stack and the frame records (after xip_load, which used the stack as scratch). */
static void paint_applet_stack(const xip_buffers *b)
{
    for (uint32_t i = 0; i < b->stack_slots; i++)
        b->stack[i] = FW_SLOT_PAINT;
    for (uint32_t i = 0; i < b->frame_count; i++) {
        b->frames[i].return_pc = 0xffffffffu;
        b->frames[i].base = 0xffffffffu;
        b->frames[i].func = 0xffffu;
    }
}

/* Value-stack slots (*slots) and frame records (*frames) below the highest one the runs wrote. */
static void applet_stack_used(const xip_buffers *b, uint32_t *slots, uint32_t *frames)
{
    uint32_t n = b->stack_slots, k = b->frame_count;
    while (n > 0 && b->stack[n - 1] == FW_SLOT_PAINT)
        n--;
    while (k > 0 && b->frames[k - 1].return_pc == 0xffffffffu && b->frames[k - 1].base == 0xffffffffu &&
           b->frames[k - 1].func == 0xffffu)
        k--;
    *slots = n;
    *frames = k;
}

/*
 * Prints "fw: SLOT: value stack N slots, K frame records (bound M, L)" and
 * returns FW_EXIT_OVER_BOUND if the runs used more than the image's
 * recorded bound, else FW_EXIT_OK.
 */
static int check_applet_stack(const fw_applet *a)
{
    uint32_t slots, frames;
    applet_stack_used(&a->buffers, &slots, &frames);
    fw_puts(FW_STDERR, "fw: ");
    fw_puts(FW_STDERR, a->slot->name);
    fw_puts(FW_STDERR, ": value stack ");
    fw_put_u32(FW_STDERR, slots);
    fw_puts(FW_STDERR, " slots, ");
    fw_put_u32(FW_STDERR, frames);
    if (a->req.stack_slots == 0) {
        fw_puts(FW_STDERR, " frame records (no bound: the calls may recurse)\n");
        return FW_EXIT_OK;
    }
    fw_puts(FW_STDERR, " frame records (bound ");
    fw_put_u32(FW_STDERR, a->req.stack_slots);
    fw_puts(FW_STDERR, ", ");
    fw_put_u32(FW_STDERR, a->req.frames);
    fw_puts(FW_STDERR, ")\n");
    if (slots <= a->req.stack_slots && frames <= a->req.frames)
        return FW_EXIT_OK;
    fw_puts(FW_STDERR, "fw: ");
    fw_puts(FW_STDERR, a->slot->name);
    fw_puts(FW_STDERR, ": the runs used more than the image's recorded stack bound\n");
    return FW_EXIT_OVER_BOUND;
}

/* Records the C stack the executor call since stack_paint(top) used. */
static void note_stack(uint32_t *most, uintptr_t top)
{
    uint32_t used = stack_used(top);
    *most = used > *most ? used : *most;
}

/* Prints "fw: SLOT: what: STATUS" to standard error. */
static void report(const fw_applet *a, const char *what, xip_status st)
{
    fw_puts(FW_STDERR, "fw: ");
    fw_puts(FW_STDERR, a->slot->name);
    fw_puts(FW_STDERR, ": ");
    fw_puts(FW_STDERR, what);
    fw_puts(FW_STDERR, ": ");
    fw_puts(FW_STDERR, xip_status_name(st));
    fw_puts(FW_STDERR, "\n");
}

/* The image size its header states, or 0 when the slot holds no image. */
static uint32_t slot_image_size(const fw_slot *slot)
{
    if ((uint32_t)(slot->end - slot->start) < XIP_HEADER_SIZE)
        return 0;
    for (uint32_t i = 0; i < XIP_MAGIC_SIZE; i++) /* byte by byte: the slot may sit at an odd address */
        if (slot->start[i] != xip_magic()[i])
            return 0;
    return xip_read_u32(slot->start + 12);
}

/* Takes the buffers an image needs from the arena; false when they do not fit. */
static int take_buffers(fw_arena *arena, const xip_requirements *req, xip_buffers *b)
{
    uint32_t memory = req->memory_bytes;
    if (req->memory_max_bytes > memory)
        memory += req->memory_max_bytes - memory < FW_GROW_BYTES ? req->memory_max_bytes - memory : FW_GROW_BYTES;
    uint32_t tables = req->table_max_slots <= FW_TABLE_SLOTS ? req->table_max_slots : req->table_slots + FW_TABLE_SLOTS;
    memset(b, 0, sizeof *b);
    b->memory_size = memory;
    b->global_count = req->globals;
    b->stack_slots = FW_STACK_SLOTS;
    b->frame_count = FW_FRAMES;
    b->table_slots = req->table_slots == 0 ? 0 : tables;
    b->memory = arena_take(arena, memory, 1);
    b->globals = arena_take(arena, req->globals, sizeof(uint64_t));
    b->stack = arena_take(arena, FW_STACK_SLOTS, sizeof(uint64_t));
    b->frames = arena_take(arena, FW_FRAMES, sizeof(xip_frame));
    b->tables = b->table_slots == 0 ? NULL : arena_take(arena, b->table_slots, sizeof(uint32_t));
    return b->memory != NULL && b->globals != NULL && b->stack != NULL && b->frames != NULL &&
           (b->table_slots == 0 || b->tables != NULL);
}

/* Continues a paused run (the executor part of a host call's service, measured apart). */
static xip_status resume(fw_applet *a)
{
    uintptr_t top = stack_paint();
    xip_status st = xip_resume(&a->inst);
    note_stack(&a->stack_run, top);
    return st;
}

/* Loads, instantiates and starts the image in a->slot; exits on failure. */
static void start_applet(fw_applet *a, fw_arena *arena, const fw_options *o, uint32_t fuel)
{
    const uint8_t *image = a->slot->start;
    uint32_t size = slot_image_size(a->slot);
    xip_requirements req;
    xip_buffers buffers;
    memset(&req, 0, sizeof req);
    if (size > (uint32_t)(a->slot->end - image)) {
        report(a, "image larger than its slot", XIP_ERR_TRUNCATED);
        fw_exit(FW_EXIT_BAD_INPUT);
    }
    /* the sections are checked once, by xip_prepare; reqs=N and loads=N repeat work only to measure it */
    xip_status st = XIP_OK;
    for (uint32_t k = 1; k < o->reqs && st == XIP_OK; k++)
        st = xip_image_requirements(image, size, &req);
    if (st == XIP_OK) {
        uintptr_t top = stack_paint();
        st = xip_prepare(&a->inst, image, size, &req);
        note_stack(&a->stack_load, top); /* "xip_load": the deeper of its two steps */
    }
    if (st != XIP_OK) {
        report(a, "xip_prepare", st);
        fw_puts(FW_STDERR, "fw: at image offset ");
        fw_put_u32(FW_STDERR, xip_error_offset(&a->inst));
        fw_puts(FW_STDERR, "\n");
        fw_exit(FW_EXIT_BAD_INPUT);
    }
    if (!take_buffers(arena, &req, &buffers)) {
        report(a, "not enough RAM for its buffers", XIP_ERR_BUFFER_TOO_SMALL);
        fw_exit(FW_EXIT_BAD_INPUT);
    }
    for (uint32_t k = 0; k < o->loads; k++) {
        uintptr_t top = k == 0 ? stack_paint() : 0; /* loads=N measures the whole loads alone */
        st = k == 0 ? xip_load_prepared(&a->inst, &buffers) : xip_load(&a->inst, image, size, &buffers);
        if (k == 0)
            note_stack(&a->stack_load, top);
        if (st != XIP_OK) {
            report(a, "xip_load", st);
            fw_puts(FW_STDERR, "fw: at image offset ");
            fw_put_u32(FW_STDERR, xip_error_offset(&a->inst));
            fw_puts(FW_STDERR, "\n");
            fw_exit(FW_EXIT_BAD_INPUT);
        }
    }
    a->buffers = buffers;
    a->req = req;
    paint_applet_stack(&buffers);
    a->host.prefix = a->prefix;
    a->host.clock_step = o->clock_step;
    if (!fw_host_bind(&a->host, &a->inst)) {
        report(a, "too many imports", XIP_ERR_ARGUMENT);
        fw_exit(FW_EXIT_BAD_INPUT);
    }
    xip_set_fuel(&a->inst, UINT32_MAX);
    uintptr_t top = stack_paint();
    st = xip_instantiate(&a->inst);
    note_stack(&a->stack_run, top);
    while (st == XIP_HOST_CALL) {
        st = fw_host_serve(&a->host, &a->inst);
        if (st == XIP_OK)
            st = resume(a);
    }
    int32_t run = xip_find_export(&a->inst, "run", 3, XIP_EXTERN_FUNC);
    xip_functype type;
    if (st != XIP_OK || run < 0 || xip_func_type(&a->inst, (uint32_t)run, &type) != XIP_OK ||
        type.param_count != 0) {
        report(a, st != XIP_OK ? "xip_instantiate" : "no export run() to call", st);
        fw_exit(st != XIP_OK ? FW_EXIT_TRAP : FW_EXIT_BAD_INPUT);
    }
    a->func = (uint32_t)run;
    xip_set_fuel(&a->inst, fuel);
    top = stack_paint();
    a->status = xip_call(&a->inst, a->func, NULL, 0);
    note_stack(&a->stack_run, top);
    a->slices = 1;
}

/* One turn: serves host calls; gives a new slice when the last one ran out. */
static void take_turn(fw_applet *a, uint32_t fuel)
{
    if (a->status == XIP_OUT_OF_FUEL) {
        a->slices++;
        xip_set_fuel(&a->inst, fuel);
        a->status = resume(a);
    }
    while (a->status == XIP_HOST_CALL) {
        a->status = fw_host_serve(&a->host, &a->inst);
        if (a->status == XIP_OK)
            a->status = resume(a);
    }
}

/* After the last turn: prints the results or the trap; returns the applet's exit status. */
static int finish_applet(fw_applet *a)
{
    a->finished = 1;
    if (a->status != XIP_OK) {
        fw_host_flush(&a->host);
        report(a, "run", a->status);
        return FW_EXIT_TRAP;
    }
    xip_functype type;
    uint32_t count;
    const uint64_t *results = xip_results(&a->inst, &count);
    xip_func_type(&a->inst, a->func, &type);
    fw_host_flush(&a->host);
    for (uint32_t i = 0; i < count && i < type.result_count; i++)
        fw_host_print_value(&a->host, type.results[i], results[i]);
    fw_host_flush(&a->host);
    return FW_EXIT_OK;
}

int main(void)
{
    fw_options o;
    fw_applet applets[FW_MAX_APPLETS];
    fw_arena arena = {fw_arena_start, fw_arena_end};
    unsigned count = 0;
    read_options(&o);
    fw_puts(FW_STDERR, "fw: xipwasm example firmware on ");
    fw_puts(FW_STDERR, fw_board_name);
    fw_puts(FW_STDERR, "\n");
    if (o.trap || o.readers) {
        if (!fw_board_trap_unaligned())
            fw_puts(FW_STDERR, "fw: this core does not trap unaligned accesses\n");
        else
            fw_puts(FW_STDERR, "fw: unaligned accesses fault\n");
    }
    if (o.readers) {
        readers_selftest();
        fw_exit(FW_EXIT_OK);
    }
    if (o.fault) {
        fw_puts(FW_STDERR, "fw: fault self-test\n");
        fw_board_fault();
        fw_puts(FW_STDERR, "fw: no fault\n");
        fw_exit(FW_EXIT_OK);
    }
    for (unsigned s = 0; s < fw_slot_count && count < FW_MAX_APPLETS; s++) {
        if (slot_image_size(&fw_slots[s]) == 0)
            continue;
        memset(&applets[count], 0, sizeof applets[count]);
        applets[count].slot = &fw_slots[s];
        count++;
    }
    if (count == 0) {
        fw_puts(FW_STDERR, "fw: no image in any applet slot\n");
        fw_exit(FW_EXIT_BAD_INPUT);
    }
    uint32_t fuel = o.fuel != 0 ? o.fuel : count > 1 ? 20000u : UINT32_MAX;
    for (unsigned i = 0; i < count; i++) {
        fw_applet *a = &applets[i];
        const char *name = a->slot->name;
        size_t n = strlen(name) < sizeof a->prefix - 4 ? strlen(name) : sizeof a->prefix - 4;
        if (count > 1) {
            a->prefix[0] = '[';
            for (size_t k = 0; k < n; k++)
                a->prefix[1 + k] = name[k];
            a->prefix[1 + n] = ']';
            a->prefix[2 + n] = ' ';
            a->prefix[3 + n] = 0;
        }
        fw_puts(FW_STDERR, "fw: slot ");
        fw_puts(FW_STDERR, name);
        fw_puts(FW_STDERR, " at 0x");
        fw_put_hex(FW_STDERR, (uint32_t)(uintptr_t)a->slot->start);
        fw_puts(FW_STDERR, ": ");
        fw_put_u32(FW_STDERR, slot_image_size(a->slot));
        fw_puts(FW_STDERR, " byte image\n");
        start_applet(a, &arena, &o, fuel);
    }
    int status = FW_EXIT_OK;
    for (unsigned running = count; running > 0;) {
        for (unsigned i = 0; i < count; i++) {
            fw_applet *a = &applets[i];
            if (a->finished)
                continue;
            take_turn(a, fuel);
            if (a->status != XIP_OUT_OF_FUEL) {
                int st = finish_applet(a);
                status = st > status ? st : status;
                running--;
            }
        }
    }
    for (unsigned i = 0; i < count; i++) {
        fw_puts(FW_STDERR, "fw: ");
        fw_puts(FW_STDERR, applets[i].slot->name);
        fw_puts(FW_STDERR, ": ");
        fw_put_u32(FW_STDERR, applets[i].slices);
        fw_puts(FW_STDERR, " slices; executor C stack: xip_load ");
        fw_put_u32(FW_STDERR, applets[i].stack_load);
        fw_puts(FW_STDERR, " bytes, running ");
        fw_put_u32(FW_STDERR, applets[i].stack_run);
        fw_puts(FW_STDERR, " bytes\n");
        int st = check_applet_stack(&applets[i]);
        status = st > status ? st : status;
    }
    fw_exit(status);
}
