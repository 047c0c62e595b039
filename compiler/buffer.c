/* buffer.c: the growable byte buffer the image is written into. */
#include "passes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void xc_buffer_append(xc_buffer *buffer, const void *data, size_t size)
{
    if (size == 0)
        return;
    if (buffer->size + size > buffer->capacity) {
        size_t cap = buffer->capacity ? buffer->capacity : 256;
        while (cap < buffer->size + size)
            cap *= 2;
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
