/*
 * load.c: loads one image the way a device does and, under callgrind,
 * counts only the executor's instructions: xip_prepare, xip_load_prepared,
 * xip_instantiate, and a call of the export "run" (if any) with every host
 * call it makes answered at once. Buffers are sized from xip_prepare's
 * requirements. Used by tests/scaling/run.sh (load time against image size).
 * Usage: load IMAGE. Exit 0 if every step succeeded, 1 otherwise.
 */
#include <stdio.h>
#include <stdlib.h>

#include <valgrind/callgrind.h>

#include "xip.h"
#include "xip_format.h"

#define STACK_SLOTS (1u << 16)
#define FRAMES 256u

/* Reads a whole file into a malloc'd buffer; NULL on failure. */
static unsigned char *read_file(const char *path, long *size)
{
    FILE *f = fopen(path, "rb");
    unsigned char *b = NULL;
    if (f && fseek(f, 0, SEEK_END) == 0 && (*size = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (b = malloc((size_t)*size)) != NULL && fread(b, 1, (size_t)*size, f) != (size_t)*size) {
        free(b);
        b = NULL;
    }
    if (f)
        fclose(f);
    return b;
}

/* Runs to the end: host calls return at once (their results, if any, are zero). */
static xip_status finish(xip_instance *inst, xip_status st)
{
    while (st == XIP_HOST_CALL) {
        CALLGRIND_TOGGLE_COLLECT;
        xip_functype t;
        uint64_t *args = xip_host_args(inst);
        if (xip_func_type(inst, xip_host_import(inst), &t) == XIP_OK)
            for (uint32_t i = 0; i < t.result_count; i++)
                args[i] = 0;
        CALLGRIND_TOGGLE_COLLECT;
        st = xip_resume(inst);
    }
    return st;
}

int main(int argc, char **argv)
{
    static xip_instance inst;
    xip_requirements req;
    xip_buffers b = {0};
    long size = 0;
    unsigned char *image = argc == 2 ? read_file(argv[1], &size) : NULL;
    xip_status st;
    int32_t run;
    if (image == NULL) {
        fprintf(stderr, "usage: load IMAGE (a readable file)\n");
        return 1;
    }
    CALLGRIND_TOGGLE_COLLECT;
    st = xip_prepare(&inst, image, (uint32_t)size, &req);
    CALLGRIND_TOGGLE_COLLECT;
    if (st == XIP_OK) {
        b.memory_size = req.memory_bytes;
        b.memory = malloc(req.memory_bytes ? req.memory_bytes : 1);
        b.global_count = req.globals;
        b.globals = calloc(req.globals + 1, sizeof *b.globals);
        b.table_slots = req.table_slots;
        b.tables = calloc(req.table_slots + 1, sizeof *b.tables);
        b.stack_slots = STACK_SLOTS;
        b.stack = calloc(STACK_SLOTS, sizeof *b.stack);
        b.frame_count = FRAMES;
        b.frames = calloc(FRAMES, sizeof *b.frames);
        if (!b.memory || !b.globals || !b.tables || !b.stack || !b.frames)
            st = XIP_ERR_BUFFER_TOO_SMALL; /* out of memory */
    }
    if (st == XIP_OK) {
        CALLGRIND_TOGGLE_COLLECT;
        st = xip_load_prepared(&inst, &b);
        if (st == XIP_OK)
            st = finish(&inst, xip_instantiate(&inst));
        run = st == XIP_OK ? xip_find_export(&inst, "run", 3, XIP_EXTERN_FUNC) : -1;
        if (run >= 0)
            st = finish(&inst, xip_call(&inst, (uint32_t)run, NULL, 0));
        CALLGRIND_TOGGLE_COLLECT;
    }
    if (st != XIP_OK)
        fprintf(stderr, "load: %s: %s at offset 0x%lx\n", argv[1], xip_status_name(st),
                (unsigned long)xip_error_offset(&inst));
    free(b.memory);
    free(b.globals);
    free(b.tables);
    free(b.stack);
    free(b.frames);
    free(image);
    return st == XIP_OK ? 0 : 1;
}
