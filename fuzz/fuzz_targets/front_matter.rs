#![no_main]
// Fuzz target: see zhengfeng::fuzz::front_matter.
libfuzzer_sys::fuzz_target!(|data: &[u8]| zhengfeng::fuzz::front_matter(data));
