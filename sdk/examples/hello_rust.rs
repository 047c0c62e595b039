//! hello_rust.rs: a Rust applet: prints a greeting and the sum of 1..n.
#![no_std]

#[path = "../xipwasm.rs"]
mod xipwasm;

fn sum_to(n: i32) -> i32 {
    (1..=n).fold(0i32, |s, i| s.wrapping_add(i))
}

#[no_mangle]
pub extern "C" fn run(n: i32) -> i32 {
    xipwasm::print("hello from Rust: sum 1..");
    xipwasm::print_i32(n);
    xipwasm::print(" = ");
    xipwasm::print_i32(sum_to(n));
    xipwasm::print("\n");
    sum_to(n)
}
