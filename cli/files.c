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
    FILE *f = fopen(path, "rb");
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
        fclose(f);
        cli_error("%s: out of memory", path);
        return false;
    }
    if (ferror(f)) {
        int err = errno;
        fclose(f);
        free(buffer);
        cli_error("%s: cannot read: %s", path, strerror(err));
        return false;
    }
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

bool cli_write_file_atomic(const char *path, const uint8_t *data, size_t size)
{
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

int cli_load_input(const char *path, uint8_t **image, size_t *image_size)
{
    uint8_t *data;
    size_t size;
    if (!cli_read_file(path, &data, &size))
        return CLI_EXIT_ERROR;
    if (!cli_is_wasm(data, size)) {
        *image = data;
        *image_size = size;
        return CLI_EXIT_OK;
    }
    xc_options options;
    memset(&options, 0, sizeof options);
    options.max_registers = cli_max_registers();
    xc_error error;
    memset(&error, 0, sizeof error);
    bool ok = xc_compile(data, size, &options, image, image_size, &error);
    free(data);
    if (!ok) {
        char message[512];
        xc_error_format(&error, path, message, sizeof message);
        return cli_error("%s", message);
    }
    return CLI_EXIT_OK;
}
