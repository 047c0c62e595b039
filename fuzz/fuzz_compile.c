/*
 * fuzz_compile.c: libFuzzer target for the compiler: arbitrary bytes as a
 * Wasm module. Whatever compiles must load in the executor (the compiler must
 * never write an image the verifier refuses; only buffers may be too small)
 * and then runs under fuel.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "compiler.h"
#include "fuzz_run.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Compiles the input; a produced image is loaded and run. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    xc_options options = {XC_PASS_NONE, NULL, 0};
    xc_error error = {0};
    uint8_t *image = NULL;
    size_t image_size = 0;
    if (!xc_compile(data, size, &options, &image, &image_size, &error))
        return 0;
    xip_status status = fuzz_run_image(image, (uint32_t)image_size);
    if (status != XIP_OK && status != XIP_ERR_BUFFER_TOO_SMALL) {
        fprintf(stderr, "compiled image refused by the executor: %s\n", xip_status_name(status));
        abort();
    }
    free(image);
    return 0;
}
