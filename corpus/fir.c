/*
 * fir - fixed-point DSP as found in sensor firmware: a 31-tap Q15 FIR
 * low-pass over a circular delay line, the complementary high-pass with a
 * 64-bit accumulator, a Q14 biquad IIR, decimation, saturation to 16 bits,
 * and Goertzel tone detection.  Signed right shifts of negative values are
 * arithmetic on every supported compiler; left shifts of negatives are
 * avoided (multiplication is used instead).
 */
#include "applet.h"

#define NS 512
#define TAPS 31

static i16 input[NS];
static i16 lowpass[NS];
static i16 highpass[NS];
static i16 iir[NS];
static i16 decimated[NS / 4];
static i16 coeff[TAPS];
static int saturations;

static i16 sat16(i32 v)
{
    if (v > 32767) {
        saturations++;
        return 32767;
    }
    if (v < -32768) {
        saturations++;
        return -32768;
    }
    return (i16)v;
}

typedef struct {
    i16 delay[32];
    int head;
} fir_state;

static i16 fir_step(fir_state *st, const i16 *h, i16 x)
{
    st->head = (st->head + 1) & 31;
    st->delay[st->head] = x;
    i32 acc = 0;
    for (int k = 0; k < TAPS; k++)
        acc += (i32)h[k] * st->delay[(st->head - k) & 31];
    return sat16((acc + 16384) >> 15);
}

/* high-pass = x[n-15] - lowpass: taps may be negative and large, so the
 * sum of |h| exceeds 2^15 and a 64-bit accumulator is used */
static i16 fir_step64(fir_state *st, const i32 *h, i16 x)
{
    st->head = (st->head + 1) & 31;
    st->delay[st->head] = x;
    i64 acc = 0;
    for (int k = 0; k < TAPS; k++)
        acc += (i64)h[k] * st->delay[(st->head - k) & 31];
    acc = (acc + 16384) >> 15;
    if (acc > 32767 || acc < -32768)
        return sat16(acc > 0 ? 32768 : -32769);
    return (i16)acc;
}

typedef struct {
    i32 b0, b1, b2, a1, a2; /* Q14 */
    i32 x1, x2, y1, y2;
} biquad;

static i16 biquad_step(biquad *q, i16 x)
{
    i64 acc = (i64)q->b0 * x + (i64)q->b1 * q->x1 + (i64)q->b2 * q->x2 -
              (i64)q->a1 * q->y1 - (i64)q->a2 * q->y2;
    i32 y = (i32)((acc + 8192) >> 14);
    i16 out = sat16(y);
    q->x2 = q->x1;
    q->x1 = x;
    q->y2 = q->y1;
    q->y1 = out;
    return out;
}

/* Goertzel power of bin k over n samples; coef = 2cos(2 pi k / n) in Q14 */
static i64 goertzel(const i16 *x, int n, i32 coef)
{
    i64 s1 = 0, s2 = 0;
    for (int i = 0; i < n; i++) {
        i64 s = x[i] + ((coef * s1) >> 14) - s2;
        s2 = s1;
        s1 = s;
    }
    return s1 * s1 + s2 * s2 - ((coef * s1) >> 14) * s2;
}

static void stats(const char *name, const i16 *x, int n)
{
    int mn = x[0], mx = x[0], crossings = 0;
    i64 energy = 0;
    for (int i = 0; i < n; i++) {
        if (x[i] < mn)
            mn = x[i];
        if (x[i] > mx)
            mx = x[i];
        energy += (i64)x[i] * x[i];
        if (i && ((x[i - 1] < 0) != (x[i] < 0)))
            crossings++;
    }
    print_cstr(name);
    print_cstr(": min ");
    print_i32(mn);
    print_cstr(" max ");
    print_i32(mx);
    print_cstr(" crossings ");
    print_i32(crossings);
    print_cstr(" energy ");
    print_i64(energy);
    print_nl();
}

static u32 hash16(u32 h, const i16 *x, int n)
{
    for (int i = 0; i < n; i++)
        h = (h ^ (u16)x[i]) * 16777619u;
    return h;
}

int run(void)
{
    u32 seed = 0x5eed5u;
    u32 sum = 2166136261u;

    /* square wave (period 32) + noise + a few spikes */
    for (int i = 0; i < NS; i++) {
        int v = ((i / 16) & 1) ? -9000 : 9000;
        v += (int)(xorshift32(&seed) % 2001u) - 1000;
        if (i % 97 == 50)
            v = (i & 1) ? -32000 : 32000;
        input[i] = (i16)v;
    }

    /* triangular window, sum = 32768 (unity DC gain in Q15) */
    i32 hp[TAPS];
    int csum = 0;
    for (int k = 0; k < TAPS; k++) {
        int d = k - 15;
        coeff[k] = (i16)((16 - (d < 0 ? -d : d)) * 128);
        csum += coeff[k];
        hp[k] = -coeff[k];
    }
    hp[15] += 32768;
    print_kv_i32("coefficient sum: ", csum);

    fir_state f1, f2;
    memset(&f1, 0, sizeof(f1));
    memset(&f2, 0, sizeof(f2));
    for (int i = 0; i < NS; i++) {
        lowpass[i] = fir_step(&f1, coeff, input[i]);
        highpass[i] = fir_step64(&f2, hp, input[i]);
    }

    biquad q = {256, 512, 256, -24576, 9216, 0, 0, 0, 0};
    for (int i = 0; i < NS; i++)
        iir[i] = biquad_step(&q, input[i]);

    /* decimate the low-passed signal by 4 (average of each group) */
    for (int i = 0; i < NS / 4; i++) {
        i32 s = lowpass[4 * i] + lowpass[4 * i + 1] + lowpass[4 * i + 2] + lowpass[4 * i + 3];
        decimated[i] = (i16)(s / 4); /* signed division truncates toward zero */
    }

    stats("input", input, NS);
    stats("lowpass", lowpass, NS);
    stats("highpass", highpass, NS);
    stats("biquad", iir, NS);
    stats("decimated", decimated, NS / 4);
    print_cstr("lowpass[100..107]:");
    for (int i = 100; i < 108; i++) {
        print_char(' ');
        print_i32(lowpass[i]);
    }
    print_nl();
    print_kv_i32("saturations: ", saturations);

    /* Goertzel on 128 samples: bin 4 is the square wave's fundamental,
     * bin 12 its third harmonic, bin 8 (even harmonic) should be small */
    static const i32 coefs[] = {32138, 30274, 27246};
    static const int bins[] = {4, 8, 12};
    i64 pw[3];
    for (int i = 0; i < 3; i++) {
        pw[i] = goertzel(input + 128, 128, coefs[i]);
        print_cstr("goertzel bin ");
        print_i32(bins[i]);
        print_cstr(": ");
        print_i64(pw[i] >> 16);
        print_nl();
        sum = mix32(sum, (u32)(pw[i] >> 16));
    }
    print_cstr(pw[0] > pw[2] && pw[2] > pw[1] ? "spectrum shape ok\n" : "spectrum shape unexpected\n");

    sum = hash16(sum, lowpass, NS);
    sum = hash16(sum, highpass, NS);
    sum = hash16(sum, iir, NS);
    sum = hash16(sum, decimated, NS / 4);
    print_kv_hex32("output hash: ", sum);
    return (int)(sum & 0x7fffffffu);
}
