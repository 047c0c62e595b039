/*
 * fuzz_image_sealed.c: libFuzzer target for the executor's deeper checks: the
 * input is an image whose size and checksum fields are fixed up before loading, so
 * mutations reach the section and bytecode verifier instead of stopping at
 * the checksum.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_run.h"
#include "xip_format.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Repairs the header's size and checksum, then loads and runs the image. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < XIP_HEADER_SIZE || size > (1u << 20))
        return 0;
    uint8_t *image = malloc(size);
    if (image == NULL)
        return 0;
    memcpy(image, data, size);
    xip_write_u32(image + 12, (uint32_t)size);
    xip_write_u32(image + 16, xip_adler32(1, image + XIP_HEADER_SIZE, (uint32_t)size - XIP_HEADER_SIZE));
    fuzz_run_image(image, (uint32_t)size);
    free(image);
    return 0;
}
