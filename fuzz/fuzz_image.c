/* fuzz_image.c: libFuzzer target for the executor: arbitrary bytes as an image. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_run.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Loads and, if it passes the checks, runs the input as an image. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > UINT32_MAX)
        return 0;
    fuzz_run_image(data, (uint32_t)size);
    return 0;
}
