/* buffer.c: the growable byte buffer the image is written into. */
#include "passes.h"
#include "xip_checked.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void xc_buffer_append(xc_buffer *buffer, const void *data, size_t size)
{
    if (size == 0)
        return;
    size_t need;
    if (!xip_add_size(buffer->size, size, &need)) {
        fprintf(stderr, "xipwasm: out of memory (image larger than the address space)\n");
        abort();
    }
    if (need > buffer->capacity) {
        size_t cap = buffer->capacity ? buffer->capacity : 256;
        while (cap < need)
            cap = cap <= SIZE_MAX / 2 ? cap * 2 : need;
        uint8_t *grown = realloc(buffer->data, cap);
        if (!grown) {
            fprintf(stderr, "xipwasm: out of memory\n");
            abort();
        }
        buffer->data = grown;
        buffer->capacity = cap;
    }
    memcpy(buffer->data + buffer->size, data, size);
    buffer->size += size;
}

void xc_buffer_free(xc_buffer *buffer)
{
    free(buffer->data);
    buffer->data = NULL;
    buffer->size = 0;
    buffer->capacity = 0;
}
