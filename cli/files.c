/* files.c: reading inputs, compiling .wasm inputs, writing images atomically. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "compiler/compiler.h"

bool cli_read_file(const char *path, uint8_t **data, size_t *size)
{
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (f == NULL) {
        cli_error("%s: cannot open: %s", path, strerror(errno));
        return false;
    }
    size_t capacity = 1 << 16, length = 0;
    uint8_t *buffer = malloc(capacity);
    while (buffer != NULL) {
        length += fread(buffer + length, 1, capacity - length, f);
        if (length < capacity)
            break;
        uint8_t *bigger = capacity <= SIZE_MAX / 2 ? realloc(buffer, capacity * 2) : NULL;
        if (bigger == NULL) {
            free(buffer);
            buffer = NULL;
            break;
        }
        buffer = bigger;
        capacity *= 2;
    }
    if (buffer == NULL) {
        if (!is_stdin)
            fclose(f);
        cli_error("%s: out of memory", path);
        return false;
    }
    if (ferror(f)) {
        int err = errno;
        if (!is_stdin)
            fclose(f);
        free(buffer);
        cli_error("%s: cannot read: %s", path, strerror(err));
        return false;
    }
    if (!is_stdin)
        fclose(f);
    *data = buffer;
    *size = length;
    return true;
}

/* Gives the new file the permissions open() would: 0666 minus the umask. */
static void set_default_mode(int fd)
{
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
}

/* Writes data to standard output. */
static bool write_stdout(const uint8_t *data, size_t size)
{
    if (fwrite(data, 1, size, stdout) != size || fflush(stdout) != 0) {
        cli_error("-: cannot write: %s", strerror(errno));
        return false;
    }
    return true;
}

/* Writes data straight into an existing file that is not a regular one (a device such as
   /dev/null, a FIFO): renaming a temporary over it would replace the device itself. */
static bool write_special(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    bool ok = f != NULL && fwrite(data, 1, size, f) == size;
    int err = errno;
    if (f != NULL && fclose(f) != 0 && ok) {
        err = errno;
        ok = false;
    }
    if (!ok)
        cli_error("%s: cannot write: %s", path, strerror(err));
    return ok;
}

bool cli_write_file_atomic(const char *path, const uint8_t *data, size_t size)
{
    if (strcmp(path, "-") == 0)
        return write_stdout(data, size);
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
        return write_special(path, data, size);
    size_t n = strlen(path);
    char *temp = malloc(n + sizeof ".tmpXXXXXX");
    if (temp == NULL) {
        cli_error("%s: out of memory", path);
        return false;
    }
    memcpy(temp, path, n);
    memcpy(temp + n, ".tmpXXXXXX", sizeof ".tmpXXXXXX");
    int fd = mkstemp(temp);
    if (fd < 0) {
        cli_error("%s: cannot create: %s", path, strerror(errno));
        free(temp);
        return false;
    }
    set_default_mode(fd);
    FILE *f = fdopen(fd, "wb");
    bool ok = f != NULL && fwrite(data, 1, size, f) == size && fflush(f) == 0 && fsync(fd) == 0;
    int err = errno;
    if (f != NULL)
        ok = (fclose(f) == 0) && ok;
    else
        close(fd);
    if (ok && rename(temp, path) != 0) {
        err = errno;
        ok = false;
    }
    if (!ok) {
        unlink(temp);
        cli_error("%s: cannot write: %s", path, strerror(err));
    }
    free(temp);
    return ok;
}

bool cli_is_wasm(const uint8_t *data, size_t size)
{
    return size >= 4 && memcmp(data, "\0asm", 4) == 0;
}

int cli_compile(const char *file, const uint8_t *wasm, size_t size, const xc_options *options,
                uint8_t **image, size_t *image_size, cli_map *map)
{
    xc_map xmap;
    memset(&xmap, 0, sizeof xmap);
    xc_options defaults;
    memset(&defaults, 0, sizeof defaults);
    if (options == NULL) {
        defaults.max_registers = cli_max_registers();
        options = &defaults;
    }
    xc_error error;
    memset(&error, 0, sizeof error);
    if (!xc_compile_mapped(wasm, size, options, image, image_size, map != NULL ? &xmap : NULL, &error)) {
        char message[512];
        xc_error_format(&error, file, message, sizeof message);
        return cli_error("%s", message);
    }
    if (map != NULL) {
        memset(map, 0, sizeof *map);
        map->entries = xmap.entries;
        map->count = xmap.count;
        map->import_count = xmap.import_count;
        map->func_count = xmap.func_count;
        if (!cli_map_init(map, wasm, size, *image))
            return cli_error("out of memory");
    }
    return CLI_EXIT_OK;
}

int cli_load_input_mapped(const char *path, uint8_t **image, size_t *image_size, cli_map *map)
{
    uint8_t *data;
    size_t size;
    if (map != NULL)
        memset(map, 0, sizeof *map);
    if (!cli_read_file(path, &data, &size))
        return CLI_EXIT_ERROR;
    if (!cli_is_wasm(data, size)) {
        *image = data;
        *image_size = size;
        return CLI_EXIT_OK;
    }
    int code = cli_compile(path, data, size, NULL, image, image_size, map);
    free(data);
    return code;
}

int cli_load_input(const char *path, uint8_t **image, size_t *image_size)
{
    return cli_load_input_mapped(path, image, image_size, NULL);
}
