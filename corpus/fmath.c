/*
 * fmath - f32 and f64 arithmetic without libm: Newton square roots, exp/ln
 * and sin/cos by range reduction and series, Horner polynomials, dot
 * products (f32, f64 and Kahan-compensated), statistics, int<->float
 * conversions in every direction, bit-level tricks and a small ASCII
 * Mandelbrot set.  Results are printed with print_f64 (%.17g), so every
 * operation must be correctly rounded IEEE-754 on both sides.
 */
#include "applet.h"

typedef union {
    double d;
    u64 u;
} f64bits;

typedef union {
    float f;
    u32 u;
} f32bits;

static const double LN2 = 0.69314718055994530942;
static const double PI = 3.14159265358979323846;

static double f64_abs(double x)
{
    f64bits b;
    b.d = x;
    b.u &= 0x7fffffffffffffffull;
    return b.d;
}

/* x * 2^k for moderate k, by building the power of two from its bits */
static double scale2(double x, int k)
{
    while (k > 1000) {
        x *= 0x1p1000;
        k -= 1000;
    }
    while (k < -1000) {
        x *= 0x1p-1000;
        k += 1000;
    }
    f64bits b;
    b.u = (u64)(k + 1023) << 52;
    return x * b.d;
}

static double sqrt_f64(double x)
{
    if (x <= 0.0)
        return 0.0;
    /* initial guess: halve the exponent */
    f64bits b;
    b.d = x;
    b.u = (b.u >> 1) + (0x3ffull << 51);
    double g = b.d;
    for (int i = 0; i < 6; i++)
        g = 0.5 * (g + x / g);
    return g;
}

static float sqrt_f32(float x)
{
    if (x <= 0.0f)
        return 0.0f;
    f32bits b;
    b.f = x;
    b.u = (b.u >> 1) + (0x7fu << 22);
    float g = b.f;
    for (int i = 0; i < 5; i++)
        g = 0.5f * (g + x / g);
    return g;
}

static int round_to_int(double x)
{
    return x >= 0.0 ? (int)(x + 0.5) : -(int)(-x + 0.5);
}

static double exp_f64(double x)
{
    int k = round_to_int(x / LN2);
    double r = x - k * LN2;
    double term = 1.0, sum = 1.0;
    for (int n = 1; n < 18; n++) {
        term *= r / n;
        sum += term;
    }
    return scale2(sum, k);
}

static double ln_f64(double x)
{
    /* x = m * 2^e with m in [sqrt(1/2), sqrt(2)) */
    f64bits b;
    b.d = x;
    int e = (int)((b.u >> 52) & 0x7ff) - 1023;
    b.u = (b.u & 0x000fffffffffffffull) | (0x3ffull << 52);
    double m = b.d;
    if (m > 1.4142135623730951) {
        m *= 0.5;
        e++;
    }
    /* ln(m) = 2 atanh(z), z = (m-1)/(m+1) */
    double z = (m - 1.0) / (m + 1.0), z2 = z * z, p = z, s = 0.0;
    for (int n = 1; n < 40; n += 2) {
        s += p / n;
        p *= z2;
    }
    return 2.0 * s + e * LN2;
}

static double sin_f64(double x)
{
    /* reduce to [-pi, pi] */
    int k = round_to_int(x / (2.0 * PI));
    x -= k * (2.0 * PI);
    double x2 = x * x, term = x, sum = x;
    for (int n = 1; n < 14; n++) {
        term *= -x2 / ((2 * n) * (2 * n + 1));
        sum += term;
    }
    return sum;
}

static double cos_f64(double x)
{
    return sin_f64(x + PI / 2.0);
}

/* p(x) = c[0] + c[1] x + ... + c[n-1] x^(n-1) */
static double horner(const double *c, int n, double x)
{
    double acc = 0.0;
    for (int i = n - 1; i >= 0; i--)
        acc = acc * x + c[i];
    return acc;
}

static float horner_f32(const float *c, int n, float x)
{
    float acc = 0.0f;
    for (int i = n - 1; i >= 0; i--)
        acc = acc * x + c[i];
    return acc;
}

static void show(const char *label, double v)
{
    print_cstr(label);
    print_f64(v);
    print_nl();
}

static u32 fold_f64(u32 acc, double v)
{
    f64bits b;
    b.d = v;
    return mix32(mix32(acc, (u32)b.u), (u32)(b.u >> 32));
}

#define NV 64
static float va[NV], vb[NV];
static double samples[48];

int run(void)
{
    u32 sum = 0;

    /* square roots */
    static const double roots[] = {2.0, 10.0, 12345.678, 0.001, 1e300, 0.25};
    for (int i = 0; i < 6; i++) {
        double r = sqrt_f64(roots[i]);
        print_cstr("sqrt(");
        print_f64(roots[i]);
        print_cstr(") = ");
        print_f64(r);
        print_cstr(" err*x = ");
        print_f64((r * r - roots[i]) / roots[i]);
        print_nl();
        sum = fold_f64(sum, r);
    }
    float s2 = sqrt_f32(2.0f);
    show("sqrtf(2) = ", (double)s2);
    sum = fold_f64(sum, (double)s2);

    /* transcendental functions */
    static const double xs[] = {0.0, 1.0, -1.5, 10.0, 0.5};
    for (int i = 0; i < 5; i++) {
        double x = xs[i];
        print_cstr("x=");
        print_f64(x);
        print_cstr(" exp=");
        double e = exp_f64(x);
        print_f64(e);
        print_cstr(" ln(exp)=");
        print_f64(ln_f64(e));
        print_cstr(" sin=");
        print_f64(sin_f64(x));
        print_cstr(" cos=");
        print_f64(cos_f64(x));
        print_nl();
        sum = fold_f64(sum, e);
        sum = fold_f64(sum, sin_f64(x));
    }
    show("ln(2) = ", ln_f64(2.0));
    show("sin^2+cos^2 at 0.7: ", sin_f64(0.7) * sin_f64(0.7) + cos_f64(0.7) * cos_f64(0.7));

    /* polynomials */
    static const double poly[] = {7.0, -1.0, 0.5, -2.0, 3.0};
    static const float polyf[] = {7.0f, -1.0f, 0.5f, -2.0f, 3.0f};
    for (int i = -2; i <= 2; i++) {
        double x = i * 0.75;
        double p = horner(poly, 5, x);
        float pf = horner_f32(polyf, 5, (float)x);
        print_cstr("p(");
        print_f64(x);
        print_cstr(") = ");
        print_f64(p);
        print_cstr(" f32: ");
        print_f64((double)pf);
        print_nl();
        sum = fold_f64(sum, p);
    }

    /* dot products */
    u32 seed = 4242u;
    for (int i = 0; i < NV; i++) {
        va[i] = (float)((int)(xorshift32(&seed) % 2001u) - 1000) / 64.0f;
        vb[i] = (float)((int)(xorshift32(&seed) % 2001u) - 1000) * 0.001f;
    }
    float dot32 = 0.0f;
    double dot64 = 0.0, kahan = 0.0, comp = 0.0;
    for (int i = 0; i < NV; i++) {
        dot32 += va[i] * vb[i];
        dot64 += (double)va[i] * (double)vb[i];
        double y = (double)(va[i] * vb[i]) - comp;
        double t = kahan + y;
        comp = (t - kahan) - y;
        kahan = t;
    }
    show("dot f32: ", (double)dot32);
    show("dot f64: ", dot64);
    show("dot kahan(f32 products): ", kahan);
    sum = fold_f64(sum, dot64);
    sum = fold_f64(sum, (double)dot32);

    /* statistics */
    for (int i = 0; i < 48; i++)
        samples[i] = 20.0 + sin_f64(i * 0.3) * 2.5 + (double)(i % 7) * 0.125;
    double mean = 0.0, mn = samples[0], mx = samples[0];
    for (int i = 0; i < 48; i++) {
        mean += samples[i];
        if (samples[i] < mn)
            mn = samples[i];
        if (samples[i] > mx)
            mx = samples[i];
    }
    mean /= 48.0;
    double var = 0.0;
    for (int i = 0; i < 48; i++)
        var += (samples[i] - mean) * (samples[i] - mean);
    var /= 47.0;
    show("mean: ", mean);
    show("stddev: ", sqrt_f64(var));
    show("min: ", mn);
    show("max: ", mx);
    sum = fold_f64(sum, var);

    /* conversions */
    print_cstr("conv:");
    int ci[] = {(int)-3.7, (int)3.99, (int)(float)-0.5, round_to_int(-2.5), round_to_int(2.5)};
    for (int i = 0; i < 5; i++) {
        print_char(' ');
        print_i32(ci[i]);
    }
    print_nl();
    volatile int big = 16777217;
    float fbig = (float)big;
    print_cstr("(float)16777217 = ");
    print_f64((double)fbig);
    print_cstr(" back = ");
    print_i32((int)fbig);
    print_nl();
    volatile double d3e9 = 3e9;
    unsigned u = (unsigned)d3e9;
    print_cstr("(unsigned)3e9 = ");
    print_i64((i64)u);
    print_cstr(" (double)0xffffffffu = ");
    print_f64((double)0xffffffffu);
    print_nl();
    volatile u64 ubig = 0xfffffffffffff801ull;
    volatile i64 ineg = -9007199254740993ll;
    print_cstr("u64->f64: ");
    print_f64((double)ubig);
    print_cstr(" i64->f64: ");
    print_f64((double)ineg);
    print_cstr(" i64->f32: ");
    print_f64((double)(float)ineg);
    print_nl();
    volatile double huge = 1.5e19;
    print_cstr("f64->u64: ");
    print_hex64((u64)huge);
    print_cstr(" f64->i64: ");
    print_i64((i64)-1.25e18);
    print_nl();
    volatile float tenth = 0.1f;
    print_cstr("0.1f as f64: ");
    print_f64((double)tenth);
    print_cstr(" 0.1 as f32: ");
    volatile double dtenth = 0.1;
    print_f64((double)(float)dtenth);
    print_nl();
    sum = mix32(sum, u);

    /* bit-level: float bits, -0.0, infinity, NaN comparisons */
    f32bits fb;
    fb.f = -1.5f;
    print_kv_hex32("bits(-1.5f): ", fb.u);
    f64bits db;
    db.d = PI;
    print_cstr("bits(pi): ");
    print_hex64(db.u);
    print_nl();
    volatile double zero = 0.0;
    double negzero = -zero;
    volatile double vbig = 1e308;
    double inf = vbig * 10.0;
    double nan = inf - inf;
    print_cstr("cmp:");
    print_i32(negzero == zero);
    print_i32(1.0 / inf == zero);
    print_i32(nan == nan);
    print_i32(nan != nan);
    print_i32(nan < 1.0);
    print_i32(inf > vbig);
    print_i32(f64_abs(-2.0) == 2.0);
    print_nl();
    db.d = negzero;
    print_cstr("bits(-0.0): ");
    print_hex64(db.u);
    print_nl();

    /* Mandelbrot */
    int inside = 0;
    for (int row = 0; row < 11; row++) {
        char line[33];
        for (int col = 0; col < 32; col++) {
            double cr = -2.2 + col * (3.0 / 32.0);
            double ci2 = -1.2 + row * (2.4 / 10.0);
            double zr = 0.0, zi = 0.0;
            int it = 0;
            while (it < 30 && zr * zr + zi * zi <= 4.0) {
                double t = zr * zr - zi * zi + cr;
                zi = 2.0 * zr * zi + ci2;
                zr = t;
                it++;
            }
            line[col] = " .:-=+*#%@"[it == 30 ? 9 : it % 9];
            if (it == 30)
                inside++;
        }
        line[32] = '\n';
        print_str(line, 33);
    }
    print_kv_i32("inside: ", inside);
    sum = mix32(sum, (u32)inside);

    return (int)(sum & 0x7fffffffu);
}
