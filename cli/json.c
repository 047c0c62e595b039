/*
 * json.c: a recursive-descent JSON reader building a json_value tree, and
 * a string writer. Nesting is limited to JSON_MAX_DEPTH so hostile input
 * cannot exhaust the C stack.
 */
#include "json.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef JSON_MAX_DEPTH
#define JSON_MAX_DEPTH 200
#endif

typedef struct parser {
    const char *text;
    size_t len;
    size_t pos;
    char *error;
    size_t error_size;
    bool failed;
} parser;

/* A growable byte string. */
typedef struct bytes {
    char *data;
    size_t len, cap;
} bytes;

static json_value *parse_value(parser *p, int depth);

/* Records the first error with the line it occurred on; returns NULL. */
static json_value *fail(parser *p, const char *format, ...)
{
    if (p->failed)
        return NULL;
    p->failed = true;
    long line = 1;
    for (size_t i = 0; i < p->pos && i < p->len; i++)
        if (p->text[i] == '\n')
            line++;
    if (p->error_size == 0)
        return NULL;
    int n = snprintf(p->error, p->error_size, "line %ld: ", line);
    if (n < 0 || (size_t)n >= p->error_size)
        return NULL;
    va_list ap;
    va_start(ap, format);
    vsnprintf(p->error + n, p->error_size - (size_t)n, format, ap);
    va_end(ap);
    return NULL;
}

/* Appends one byte; false when out of memory. */
static bool bytes_push(bytes *b, char c)
{
    if (b->len + 1 >= b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 32;
        char *data = realloc(b->data, cap);
        if (!data)
            return false;
        b->data = data;
        b->cap = cap;
    }
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
    return true;
}

/* Appends code point cp as UTF-8. */
static bool bytes_push_utf8(bytes *b, uint32_t cp)
{
    if (cp < 0x80)
        return bytes_push(b, (char)cp);
    if (cp < 0x800)
        return bytes_push(b, (char)(0xc0 | (cp >> 6))) && bytes_push(b, (char)(0x80 | (cp & 0x3f)));
    if (cp < 0x10000)
        return bytes_push(b, (char)(0xe0 | (cp >> 12))) &&
               bytes_push(b, (char)(0x80 | ((cp >> 6) & 0x3f))) &&
               bytes_push(b, (char)(0x80 | (cp & 0x3f)));
    return bytes_push(b, (char)(0xf0 | (cp >> 18))) && bytes_push(b, (char)(0x80 | ((cp >> 12) & 0x3f))) &&
           bytes_push(b, (char)(0x80 | ((cp >> 6) & 0x3f))) && bytes_push(b, (char)(0x80 | (cp & 0x3f)));
}

/* Skips JSON whitespace. */
static void skip_space(parser *p)
{
    while (p->pos < p->len) {
        char c = p->text[p->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        p->pos++;
    }
}

/* Allocates a zeroed node of the given kind. */
static json_value *new_value(parser *p, json_kind kind)
{
    json_value *v = calloc(1, sizeof *v);
    if (!v)
        return fail(p, "out of memory");
    v->kind = kind;
    return v;
}

/* Reads 4 hex digits at the cursor into *out. */
static bool read_hex4(parser *p, uint32_t *out)
{
    uint32_t v = 0;
    if (p->len - p->pos < 4)
        return false;
    for (int i = 0; i < 4; i++) {
        char c = p->text[p->pos++];
        uint32_t d;
        if (c >= '0' && c <= '9')
            d = (uint32_t)(c - '0');
        else if (c >= 'a' && c <= 'f')
            d = (uint32_t)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            d = (uint32_t)(c - 'A' + 10);
        else
            return false;
        v = v * 16 + d;
    }
    *out = v;
    return true;
}

/* Decodes a \u escape (the cursor is after "\u"), joining surrogate pairs. */
static bool read_unicode_escape(parser *p, bytes *b)
{
    uint32_t cp;
    if (!read_hex4(p, &cp)) {
        fail(p, "bad \\u escape");
        return false;
    }
    if (cp >= 0xd800 && cp < 0xdc00 && p->len - p->pos >= 6 && p->text[p->pos] == '\\' &&
        p->text[p->pos + 1] == 'u') {
        size_t save = p->pos;
        uint32_t low;
        p->pos += 2;
        if (read_hex4(p, &low) && low >= 0xdc00 && low < 0xe000)
            cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        else
            p->pos = save;
    }
    if (!bytes_push_utf8(b, cp)) {
        fail(p, "out of memory");
        return false;
    }
    return true;
}

/* Parses a string literal (cursor on the opening quote) into *out. */
static bool parse_string_bytes(parser *p, bytes *out)
{
    p->pos++;
    if (!bytes_push(out, '\0'))
        return fail(p, "out of memory"), false;
    out->len = 0;
    while (p->pos < p->len) {
        char c = p->text[p->pos++];
        if (c == '"')
            return true;
        if ((unsigned char)c < 0x20) {
            fail(p, "control character in string");
            return false;
        }
        if (c != '\\') {
            if (!bytes_push(out, c))
                return fail(p, "out of memory"), false;
            continue;
        }
        if (p->pos >= p->len)
            break;
        char e = p->text[p->pos++];
        char d;
        switch (e) {
        case '"': d = '"'; break;
        case '\\': d = '\\'; break;
        case '/': d = '/'; break;
        case 'b': d = '\b'; break;
        case 'f': d = '\f'; break;
        case 'n': d = '\n'; break;
        case 'r': d = '\r'; break;
        case 't': d = '\t'; break;
        case 'u':
            if (!read_unicode_escape(p, out))
                return false;
            continue;
        default:
            fail(p, "bad escape \\%c", e);
            return false;
        }
        if (!bytes_push(out, d))
            return fail(p, "out of memory"), false;
    }
    fail(p, "unterminated string");
    return false;
}

/* Parses a string value. */
static json_value *parse_string(parser *p)
{
    bytes b = {0};
    if (!parse_string_bytes(p, &b)) {
        free(b.data);
        return NULL;
    }
    json_value *v = new_value(p, JSON_STRING);
    if (!v) {
        free(b.data);
        return NULL;
    }
    v->str = b.data;
    v->str_len = b.len;
    return v;
}

/* Parses a number, keeping its text. */
static json_value *parse_number(parser *p)
{
    size_t start = p->pos;
    if (p->pos < p->len && p->text[p->pos] == '-')
        p->pos++;
    size_t digits = p->pos;
    while (p->pos < p->len && p->text[p->pos] >= '0' && p->text[p->pos] <= '9')
        p->pos++;
    if (p->pos == digits)
        return fail(p, "bad number");
    if (p->pos < p->len && p->text[p->pos] == '.') {
        p->pos++;
        while (p->pos < p->len && p->text[p->pos] >= '0' && p->text[p->pos] <= '9')
            p->pos++;
    }
    if (p->pos < p->len && (p->text[p->pos] == 'e' || p->text[p->pos] == 'E')) {
        p->pos++;
        if (p->pos < p->len && (p->text[p->pos] == '+' || p->text[p->pos] == '-'))
            p->pos++;
        while (p->pos < p->len && p->text[p->pos] >= '0' && p->text[p->pos] <= '9')
            p->pos++;
    }
    json_value *v = new_value(p, JSON_NUMBER);
    if (!v)
        return NULL;
    size_t n = p->pos - start;
    v->str = malloc(n + 1);
    if (!v->str) {
        free(v);
        return fail(p, "out of memory");
    }
    memcpy(v->str, p->text + start, n);
    v->str[n] = '\0';
    v->str_len = n;
    v->number = strtod(v->str, NULL);
    return v;
}

/* Appends child to a container. */
static bool add_item(parser *p, json_value *parent, json_value *child)
{
    json_value **items = realloc(parent->items, (parent->count + 1) * sizeof *items);
    if (!items) {
        fail(p, "out of memory");
        return false;
    }
    parent->items = items;
    parent->items[parent->count++] = child;
    return true;
}

/* Parses an array or object (cursor on '[' or '{'). */
static json_value *parse_container(parser *p, int depth, bool object)
{
    char close = object ? '}' : ']';
    json_value *v = new_value(p, object ? JSON_OBJECT : JSON_ARRAY);
    if (!v)
        return NULL;
    p->pos++;
    skip_space(p);
    if (p->pos < p->len && p->text[p->pos] == close) {
        p->pos++;
        return v;
    }
    for (;;) {
        bytes key = {0};
        skip_space(p);
        if (object) {
            if (p->pos >= p->len || p->text[p->pos] != '"' || !parse_string_bytes(p, &key)) {
                free(key.data);
                json_free(v);
                return fail(p, "expected a member name");
            }
            skip_space(p);
            if (p->pos >= p->len || p->text[p->pos] != ':') {
                free(key.data);
                json_free(v);
                return fail(p, "expected ':'");
            }
            p->pos++;
        }
        json_value *item = parse_value(p, depth + 1);
        if (!item || !add_item(p, v, item)) {
            free(key.data);
            json_free(item);
            json_free(v);
            return NULL;
        }
        item->key = key.data;
        item->key_len = key.len;
        skip_space(p);
        if (p->pos < p->len && p->text[p->pos] == ',') {
            p->pos++;
            continue;
        }
        if (p->pos < p->len && p->text[p->pos] == close) {
            p->pos++;
            return v;
        }
        json_free(v);
        return fail(p, "expected ',' or '%c'", close);
    }
}

/* Matches the literal word at the cursor. */
static bool match_word(parser *p, const char *word)
{
    size_t n = strlen(word);
    if (p->len - p->pos < n || memcmp(p->text + p->pos, word, n) != 0)
        return false;
    p->pos += n;
    return true;
}

/* Parses any value. */
static json_value *parse_value(parser *p, int depth)
{
    if (depth > JSON_MAX_DEPTH)
        return fail(p, "nesting deeper than %d", JSON_MAX_DEPTH);
    skip_space(p);
    if (p->pos >= p->len)
        return fail(p, "unexpected end of input");
    char c = p->text[p->pos];
    if (c == '{' || c == '[')
        return parse_container(p, depth, c == '{');
    if (c == '"')
        return parse_string(p);
    if (c == '-' || (c >= '0' && c <= '9'))
        return parse_number(p);
    if (match_word(p, "null"))
        return new_value(p, JSON_NULL);
    if (match_word(p, "true"))
        return new_value(p, JSON_TRUE);
    if (match_word(p, "false"))
        return new_value(p, JSON_FALSE);
    return fail(p, "unexpected character '%c'", c);
}

json_value *json_parse(const char *text, size_t len, char *error, size_t error_size)
{
    parser p = {text, len, 0, error, error_size, false};
    if (error_size)
        error[0] = '\0';
    json_value *root = parse_value(&p, 0);
    if (!root)
        return NULL;
    skip_space(&p);
    if (p.pos != p.len) {
        json_free(root);
        return fail(&p, "trailing characters after the value");
    }
    return root;
}

void json_free(json_value *value)
{
    if (!value)
        return;
    for (size_t i = 0; i < value->count; i++)
        json_free(value->items[i]);
    free(value->items);
    free(value->key);
    free(value->str);
    free(value);
}

const json_value *json_get(const json_value *object, const char *key)
{
    if (!object || object->kind != JSON_OBJECT)
        return NULL;
    size_t n = strlen(key);
    for (size_t i = 0; i < object->count; i++) {
        const json_value *item = object->items[i];
        if (item->key_len == n && memcmp(item->key, key, n) == 0)
            return item;
    }
    return NULL;
}

const char *json_get_string(const json_value *object, const char *key)
{
    const json_value *v = json_get(object, key);
    return v && v->kind == JSON_STRING ? v->str : NULL;
}

long json_get_long(const json_value *object, const char *key, long fallback)
{
    const json_value *v = json_get(object, key);
    return v && v->kind == JSON_NUMBER ? strtol(v->str, NULL, 10) : fallback;
}

const json_value *json_at(const json_value *array, size_t i)
{
    if (!array || array->kind != JSON_ARRAY || i >= array->count)
        return NULL;
    return array->items[i];
}

size_t json_count(const json_value *value)
{
    if (!value || (value->kind != JSON_ARRAY && value->kind != JSON_OBJECT))
        return 0;
    return value->count;
}

/* Length of the valid UTF-8 sequence at s[0..len) (len > 0), or 0 if invalid. */
static size_t utf8_length(const unsigned char *s, size_t len)
{
    size_t n = s[0] < 0xc2 ? 0 : s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : s[0] < 0xf5 ? 4 : 0;
    if (n == 0 || n > len)
        return 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    uint32_t c = s[0] & (0x7fu >> n);
    for (size_t i = 1; i < n; i++)
        c = c << 6 | (s[i] & 0x3fu);
    static const uint32_t least[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < least[n] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return 0; /* overlong, beyond Unicode, or a surrogate */
    return n;
}

void json_write_string(FILE *out, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    fputc('"', out);
    for (size_t i = 0; i < len;) {
        unsigned char c = u[i];
        if (c == '"' || c == '\\') {
            fprintf(out, "\\%c", c);
        } else if (c < 0x20) {
            fprintf(out, "\\u%04x", (unsigned)c);
        } else if (c >= 0x80) {
            size_t n = utf8_length(u + i, len - i);
            if (n == 0) {
                fputs("\\ufffd", out);
                n = 1;
            } else {
                fwrite(u + i, 1, n, out);
            }
            i += n;
            continue;
        } else {
            fputc(c, out);
        }
        i++;
    }
    fputc('"', out);
}
