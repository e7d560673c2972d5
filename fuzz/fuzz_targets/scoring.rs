#![no_main]
// Fuzz target: see zhengfeng::fuzz::scoring.
libfuzzer_sys::fuzz_target!(|data: &[u8]| zhengfeng::fuzz::scoring(data));
