/*
 * parser - a character-driven state machine that tokenises an INI-like
 * configuration text (sections, keys, quoted strings with escapes,
 * decimal/hex numbers, number lists, bare words, comments) and reports
 * errors with line numbers.  States are functions in a table (call through
 * a function pointer per character); character classes come from a switch.
 * Values in the [calc] section are evaluated by a recursive-descent
 * integer expression evaluator (signed / and %).
 */
#include "applet.h"

enum {
    ST_LINE,
    ST_COMMENT,
    ST_SECTION,
    ST_AFTER_SECTION,
    ST_KEY,
    ST_BEFORE_EQ,
    ST_BEFORE_VALUE,
    ST_STRING,
    ST_ESCAPE,
    ST_HEX1,
    ST_HEX2,
    ST_NUMBER,
    ST_WORD,
    ST_AFTER_VALUE,
    ST_ERROR,
    ST_COUNT
};

enum {
    CL_SPACE,
    CL_NEWLINE,
    CL_ALPHA,
    CL_DIGIT,
    CL_QUOTE,
    CL_HASH,
    CL_LBRACKET,
    CL_RBRACKET,
    CL_EQUALS,
    CL_COMMA,
    CL_SIGN,
    CL_BACKSLASH,
    CL_OTHER
};

enum { V_NONE, V_STRING, V_INT, V_LIST, V_WORD };

#define MAX_NUMS 8

typedef struct parser parser;
typedef int (*state_fn)(parser *p, int c);
typedef void (*entry_fn)(parser *p);

struct parser {
    int line;
    int errors;
    char section[24];
    int section_len;
    char key[24];
    int key_len;
    char text[64]; /* string / word / number token */
    int text_len;
    int kind;
    i64 nums[MAX_NUMS];
    int nnum;
    int hex_acc;
    entry_fn on_entry;
    u32 checksum;
    int entries;
};

static int classify(int c)
{
    switch (c) {
    case ' ':
    case '\t':
    case '\r':
        return CL_SPACE;
    case '\n':
        return CL_NEWLINE;
    case '"':
        return CL_QUOTE;
    case '#':
    case ';':
        return CL_HASH;
    case '[':
        return CL_LBRACKET;
    case ']':
        return CL_RBRACKET;
    case '=':
        return CL_EQUALS;
    case ',':
        return CL_COMMA;
    case '-':
    case '+':
        return CL_SIGN;
    case '\\':
        return CL_BACKSLASH;
    case '_':
        return CL_ALPHA;
    default:
        if (c >= '0' && c <= '9')
            return CL_DIGIT;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            return CL_ALPHA;
        return CL_OTHER;
    }
}

static void append(char *buf, int *len, int cap, int c)
{
    if (*len < cap - 1)
        buf[(*len)++] = (char)c;
}

static int fail(parser *p, int c, const char *msg)
{
    p->errors++;
    print_cstr("error line ");
    print_i32(p->line);
    print_cstr(": ");
    print_cstr(msg);
    print_nl();
    return c == '\n' ? ST_LINE : ST_ERROR;
}

static int hex_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Converts the number token into nums[]; returns 0 on a malformed token. */
static int finish_number(parser *p)
{
    const char *t = p->text;
    int n = p->text_len, i = 0, neg = 0, base = 10;
    if (i < n && (t[i] == '-' || t[i] == '+'))
        neg = t[i++] == '-';
    if (i + 1 < n && t[i] == '0' && (t[i + 1] == 'x' || t[i + 1] == 'X')) {
        base = 16;
        i += 2;
    }
    if (i >= n)
        return 0;
    i64 v = 0;
    for (; i < n; i++) {
        int d = hex_value(t[i]);
        if (d < 0 || d >= base)
            return 0;
        v = v * base + d;
        if (v > 0xffffffffll)
            return 0;
    }
    if (p->nnum >= MAX_NUMS)
        return 0;
    p->nums[p->nnum++] = neg ? -v : v;
    p->kind = p->nnum > 1 ? V_LIST : V_INT;
    p->text_len = 0;
    return 1;
}

static void emit(parser *p)
{
    p->entries++;
    p->on_entry(p);
}

static void reset_value(parser *p)
{
    p->text_len = 0;
    p->nnum = 0;
    p->kind = V_NONE;
}

/* ---- states ---- */

static int st_line(parser *p, int c)
{
    switch (classify(c)) {
    case CL_SPACE:
    case CL_NEWLINE:
        return ST_LINE;
    case CL_HASH:
        return ST_COMMENT;
    case CL_LBRACKET:
        p->section_len = 0;
        return ST_SECTION;
    case CL_ALPHA:
        p->key_len = 0;
        append(p->key, &p->key_len, (int)sizeof(p->key), c);
        return ST_KEY;
    default:
        return fail(p, c, "expected a key, section or comment");
    }
}

static int st_comment(parser *p, int c)
{
    (void)p;
    return c == '\n' ? ST_LINE : ST_COMMENT;
}

static int st_section(parser *p, int c)
{
    switch (classify(c)) {
    case CL_ALPHA:
    case CL_DIGIT:
        append(p->section, &p->section_len, (int)sizeof(p->section), c);
        return ST_SECTION;
    case CL_RBRACKET:
        return p->section_len ? ST_AFTER_SECTION : fail(p, c, "empty section name");
    default:
        p->section_len = 0;
        return fail(p, c, "bad section header");
    }
}

static int st_after_section(parser *p, int c)
{
    switch (classify(c)) {
    case CL_SPACE:
        return ST_AFTER_SECTION;
    case CL_NEWLINE:
        return ST_LINE;
    case CL_HASH:
        return ST_COMMENT;
    default:
        return fail(p, c, "junk after section header");
    }
}

static int st_key(parser *p, int c)
{
    switch (classify(c)) {
    case CL_ALPHA:
    case CL_DIGIT:
        append(p->key, &p->key_len, (int)sizeof(p->key), c);
        return ST_KEY;
    case CL_SPACE:
        return ST_BEFORE_EQ;
    case CL_EQUALS:
        reset_value(p);
        return ST_BEFORE_VALUE;
    default:
        return fail(p, c, "expected '=' after key");
    }
}

static int st_before_eq(parser *p, int c)
{
    switch (classify(c)) {
    case CL_SPACE:
        return ST_BEFORE_EQ;
    case CL_EQUALS:
        reset_value(p);
        return ST_BEFORE_VALUE;
    default:
        return fail(p, c, "expected '=' after key");
    }
}

static int st_before_value(parser *p, int c)
{
    int cl = classify(c);
    if (p->nnum > 0 && cl != CL_SPACE && cl != CL_DIGIT && cl != CL_SIGN)
        return fail(p, c, "expected a number in list");
    switch (cl) {
    case CL_SPACE:
        return ST_BEFORE_VALUE;
    case CL_QUOTE:
        p->kind = V_STRING;
        return ST_STRING;
    case CL_DIGIT:
    case CL_SIGN:
        append(p->text, &p->text_len, (int)sizeof(p->text), c);
        return ST_NUMBER;
    case CL_ALPHA:
        p->kind = V_WORD;
        append(p->text, &p->text_len, (int)sizeof(p->text), c);
        return ST_WORD;
    case CL_NEWLINE:
        return fail(p, c, "missing value");
    default:
        return fail(p, c, "unexpected character in value");
    }
}

static int st_string(parser *p, int c)
{
    switch (classify(c)) {
    case CL_QUOTE:
        return ST_AFTER_VALUE;
    case CL_BACKSLASH:
        return ST_ESCAPE;
    case CL_NEWLINE:
        return fail(p, c, "unterminated string");
    default:
        append(p->text, &p->text_len, (int)sizeof(p->text), c);
        return ST_STRING;
    }
}

static int st_escape(parser *p, int c)
{
    int out;
    switch (c) {
    case 'n':
        out = '\n';
        break;
    case 't':
        out = '\t';
        break;
    case '"':
        out = '"';
        break;
    case '\\':
        out = '\\';
        break;
    case 'x':
        return ST_HEX1;
    default:
        return fail(p, c, "bad escape");
    }
    append(p->text, &p->text_len, (int)sizeof(p->text), out);
    return ST_STRING;
}

static int st_hex1(parser *p, int c)
{
    int v = hex_value(c);
    if (v < 0)
        return fail(p, c, "bad \\x escape");
    p->hex_acc = v;
    return ST_HEX2;
}

static int st_hex2(parser *p, int c)
{
    int v = hex_value(c);
    if (v < 0)
        return fail(p, c, "bad \\x escape");
    append(p->text, &p->text_len, (int)sizeof(p->text), p->hex_acc * 16 + v);
    return ST_STRING;
}

/* shared tail of number/word: what may follow a finished value */
static int after_value(parser *p, int c)
{
    switch (classify(c)) {
    case CL_SPACE:
        return ST_AFTER_VALUE;
    case CL_NEWLINE:
        emit(p);
        return ST_LINE;
    case CL_HASH:
        emit(p);
        return ST_COMMENT;
    case CL_COMMA:
        if (p->kind == V_INT || p->kind == V_LIST)
            return ST_BEFORE_VALUE;
        return fail(p, c, "list of non-numbers");
    default:
        return fail(p, c, "junk after value");
    }
}

static int st_number(parser *p, int c)
{
    int cl = classify(c);
    if (cl == CL_DIGIT || cl == CL_ALPHA) {
        append(p->text, &p->text_len, (int)sizeof(p->text), c);
        return ST_NUMBER;
    }
    if (!finish_number(p))
        return fail(p, c, "bad number");
    return after_value(p, c);
}

static int st_word(parser *p, int c)
{
    int cl = classify(c);
    if (cl == CL_DIGIT || cl == CL_ALPHA || c == '-') {
        append(p->text, &p->text_len, (int)sizeof(p->text), c);
        return ST_WORD;
    }
    return after_value(p, c);
}

static int st_after_value(parser *p, int c)
{
    return after_value(p, c);
}

static int st_error(parser *p, int c)
{
    (void)p;
    return c == '\n' ? ST_LINE : ST_ERROR;
}

static const state_fn states[ST_COUNT] = {
    st_line, st_comment, st_section, st_after_section, st_key,
    st_before_eq, st_before_value, st_string, st_escape, st_hex1,
    st_hex2, st_number, st_word, st_after_value, st_error,
};

static void parse(parser *p, const char *text)
{
    int st = ST_LINE;
    p->line = 1;
    for (int i = 0;; i++) {
        int c = (u8)text[i];
        if (c == 0)
            c = '\n'; /* flush the last line */
        st = states[st](p, c);
        if (text[i] == 0)
            break;
        if (c == '\n')
            p->line++;
    }
}

/* ---- expression evaluator ---- */

typedef struct {
    const char *s;
    int pos;
    int len;
    const char *err;
} expr;

#define EXPR_LIMIT 2147483647ll

static i64 parse_sum(expr *e);

static void skip_spaces(expr *e)
{
    while (e->pos < e->len && e->s[e->pos] == ' ')
        e->pos++;
}

static i64 checked(expr *e, i64 v)
{
    if ((v > EXPR_LIMIT || v < -EXPR_LIMIT) && !e->err)
        e->err = "overflow";
    return e->err ? 0 : v;
}

static i64 parse_atom(expr *e)
{
    skip_spaces(e);
    if (e->pos >= e->len) {
        e->err = "unexpected end";
        return 0;
    }
    char c = e->s[e->pos];
    if (c == '-') {
        e->pos++;
        return checked(e, -parse_atom(e));
    }
    if (c == '(') {
        e->pos++;
        i64 v = parse_sum(e);
        skip_spaces(e);
        if (e->pos >= e->len || e->s[e->pos] != ')') {
            if (!e->err)
                e->err = "missing ')'";
            return 0;
        }
        e->pos++;
        return v;
    }
    if (c >= '0' && c <= '9') {
        i64 v = 0;
        while (e->pos < e->len && e->s[e->pos] >= '0' && e->s[e->pos] <= '9') {
            v = checked(e, v * 10 + (e->s[e->pos] - '0'));
            e->pos++;
        }
        return v;
    }
    e->err = "unexpected character";
    return 0;
}

static i64 parse_product(expr *e)
{
    i64 v = parse_atom(e);
    for (;;) {
        skip_spaces(e);
        if (e->err || e->pos >= e->len)
            return v;
        char op = e->s[e->pos];
        if (op != '*' && op != '/' && op != '%')
            return v;
        e->pos++;
        i64 r = parse_atom(e);
        if (e->err)
            return 0;
        switch (op) {
        case '*':
            v = checked(e, v * r);
            break;
        case '/':
        case '%':
            if (r == 0) {
                e->err = "division by zero";
                return 0;
            }
            v = op == '/' ? v / r : v % r;
            break;
        }
    }
}

static i64 parse_sum(expr *e)
{
    i64 v = parse_product(e);
    for (;;) {
        skip_spaces(e);
        if (e->err || e->pos >= e->len)
            return v;
        char op = e->s[e->pos];
        if (op != '+' && op != '-')
            return v;
        e->pos++;
        i64 r = parse_product(e);
        v = checked(e, op == '+' ? v + r : v - r);
    }
}

static i64 evaluate(const char *s, int len, const char **err)
{
    expr e = {s, 0, len, 0};
    i64 v = parse_sum(&e);
    skip_spaces(&e);
    if (!e.err && e.pos != e.len)
        e.err = "trailing input";
    *err = e.err;
    return v;
}

/* ---- entry handling ---- */

static u32 fold_bytes(u32 h, const char *s, int n)
{
    for (int i = 0; i < n; i++)
        h = (h ^ (u8)s[i]) * 16777619u;
    return h;
}

static int word_is(const parser *p, const char *w)
{
    int n = cstr_len(w);
    return n == p->text_len && memcmp(p->text, w, (usize)n) == 0;
}

static void print_escaped(const char *s, int n)
{
    for (int i = 0; i < n; i++) {
        u8 c = (u8)s[i];
        if (c == '\n')
            print_cstr("\\n");
        else if (c == '\t')
            print_cstr("\\t");
        else if (c == '"' || c == '\\') {
            print_char('\\');
            print_char((char)c);
        } else if (c < 32 || c > 126) {
            static const char hx[] = "0123456789abcdef";
            char b[4] = {'\\', 'x', hx[c >> 4], hx[c & 15]};
            print_str(b, 4);
        } else
            print_char((char)c);
    }
}

static int calc_ok, calc_err;

static void on_entry(parser *p)
{
    print_cstr("  ");
    print_str(p->section, p->section_len);
    print_char('.');
    print_str(p->key, p->key_len);
    print_cstr(" = ");
    u32 h = fold_bytes(p->checksum, p->section, p->section_len);
    h = fold_bytes(h, p->key, p->key_len);
    switch (p->kind) {
    case V_STRING:
        if (p->section_len == 4 && memcmp(p->section, "calc", 4) == 0) {
            const char *err;
            i64 v = evaluate(p->text, p->text_len, &err);
            print_cstr("calc ");
            if (err) {
                print_cstr("error: ");
                print_cstr(err);
                calc_err++;
            } else {
                print_i64(v);
                calc_ok++;
                h = (h ^ (u32)v) * 16777619u;
            }
            break;
        }
        print_cstr("str \"");
        print_escaped(p->text, p->text_len);
        print_char('"');
        h = fold_bytes(h, p->text, p->text_len);
        break;
    case V_INT:
        print_cstr("int ");
        print_i64(p->nums[0]);
        h = (h ^ (u32)p->nums[0]) * 16777619u;
        break;
    case V_LIST:
        print_cstr("list");
        for (int i = 0; i < p->nnum; i++) {
            print_char(' ');
            print_i64(p->nums[i]);
            h = (h ^ (u32)p->nums[i]) * 16777619u;
        }
        break;
    case V_WORD:
        if (word_is(p, "true") || word_is(p, "yes") || word_is(p, "on")) {
            print_cstr("bool 1");
            h ^= 1;
        } else if (word_is(p, "false") || word_is(p, "no") || word_is(p, "off")) {
            print_cstr("bool 0");
            h ^= 2;
        } else {
            print_cstr("word ");
            print_str(p->text, p->text_len);
            h = fold_bytes(h, p->text, p->text_len);
        }
        break;
    default:
        print_cstr("?");
        break;
    }
    print_nl();
    p->checksum = h;
}

static const char config[] =
    "# xipwasm applet configuration\n"
    "[device]\n"
    "name = \"sensor-node \\\"alpha\\\"\"\n"
    "id = 0x1F3A\n"
    "serial = 4026531840\n"
    "gain = -12\n"
    "enabled = true\n"
    "sleep_ms = 1500   # trailing comment\n"
    "\n"
    "[radio]\n"
    "channel=11\n"
    "power = -4\n"
    "key = \"k\\x41\\tz\\\\\"\n"
    "hop_table = 11, 15,20 , 25, -3, 0x1a\n"
    "mode = fsk-2\n"
    "\t; another comment style\n"
    "[calc]\n"
    "a = \"1 + 2 * 3\"\n"
    "b = \"(1 + 2) * 3\"\n"
    "c = \"-17 / 5\"\n"
    "d = \"-17 % 5\"\n"
    "e = \"2 * (3 + 4) * -(5 - 8) / 7\"\n"
    "f = \"100 / (5 - 5)\"\n"
    "g = \"65536 * 65536\"\n"
    "h = \"((7)\"\n"
    "[broken]\n"
    "= 5\n"
    "name \"missing equals\"\n"
    "text = \"unterminated\n"
    "big = 99999999999\n"
    "hex = 0xZZ\n"
    "esc = \"bad \\q escape\"\n"
    "list = 1, two\n"
    "empty =\n"
    "[unclosed\n"
    "ok_after_errors = yes\n"
    "last = off";

int run(void)
{
    parser p;
    memset(&p, 0, sizeof(p));
    p.on_entry = on_entry;
    p.checksum = 2166136261u;
    parse(&p, config);
    print_kv_i32("lines: ", p.line);
    print_kv_i32("entries: ", p.entries);
    print_kv_i32("errors: ", p.errors);
    print_kv_i32("calc ok/err: ", calc_ok * 100 + calc_err);
    print_kv_hex32("checksum: ", p.checksum);
    return (int)(p.checksum & 0x7fffffffu) ^ (p.errors << 8);
}
