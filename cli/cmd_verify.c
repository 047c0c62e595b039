/* cmd_verify.c: `xipwasm verify IMAGE...`: runs xip_load's checks on images. */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static const char verify_help[] =
    "usage: xipwasm verify IMAGE...\n"
    "\n"
    "Checks each image completely, as the executor does before running it\n"
    "(header, checksum, sections, bytecode), and prints\n"
    "  IMAGE: ok (N bytes, M functions)\n"
    "or\n"
    "  IMAGE: error: MESSAGE (at offset 0xOFFSET)\n"
    "\n"
    "exit status: 0 all images ok, 1 some image refused or unreadable, 2 usage\n";

/* Verifies one image file; returns an exit code. */
static int verify_one(const char *path)
{
    uint8_t *image;
    size_t size;
    if (!cli_read_file(path, &image, &size))
        return CLI_EXIT_ERROR;
    if (cli_is_wasm(image, size)) {
        free(image);
        fflush(stdout);
        fprintf(stderr, "%s: error: a WebAssembly module, not an xipwasm image: compile it first "
                        "(xipwasm compile IN.wasm -o OUT.xip) or run it (xipwasm run)\n", path);
        return CLI_EXIT_ERROR;
    }
    cli_limits limits = cli_default_limits();
    cli_vm vm;
    xip_status status = cli_vm_load(&vm, path, image, size, &limits, true);
    int code = CLI_EXIT_OK;
    if (status == XIP_OK) {
        printf("%s: ok (%lu bytes, %lu functions)\n", path, (unsigned long)size,
               (unsigned long)xip_func_count(&vm.inst));
    } else {
        fflush(stdout);
        fprintf(stderr, "%s: error: %s (at offset 0x%lx)\n", path, xip_status_name(status),
                (unsigned long)xip_error_offset(&vm.inst));
        code = CLI_EXIT_ERROR;
    }
    cli_vm_free(&vm);
    free(image);
    return code;
}

int cli_cmd_verify(int argc, char **argv)
{
    int files = 0;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            fputs(verify_help, stdout);
            return CLI_EXIT_OK;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_usage_error("verify", "unknown option '%s'", argv[i]);
        files++;
    }
    if (files == 0)
        return cli_usage_error("verify", "missing IMAGE");
    int code = CLI_EXIT_OK;
    for (int i = 1; i < argc; i++)
        if (verify_one(argv[i]) != CLI_EXIT_OK)
            code = CLI_EXIT_ERROR;
    return code;
}
