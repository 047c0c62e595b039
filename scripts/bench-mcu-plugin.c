/*
 * bench-mcu-plugin.c: a QEMU TCG plugin that counts the guest instructions
 * executed, for `make bench-mcu` (scripts/bench-mcu.sh). Each translated
 * block adds its instruction count to one counter, inline, every time it
 * runs; at exit the total is written to the file given as out=FILE (or to
 * QEMU's log).
 *
 * Debian's QEMU 7.2 loads plugins (-plugin file=icount.so,out=FILE) but
 * ships no qemu-plugin.h, so the few functions of the plugin API (version 1)
 * used here are declared below, as QEMU's include/qemu/qemu-plugin.h
 * defines them.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* ---- the QEMU plugin API subset (QEMU_PLUGIN_VERSION 1) ------------------ */
typedef uint64_t qemu_plugin_id_t;
typedef struct qemu_info_t qemu_info_t;
struct qemu_plugin_tb;
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb, enum qemu_plugin_op op, void *ptr,
                                              uint64_t imm);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void *userdata);
void qemu_plugin_outs(const char *string);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;
__attribute__((visibility("default"))) int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                                               int argc, char **argv);

/* ---- the counter --------------------------------------------------------- */
static uint64_t instructions; /* one vCPU: the boards here have one */
static char out_path[4096];
static int written;

/* At translation: make the block add its length to the counter whenever it runs. */
static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    (void)id;
    qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &instructions,
                                             qemu_plugin_tb_n_insns(tb));
}

/* Writes "instructions N" once, to out=FILE or the log. */
static void report(void)
{
    char line[64];
    if (written)
        return;
    written = 1;
    snprintf(line, sizeof line, "instructions %" PRIu64 "\n", instructions);
    FILE *f = out_path[0] ? fopen(out_path, "w") : NULL;
    if (f != NULL) {
        fputs(line, f);
        fclose(f);
    } else {
        qemu_plugin_outs(line);
    }
}

static void on_exit_cb(qemu_plugin_id_t id, void *userdata)
{
    (void)id;
    (void)userdata;
    report();
}

/* A guest exit through semihosting calls exit(): this runs even if the atexit callback does not. */
__attribute__((destructor)) static void on_unload(void)
{
    report();
}

int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv)
{
    (void)info;
    for (int i = 0; i < argc; i++)
        if (strncmp(argv[i], "out=", 4) == 0 && strlen(argv[i] + 4) < sizeof out_path)
            strcpy(out_path, argv[i] + 4);
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
    qemu_plugin_register_atexit_cb(id, on_exit_cb, NULL);
    return 0;
}
