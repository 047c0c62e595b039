//! rs_fmt: core::fmt in no_std Rust: integers in several radixes and
//! widths, floats, a Display implementation for a small matrix type, enums
//! with match, and Option/Result combinators, all written through the
//! sdk's Console (dynamic dispatch through core::fmt::Write).
#![no_std]

#[path = "../sdk/xipwasm.rs"]
mod xipwasm;

use core::fmt::{self, Write};
use xipwasm::Console;

#[derive(Clone, Copy)]
struct Matrix([[i32; 3]; 3]);

impl Matrix {
    fn mul(&self, o: &Matrix) -> Matrix {
        let mut r = [[0i32; 3]; 3];
        for (i, row) in r.iter_mut().enumerate() {
            for (j, cell) in row.iter_mut().enumerate() {
                *cell = (0..3).map(|k| self.0[i][k].wrapping_mul(o.0[k][j])).fold(0i32, i32::wrapping_add);
            }
        }
        Matrix(r)
    }
}

impl fmt::Display for Matrix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for row in &self.0 {
            writeln!(f, "[{:>6} {:>6} {:>6}]", row[0], row[1], row[2])?;
        }
        Ok(())
    }
}

enum Shape {
    Circle { r: f64 },
    Rect { w: f64, h: f64 },
    Tri(f64, f64, f64),
}

fn area(s: &Shape) -> f64 {
    match *s {
        Shape::Circle { r } => 3.141592653589793 * r * r,
        Shape::Rect { w, h } => w * h,
        Shape::Tri(a, b, c) => {
            let p = (a + b + c) / 2.0;
            let q = p * (p - a) * (p - b) * (p - c);
            // Newton's square root: no libm in no_std
            let mut x = if q > 1.0 { q } else { 1.0 };
            for _ in 0..40 {
                x = 0.5 * (x + q / x);
            }
            x
        }
    }
}

fn parse_digits(s: &str) -> Result<u32, &'static str> {
    s.bytes().try_fold(0u32, |acc, b| {
        if b.is_ascii_digit() {
            acc.checked_mul(10).and_then(|v| v.checked_add((b - b'0') as u32)).ok_or("overflow")
        } else {
            Err("not a digit")
        }
    })
}

fn report(out: &mut dyn Write) -> fmt::Result {
    writeln!(out, "dec {} hex {:#x} oct {:o} bin {:b}", 48879, 48879, 48879, 48879)?;
    writeln!(out, "padded [{:08}] [{:<8}] [{:^8}] [{:+}]", -42, 7, "mid", 5)?;
    writeln!(out, "i64 min {} u64 max {}", i64::MIN, u64::MAX)?;
    writeln!(out, "floats {} {} {:.3} {:e} {}", 0.1 + 0.2, 1.0e21, 2.0f64 / 3.0, 12345.678, -0.0f32)?;
    let m = Matrix([[1, 2, 3], [4, 5, 6], [7, 8, 10]]);
    let mut p = m;
    for _ in 0..4 {
        p = p.mul(&m);
    }
    write!(out, "m^5 =\n{}", p)?;
    let shapes = [Shape::Circle { r: 1.5 }, Shape::Rect { w: 2.0, h: 3.25 }, Shape::Tri(3.0, 4.0, 5.0)];
    for s in &shapes {
        writeln!(out, "area {:.6}", area(s))?;
    }
    for s in ["12345", "99999999999", "12a", ""] {
        match parse_digits(s) {
            Ok(v) => writeln!(out, "parse {:?} = {}", s, v)?,
            Err(e) => writeln!(out, "parse {:?} failed: {}", s, e)?,
        }
    }
    let words = ["alpha", "beta", "gamma", "delta"];
    let longest = words.iter().copied().max_by_key(|w| w.len()).unwrap_or("");
    writeln!(out, "longest {:?}, total {}", longest, words.iter().map(|w| w.len()).sum::<usize>())
}

#[no_mangle]
pub extern "C" fn run() -> i32 {
    match report(&mut Console) {
        Ok(()) => 0,
        Err(_) => 1,
    }
}
