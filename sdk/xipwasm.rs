//! xipwasm.rs: the host API for xipwasm applets written in Rust (no_std).
//!
//! Include it from the crate root with `#[path = "PATH/sdk/xipwasm.rs"] mod xipwasm;`
//! (a crate that is `#![no_std]`). It declares the functions of import
//! module "env" that `xipwasm run` provides (and the example firmware), safe
//! wrappers for them, a `Console` for `core::fmt` (convenient, but it adds
//! a few KiB), and the panic handler: a panic traps ("unreachable") on the
//! device. The same code builds natively (the functions then come from a C
//! host, as in corpus/native_host.c) so an applet can be checked against a
//! native build. Exports are `#[no_mangle] pub extern "C" fn NAME`.
#![allow(dead_code)]

mod ffi {
    #[cfg_attr(target_arch = "wasm32", link(wasm_import_module = "env"))]
    extern "C" {
        pub fn print_str(ptr: *const u8, len: i32);
        pub fn print_i32(value: i32);
        pub fn print_i64(value: i64);
        pub fn print_f64(value: f64);
        pub fn print_f32(value: f32);
        pub fn clock_ms() -> i64;
    }
}

/// Writes text to the console (no newline is added).
pub fn print(text: &str) {
    print_bytes(text.as_bytes());
}

/// Writes bytes to the console.
pub fn print_bytes(bytes: &[u8]) {
    // SAFETY: the host reads exactly `len` bytes of this slice.
    unsafe { ffi::print_str(bytes.as_ptr(), bytes.len() as i32) }
}

/// Writes a signed decimal ("%d").
pub fn print_i32(value: i32) {
    unsafe { ffi::print_i32(value) }
}

/// Writes a signed decimal ("%lld").
pub fn print_i64(value: i64) {
    unsafe { ffi::print_i64(value) }
}

/// Writes an f64 as "%.17g".
pub fn print_f64(value: f64) {
    unsafe { ffi::print_f64(value) }
}

/// Writes an f32 as "%.9g" (not in corpus/native_host.c: native builds must not call it).
pub fn print_f32(value: f32) {
    unsafe { ffi::print_f32(value) }
}

/// Milliseconds from a monotonic clock (`xipwasm run --fake-clock STEP`: 0, STEP, ...).
pub fn clock_ms() -> i64 {
    unsafe { ffi::clock_ms() }
}

/// The console as a `core::fmt::Write`: `write!(Console, "{}\n", x)`.
pub struct Console;

impl core::fmt::Write for Console {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        print(s);
        Ok(())
    }
}

#[cfg(not(target_arch = "wasm32"))]
extern "C" {
    fn abort() -> !;
}

/// Native builds only: core is built with unwinding tables that name this
/// symbol; with panic=abort nothing ever calls it.
#[cfg(not(target_arch = "wasm32"))]
#[no_mangle]
pub extern "C" fn rust_eh_personality() {}

#[panic_handler]
fn panic(_info: &core::panic::PanicInfo) -> ! {
    #[cfg(target_arch = "wasm32")]
    core::arch::wasm32::unreachable();
    #[cfg(not(target_arch = "wasm32"))]
    unsafe {
        abort()
    }
}
