/*
 * optimize.c: the optional binaryen pre-pass of `xipwasm compile -O...`.
 *
 * binaryen's optimizer is reached through its C API (binaryen-c.h), loaded
 * when -O is given (dlopen), so that every other command starts without it.
 * It runs in a child process: binaryen ends the process on inputs it cannot
 * handle (for example memories with custom page sizes, which version 108
 * predates), and such an end must come back as an error for this file, not
 * as the end of xipwasm. The module is validated by xipwasm's own compiler
 * before it gets here, so errors in it are reported with xipwasm's locations.
 */
#include <binaryen-c.h>
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

#ifndef XIPWASM_BINARYEN_LIB
#define XIPWASM_BINARYEN_LIB "libbinaryen.so"
#endif

/* The C API functions the pre-pass uses, with the types of binaryen-c.h. */
typedef struct binaryen_api {
    BinaryenModuleRef (*read)(char *, size_t);
    void (*set_features)(BinaryenModuleRef, BinaryenFeatures);
    bool (*validate)(BinaryenModuleRef);
    void (*set_optimize_level)(int);
    void (*set_shrink_level)(int);
    void (*set_debug_info)(bool);
    void (*optimize)(BinaryenModuleRef);
    BinaryenModuleAllocateAndWriteResult (*write)(BinaryenModuleRef, const char *);
    void (*dispose)(BinaryenModuleRef);
    BinaryenFeatures (*feature[7])(void);
} binaryen_api;

/* The features xipwasm compiles, by their binaryen-c.h getter names. */
static const char *const feature_names[7] = {
    "BinaryenFeatureMVP",           "BinaryenFeatureSignExt",    "BinaryenFeatureMutableGlobals",
    "BinaryenFeatureNontrappingFPToInt", "BinaryenFeatureBulkMemory", "BinaryenFeatureReferenceTypes",
    "BinaryenFeatureMultivalue",
};

/* Looks up one function of the library into *slot; false if it is missing. */
static bool api_symbol(void *library, const char *name, void *slot)
{
    void *f = dlsym(library, name);
    if (f == NULL)
        return false;
    memcpy(slot, &f, sizeof f);
    return true;
}

/* Loads binaryen's library (XIPWASM_BINARYEN_LIB in the environment overrides the
   built-in name) into *api; prints the error and returns false. */
static bool api_load(binaryen_api *api)
{
    const char *path = getenv("XIPWASM_BINARYEN_LIB") ? getenv("XIPWASM_BINARYEN_LIB") : XIPWASM_BINARYEN_LIB;
    void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL)
        return cli_error("compile -O: cannot load binaryen's library %s: %s", path, dlerror()), false;
    bool ok = api_symbol(lib, "BinaryenModuleRead", &api->read) &&
              api_symbol(lib, "BinaryenModuleSetFeatures", &api->set_features) &&
              api_symbol(lib, "BinaryenModuleValidate", &api->validate) &&
              api_symbol(lib, "BinaryenSetOptimizeLevel", &api->set_optimize_level) &&
              api_symbol(lib, "BinaryenSetShrinkLevel", &api->set_shrink_level) &&
              api_symbol(lib, "BinaryenSetDebugInfo", &api->set_debug_info) &&
              api_symbol(lib, "BinaryenModuleOptimize", &api->optimize) &&
              api_symbol(lib, "BinaryenModuleAllocateAndWrite", &api->write) &&
              api_symbol(lib, "BinaryenModuleDispose", &api->dispose);
    for (int i = 0; ok && i < 7; i++)
        ok = api_symbol(lib, feature_names[i], &api->feature[i]);
    if (!ok)
        return cli_error("compile -O: %s lacks a function of binaryen's C API: %s", path, dlerror()), false;
    return true;
}

/* Writes all n bytes to fd; false on an error. */
static bool write_all(int fd, const uint8_t *bytes, size_t n)
{
    while (n > 0) {
        ssize_t k = write(fd, bytes, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return false;
        bytes += k;
        n -= (size_t)k;
    }
    return true;
}

/* The child: optimizes the module and writes the result to fd. Exit 0 ok, 3 invalid, 4 write failed. */
static void child_optimize(const binaryen_api *api, const uint8_t *wasm, size_t size, int level, int shrink,
                           int fd)
{
    char *copy = malloc(size ? size : 1);
    if (copy == NULL)
        _exit(4);
    memcpy(copy, wasm, size);
    BinaryenModuleRef module = api->read(copy, size);
    BinaryenFeatures features = 0;
    for (int i = 0; i < 7; i++)
        features |= api->feature[i]();
    api->set_features(module, features);
    if (!api->validate(module))
        _exit(3);
    api->set_optimize_level(level);
    api->set_shrink_level(shrink);
    api->set_debug_info(true); /* keep the names section: maps and traps name functions */
    api->optimize(module);
    BinaryenModuleAllocateAndWriteResult out = api->write(module, NULL);
    _exit(write_all(fd, out.binary, out.binaryBytes) ? 0 : 4);
}

/* Reads fd to its end into a malloc'd buffer; false on an error. */
static bool read_all(int fd, uint8_t **bytes, size_t *size)
{
    size_t capacity = 1 << 16, n = 0;
    uint8_t *buffer = malloc(capacity);
    for (;;) {
        if (buffer == NULL)
            return false;
        if (n == capacity) {
            uint8_t *grown = capacity <= ((size_t)1 << 30) ? realloc(buffer, capacity * 2) : NULL;
            if (grown == NULL) {
                free(buffer);
                return false;
            }
            buffer = grown;
            capacity *= 2;
        }
        ssize_t k = read(fd, buffer + n, capacity - n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            free(buffer);
            return false;
        }
        if (k == 0)
            break;
        n += (size_t)k;
    }
    *bytes = buffer;
    *size = n;
    return true;
}

bool cli_optimize_parse(const char *arg, int *level, int *shrink)
{
    static const struct { const char *flag; int level, shrink; } levels[] = {
        {"-O", 2, 0}, {"-O1", 1, 0}, {"-O2", 2, 0}, {"-O3", 3, 0}, {"-O4", 4, 0}, {"-Os", 2, 1}, {"-Oz", 2, 2},
    };
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
        if (strcmp(arg, levels[i].flag) == 0) {
            *level = levels[i].level;
            *shrink = levels[i].shrink;
            return true;
        }
    return false;
}

bool cli_optimize(const char *file, const uint8_t *wasm, size_t size, int level, int shrink, uint8_t **out,
                  size_t *out_size)
{
    binaryen_api api;
    if (!api_load(&api))
        return false;
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0)
        return cli_error("compile -O: %s", strerror(errno)), false;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(pipe_fds[0]);
        close(pipe_fds[1]);
        return cli_error("compile -O: %s", strerror(errno)), false;
    }
    if (pid == 0) {
        close(pipe_fds[0]);
        child_optimize(&api, wasm, size, level, shrink, pipe_fds[1]);
    }
    close(pipe_fds[1]);
    bool read_ok = read_all(pipe_fds[0], out, out_size);
    close(pipe_fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        continue;
    bool ok = read_ok && WIFEXITED(status) && WEXITSTATUS(status) == 0 && cli_is_wasm(*out, *out_size);
    if (ok)
        return true;
    if (read_ok)
        free(*out);
    *out = NULL;
    if (WIFSIGNALED(status))
        return cli_error("%s: binaryen's optimizer crashed (signal %d); compile without -O", file,
                         WTERMSIG(status)),
               false;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 3)
        return cli_error("%s: binaryen's validator refuses the module; compile without -O", file), false;
    return cli_error("%s: binaryen's optimizer failed (exit status %d); compile without -O", file,
                     WIFEXITED(status) ? WEXITSTATUS(status) : -1),
           false;
}
