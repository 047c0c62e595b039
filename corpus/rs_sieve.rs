//! rs_sieve: integer number theory in no_std Rust: a bit-packed sieve of
//! Eratosthenes, prime gaps and twin primes, Collatz trajectories, modular
//! exponentiation with u64 intermediates, and gcd/lcm folds over ranges.
#![no_std]

#[path = "../sdk/xipwasm.rs"]
mod xipwasm;

use xipwasm::{print, print_i32, print_i64};

const LIMIT: usize = 60000;
static mut SIEVE: [u32; LIMIT / 32 + 1] = [0; LIMIT / 32 + 1];

fn is_composite(bits: &[u32], n: usize) -> bool {
    bits[n / 32] & (1u32 << (n % 32)) != 0
}

fn sieve(bits: &mut [u32]) {
    bits[0] |= 0b11; // 0 and 1 are not prime
    let mut p = 2;
    while p * p < LIMIT {
        if !is_composite(bits, p) {
            let mut m = p * p;
            while m < LIMIT {
                bits[m / 32] |= 1u32 << (m % 32);
                m += p;
            }
        }
        p += 1;
    }
}

fn pow_mod(mut base: u64, mut exp: u64, m: u64) -> u64 {
    let mut result = 1u64;
    base %= m;
    while exp > 0 {
        if exp & 1 == 1 {
            result = result * base % m;
        }
        base = base * base % m;
        exp >>= 1;
    }
    result
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a
}

fn collatz_len(mut n: u64) -> u32 {
    let mut steps = 0;
    while n != 1 {
        n = if n % 2 == 0 { n / 2 } else { 3 * n + 1 };
        steps += 1;
    }
    steps
}

fn line(label: &str, value: i64) {
    print(label);
    print_i64(value);
    print("\n");
}

#[no_mangle]
pub extern "C" fn run() -> i32 {
    // SAFETY: the only access to SIEVE, from this single-threaded entry point.
    let bits = unsafe { &mut *core::ptr::addr_of_mut!(SIEVE) };
    sieve(bits);
    let primes = (2..LIMIT).filter(|&n| !is_composite(bits, n));
    let (count, sum) = primes.clone().fold((0i64, 0i64), |(c, s), p| (c + 1, s + p as i64));
    line("primes below 60000: ", count);
    line("their sum: ", sum);
    let mut twins = 0;
    let mut max_gap = 0;
    let mut prev = 2;
    for p in primes.skip(1) {
        if p - prev == 2 {
            twins += 1;
        }
        if p - prev > max_gap {
            max_gap = p - prev;
        }
        prev = p;
    }
    line("twin pairs: ", twins);
    line("largest gap: ", max_gap as i64);
    // Fermat test agrees with the sieve on odd numbers below 3000
    let mut agree = 0;
    for n in (3..3000u64).step_by(2) {
        let fermat = pow_mod(2, n - 1, n) == 1;
        if fermat == !is_composite(bits, n as usize) {
            agree += 1;
        }
    }
    line("fermat agrees: ", agree);
    let (best, best_len) = (1..20000u64).map(|n| (n, collatz_len(n))).fold((1, 0), |b, c| if c.1 > b.1 { c } else { b });
    print("longest collatz below 20000: ");
    print_i64(best as i64);
    print(" (");
    print_i32(best_len as i32);
    print(" steps)\n");
    let lcm = (1..=40u64).fold(1u64, |l, k| l / gcd(l, k) * k);
    line("lcm(1..40) mod 1e9+7: ", (lcm % 1_000_000_007) as i64);
    line("2^1000000 mod 1e9+7: ", pow_mod(2, 1_000_000, 1_000_000_007) as i64);
    (count % 1000) as i32
}
