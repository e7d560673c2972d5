#![no_main]
// Fuzz target: see zhengfeng::fuzz::yaml_files.
libfuzzer_sys::fuzz_target!(|data: &[u8]| zhengfeng::fuzz::yaml_files(data));
