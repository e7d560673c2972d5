#![no_main]
// Fuzz target: see zhengfeng::fuzz::workbook.
libfuzzer_sys::fuzz_target!(|data: &[u8]| zhengfeng::fuzz::workbook(data));
