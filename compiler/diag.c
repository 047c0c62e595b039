/* diag.c: recording and formatting user-facing compiler errors. */
#include "diag.h"

#include <stdio.h>

bool xc_error_set(xc_error *error, size_t offset, uint32_t func_index, const char *format, ...)
{
    if (error->set)
        return false;
    error->set = true;
    error->offset = offset;
    error->func_index = func_index;
    va_list args;
    va_start(args, format);
    vsnprintf(error->message, sizeof error->message, format, args);
    va_end(args);
    return false;
}

void xc_error_format(const xc_error *error, const char *file, char *out, size_t out_size)
{
    char where[64] = "";
    char func[48] = "";
    if (error->offset != XC_NO_OFFSET)
        snprintf(where, sizeof where, ":0x%zx", error->offset);
    if (error->func_index != XC_NO_FUNC)
        snprintf(func, sizeof func, " function %u:", (unsigned)error->func_index);
    snprintf(out, out_size, "%s%s:%s %s", file, where, func, error->message);
}
