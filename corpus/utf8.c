/*
 * utf8 - UTF-8 decoding with full validation (overlong forms, surrogates,
 * out-of-range and truncated sequences), conversion to UTF-16 with
 * surrogate pairs (16-bit stores), back to UTF-8, plus code point
 * statistics.  Source text is kept ASCII with \x escapes.
 */
#include "applet.h"

#define BAD (-1)

/* Decodes one code point at s[*pos]; returns it or BAD (and skips 1). */
static int decode_one(const u8 *s, int n, int *pos)
{
    int i = *pos;
    u8 c = s[i];
    int need, cp, min;
    if (c < 0x80) {
        *pos = i + 1;
        return c;
    } else if ((c & 0xe0) == 0xc0) {
        need = 1;
        cp = c & 0x1f;
        min = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
        need = 2;
        cp = c & 0x0f;
        min = 0x800;
    } else if ((c & 0xf8) == 0xf0) {
        need = 3;
        cp = c & 0x07;
        min = 0x10000;
    } else {
        *pos = i + 1;
        return BAD;
    }
    if (i + need >= n) { /* truncated */
        *pos = i + 1;
        return BAD;
    }
    for (int k = 1; k <= need; k++) {
        u8 cc = s[i + k];
        if ((cc & 0xc0) != 0x80) {
            *pos = i + 1;
            return BAD;
        }
        cp = (cp << 6) | (cc & 0x3f);
    }
    *pos = i + need + 1;
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return BAD;
    return cp;
}

static int encode_utf8(int cp, u8 *out)
{
    if (cp < 0x80) {
        out[0] = (u8)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (u8)(0xc0 | (cp >> 6));
        out[1] = (u8)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (u8)(0xe0 | (cp >> 12));
        out[1] = (u8)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (u8)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (u8)(0xf0 | (cp >> 18));
    out[1] = (u8)(0x80 | ((cp >> 12) & 0x3f));
    out[2] = (u8)(0x80 | ((cp >> 6) & 0x3f));
    out[3] = (u8)(0x80 | (cp & 0x3f));
    return 4;
}

static int to_utf16(const u8 *s, int n, u16 *out, int *errors)
{
    int pos = 0, o = 0;
    while (pos < n) {
        int cp = decode_one(s, n, &pos);
        if (cp == BAD) {
            (*errors)++;
            cp = 0xfffd;
        }
        if (cp >= 0x10000) {
            int v = cp - 0x10000;
            out[o++] = (u16)(0xd800 | (v >> 10));
            out[o++] = (u16)(0xdc00 | (v & 0x3ff));
        } else {
            out[o++] = (u16)cp;
        }
    }
    return o;
}

static int from_utf16(const u16 *w, int n, u8 *out)
{
    int o = 0;
    for (int i = 0; i < n; i++) {
        int cp = w[i];
        if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < n && w[i + 1] >= 0xdc00 && w[i + 1] <= 0xdfff) {
            cp = 0x10000 + ((cp - 0xd800) << 10) + (w[i + 1] - 0xdc00);
            i++;
        }
        o += encode_utf8(cp, out + o);
    }
    return o;
}

static void print_cp(int cp)
{
    static const char hx[] = "0123456789ABCDEF";
    char b[8];
    int n = 0;
    b[n++] = 'U';
    b[n++] = '+';
    int digits = cp > 0xffff ? 5 : 4;
    for (int k = digits - 1; k >= 0; k--)
        b[n++] = hx[(cp >> (4 * k)) & 15];
    print_str(b, n);
}

/* "Gruesse, <greek>, <cjk>, <emoji>" with real non-ASCII characters */
static const char text[] =
    "Gr\xc3\xbc\xc3\x9f" "e aus Z\xc3\xbcrich! "
    "\xce\x9a\xce\xb1\xce\xbb\xce\xb7\xce\xbc\xce\xad\xcf\x81\xce\xb1 "
    "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e "
    "\xe2\x82\xac" "5 "
    "\xf0\x9f\x98\x80\xf0\x9f\x9a\x80 "
    "\xef\xbb\xbf" "end";

static const char invalid[] =
    "ok"
    "\xc0\xaf"         /* overlong '/' */
    "\xe0\x80\x80"     /* overlong NUL */
    "\xed\xa0\x80"     /* surrogate D800 */
    "\xf4\x90\x80\x80" /* > U+10FFFF */
    "\x80"             /* stray continuation */
    "\xc3"             /* truncated at end of run */
    "A\xff"
    "\xe2\x82";        /* truncated at end of input */

static u16 wide[128];
static u8 back[256];

int run(void)
{
    const u8 *s = (const u8 *)text;
    int n = cstr_len(text);
    u32 sum = 0;

    int pos = 0, count = 0, ascii = 0, two = 0, three = 0, four = 0, maxcp = 0;
    print_cstr("code points:");
    while (pos < n) {
        int start = pos;
        int cp = decode_one(s, n, &pos);
        count++;
        switch (pos - start) {
        case 1:
            ascii++;
            break;
        case 2:
            two++;
            break;
        case 3:
            three++;
            break;
        default:
            four++;
            break;
        }
        if (cp > maxcp)
            maxcp = cp;
        if (cp >= 0x80) {
            print_char(' ');
            print_cp(cp);
        }
        sum = mix32(sum, (u32)cp);
    }
    print_nl();
    print_cstr("bytes/cps/1/2/3/4: ");
    print_i32(n);
    print_char('/');
    print_i32(count);
    print_char('/');
    print_i32(ascii);
    print_char('/');
    print_i32(two);
    print_char('/');
    print_i32(three);
    print_char('/');
    print_i32(four);
    print_nl();
    print_cstr("max: ");
    print_cp(maxcp);
    print_nl();

    int errors = 0;
    int wn = to_utf16(s, n, wide, &errors);
    u32 wsum = 0;
    for (int i = 0; i < wn; i++)
        wsum = wsum * 65599u + wide[i];
    print_cstr("utf16 units: ");
    print_i32(wn);
    print_cstr(" hash: ");
    print_hex32(wsum);
    print_cstr(" errors: ");
    print_i32(errors);
    print_nl();
    print_cstr("surrogates:");
    for (int i = 0; i < wn; i++)
        if (wide[i] >= 0xd800 && wide[i] <= 0xdfff) {
            print_char(' ');
            print_hex32(wide[i]);
        }
    print_nl();
    sum = mix32(sum, wsum);

    int bn = from_utf16(wide, wn, back);
    int same = bn == n && memcmp(back, s, (usize)n) == 0;
    print_cstr(same ? "utf8 -> utf16 -> utf8 identical\n" : "round trip DIFFERS\n");

    /* invalid input: each bad sequence becomes U+FFFD */
    errors = 0;
    int in_n = cstr_len(invalid);
    wn = to_utf16((const u8 *)invalid, in_n, wide, &errors);
    print_cstr("invalid: units=");
    print_i32(wn);
    print_cstr(" errors=");
    print_i32(errors);
    print_cstr(" ->");
    for (int i = 0; i < wn; i++) {
        print_char(' ');
        if (wide[i] < 0x80)
            print_char((char)wide[i]);
        else
            print_cp(wide[i]);
    }
    print_nl();
    sum = mix32(sum, (u32)(errors * 256 + wn));

    /* encode every boundary code point and decode it back */
    static const int edges[] = {0, 0x7f, 0x80, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xfffd, 0xffff, 0x10000, 0x10ffff};
    int edge_ok = 0;
    for (int i = 0; i < 11; i++) {
        u8 buf[4];
        int len = encode_utf8(edges[i], buf);
        int p = 0;
        if (decode_one(buf, len, &p) == edges[i] && p == len)
            edge_ok++;
        sum = mix32(sum, (u32)len);
    }
    print_kv_i32("edge round trips: ", edge_ok);

    return same ? (int)(sum & 0x7fffffffu) : -1;
}
