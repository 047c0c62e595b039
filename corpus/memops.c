/*
 * memops - memory-heavy code over a few KiB: hand-written byte, word and
 * 16-bit copy/fill/compare routines, overlapping moves checked against a
 * reference, a byte ring buffer, in-place reversal and rotation, and
 * Fletcher/Adler checksums of the results.
 */
#include "applet.h"

#define BUF 2048

static u8 a[BUF];
static u8 b[BUF];
static u8 ref[BUF];
static u32 words[BUF / 4];
static u16 halves[BUF / 2];
static int failures;

static void copy_bytes(u8 *d, const u8 *s, int n)
{
    for (int i = 0; i < n; i++)
        d[i] = s[i];
}

static void copy_words(u32 *d, const u32 *s, int n)
{
    /* unrolled by 4, then the tail */
    int i = 0;
    for (; i + 4 <= n; i += 4) {
        d[i] = s[i];
        d[i + 1] = s[i + 1];
        d[i + 2] = s[i + 2];
        d[i + 3] = s[i + 3];
    }
    for (; i < n; i++)
        d[i] = s[i];
}

/* memmove semantics: correct for any overlap */
static void move_bytes(u8 *d, const u8 *s, int n)
{
    if (d == s || n <= 0)
        return;
    if (d < s) {
        for (int i = 0; i < n; i++)
            d[i] = s[i];
    } else {
        for (int i = n - 1; i >= 0; i--)
            d[i] = s[i];
    }
}

static void fill_bytes(u8 *d, u8 v, int n)
{
    for (int i = 0; i < n; i++)
        d[i] = v;
}

static void fill_halves(u16 *d, u16 v, int n)
{
    for (int i = 0; i < n; i++)
        d[i] = v;
}

static int compare_bytes(const u8 *x, const u8 *y, int n)
{
    for (int i = 0; i < n; i++)
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
    return 0;
}

static u16 fletcher16(const u8 *p, int n)
{
    u32 s1 = 0, s2 = 0;
    for (int i = 0; i < n; i++) {
        s1 = (s1 + p[i]) % 255u;
        s2 = (s2 + s1) % 255u;
    }
    return (u16)((s2 << 8) | s1);
}

static u32 sum_halves(const u16 *p, int n)
{
    u32 s = 0;
    for (int i = 0; i < n; i++)
        s = s * 3u + p[i];
    return s;
}

static void reverse_bytes(u8 *p, int n)
{
    for (int i = 0, j = n - 1; i < j; i++, j--) {
        u8 t = p[i];
        p[i] = p[j];
        p[j] = t;
    }
}

/* rotate left by k using three reversals */
static void rotate_bytes(u8 *p, int n, int k)
{
    k %= n;
    reverse_bytes(p, k);
    reverse_bytes(p + k, n - k);
    reverse_bytes(p, n);
}

static void expect(const char *what, int ok)
{
    print_cstr(what);
    print_cstr(ok ? ": ok\n" : ": FAIL\n");
    if (!ok)
        failures++;
}

/* ring buffer of 256 bytes: u8 indices wrap for free */
typedef struct {
    u8 data[256];
    u8 head;
    u8 tail;
    int count;
} ring;

static ring rb;

static int ring_push(ring *r, u8 v)
{
    if (r->count == 256)
        return 0;
    r->data[r->head] = v;
    r->head = (u8)(r->head + 1);
    r->count++;
    return 1;
}

static int ring_pop(ring *r, u8 *v)
{
    if (r->count == 0)
        return 0;
    *v = r->data[r->tail];
    r->tail = (u8)(r->tail + 1);
    r->count--;
    return 1;
}

int run(void)
{
    u32 seed = 0xc0ffeeu;
    u32 sum = 0;

    for (int i = 0; i < BUF; i++)
        a[i] = (u8)(xorshift32(&seed) >> 11);

    /* byte copy + compare */
    copy_bytes(b, a, BUF);
    expect("copy_bytes", compare_bytes(a, b, BUF) == 0);
    b[1234] ^= 0x40;
    int c1 = compare_bytes(a, b, BUF);
    b[1234] ^= 0x40;
    print_kv_i32("compare after flip: ", c1);

    /* word copy of the same data, viewed as u32 through memcpy */
    memcpy(words, a, BUF);
    u32 wcopy[64];
    copy_words(wcopy, words + 100, 61);
    int wok = 1;
    for (int i = 0; i < 61; i++)
        if (wcopy[i] != words[100 + i])
            wok = 0;
    expect("copy_words", wok);
    u32 wx = 0;
    for (int i = 0; i < BUF / 4; i++)
        wx ^= words[i] + (u32)i;
    print_kv_hex32("word xor: ", wx);
    sum = mix32(sum, wx);

    /* overlapping moves against a reference made with a temporary copy */
    static const int shifts[] = {1, 3, 7, 64, 333, -1, -5, -200};
    for (int s = 0; s < 8; s++) {
        int sh = shifts[s];
        int len = 1024;
        int src = 512, dst = 512 + sh;
        copy_bytes(b, a, BUF);
        copy_bytes(ref, a, BUF);
        u8 tmp[1024];
        copy_bytes(tmp, ref + src, len);
        copy_bytes(ref + dst, tmp, len);
        move_bytes(b + dst, b + src, len);
        int ok = compare_bytes(b, ref, BUF) == 0;
        if (!ok)
            failures++;
        u16 fl = fletcher16(b, BUF);
        sum = mix32(sum, fl);
        print_cstr("move ");
        print_i32(sh);
        print_cstr(ok ? " ok " : " FAIL ");
        print_hex32(fl);
        print_nl();
    }

    /* the runtime's memmove must agree with move_bytes */
    copy_bytes(b, a, BUF);
    copy_bytes(ref, a, BUF);
    memmove(b + 10, b + 3, 1500);
    move_bytes(ref + 10, ref + 3, 1500);
    expect("memmove forward overlap", memcmp(b, ref, BUF) == 0);
    memmove(b + 5, b + 500, 1500);
    move_bytes(ref + 5, ref + 500, 1500);
    expect("memmove backward overlap", memcmp(b, ref, BUF) == 0);

    /* fills */
    fill_bytes(b, 0xa5, BUF);
    fill_bytes(b + 100, 0, 77);
    memset(b + 1000, 0x3c, 513);
    u16 f = fletcher16(b, BUF);
    print_kv_hex32("fill fletcher: ", f);
    sum = mix32(sum, f);
    int zeros = 0;
    for (int i = 0; i < BUF; i++)
        zeros += b[i] == 0;
    print_kv_i32("zero bytes: ", zeros);

    /* 16-bit buffers */
    fill_halves(halves, 0xbeef, BUF / 2);
    for (int i = 0; i < BUF / 2; i += 3)
        halves[i] = (u16)(halves[i] + (u16)(i * 7));
    i16 *sh = (i16 *)halves;
    int negs = 0;
    i32 ssum = 0;
    for (int i = 0; i < BUF / 2; i++) {
        negs += sh[i] < 0;
        ssum += sh[i];
    }
    u32 hs = sum_halves(halves, BUF / 2);
    print_cstr("halves: ");
    print_hex32(hs);
    print_cstr(" negative: ");
    print_i32(negs);
    print_cstr(" signed sum: ");
    print_i32(ssum);
    print_nl();
    sum = mix32(sum, hs);

    /* reverse + rotate */
    copy_bytes(b, a, BUF);
    reverse_bytes(b, BUF);
    int rev_ok = 1;
    for (int i = 0; i < BUF; i++)
        if (b[i] != a[BUF - 1 - i])
            rev_ok = 0;
    expect("reverse", rev_ok);
    copy_bytes(b, a, BUF);
    rotate_bytes(b, BUF, 700);
    int rot_ok = compare_bytes(b, a + 700, BUF - 700) == 0 &&
                 compare_bytes(b + BUF - 700, a, 700) == 0;
    expect("rotate", rot_ok);

    /* ring buffer traffic: push bursts, pop smaller bursts */
    u8 in_val = 0, expect_val = 0;
    int pushed = 0, popped = 0, order_ok = 1, dropped = 0;
    for (int round = 0; round < 40; round++) {
        int burst = 20 + (round * 37) % 50;
        for (int i = 0; i < burst; i++) {
            if (ring_push(&rb, in_val)) {
                in_val = (u8)(in_val + 1);
                pushed++;
            } else {
                dropped++;
            }
        }
        int take = 15 + (round * 13) % 40;
        for (int i = 0; i < take; i++) {
            u8 v;
            if (!ring_pop(&rb, &v))
                break;
            if (v != expect_val)
                order_ok = 0;
            expect_val = (u8)(expect_val + 1);
            popped++;
        }
    }
    print_cstr("ring pushed/popped/dropped/left: ");
    print_i32(pushed);
    print_char('/');
    print_i32(popped);
    print_char('/');
    print_i32(dropped);
    print_char('/');
    print_i32(rb.count);
    print_nl();
    expect("ring order", order_ok);
    sum = mix32(sum, (u32)(pushed * 7 + popped * 3 + dropped));

    /* struct copies (compiler-generated memcpy) */
    ring copy = rb;
    copy.data[0] ^= 0xff;
    expect("struct copy", copy.count == rb.count && copy.data[1] == rb.data[1] &&
                              copy.data[0] != rb.data[0]);

    print_kv_i32("failures: ", failures);
    return failures ? -1 : (int)(sum & 0x7fffffffu);
}
