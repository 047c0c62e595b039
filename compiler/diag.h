/*
 * diag.h: user-facing compiler errors. Every pass reports bad input through
 * xc_error_set(), naming the byte offset in the input file and, inside code,
 * the function index; the driver prefixes the file name. Internal bugs use
 * assert(), never this channel.
 */
#ifndef XC_DIAG_H
#define XC_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XC_NO_FUNC UINT32_MAX
#define XC_NO_OFFSET SIZE_MAX

typedef struct xc_error {
    bool set;
    size_t offset;       /* byte offset in the input, or XC_NO_OFFSET */
    uint32_t func_index; /* function index (imports counted), or XC_NO_FUNC */
    char message[256];
} xc_error;

/* Records the first error (later calls are ignored) and returns false. */
bool xc_error_set(xc_error *error, size_t offset, uint32_t func_index, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Formats the error as "FILE:0xOFFSET: function N: message" into out. */
void xc_error_format(const xc_error *error, const char *file, char *out, size_t out_size);

#endif /* XC_DIAG_H */
