#![no_main]
// Fuzz target: see zhengfeng::fuzz::markdown.
libfuzzer_sys::fuzz_target!(|data: &[u8]| zhengfeng::fuzz::markdown(data));
