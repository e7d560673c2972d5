//! Slugs: ASCII path segments made from Chinese text by pinyin (某县法院 -> mou-xian-fa-yuan),
//! for file names without an `id` and for violation types and tags.

use pinyin::ToPinyin;

/// `[a-z0-9-]` only, words joined by `-`; empty when nothing usable remains.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    let mut sep = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if sep && !out.is_empty() {
                out.push('-');
            }
            sep = false;
            out.push(c.to_ascii_lowercase());
        } else if let Some(p) = c.to_pinyin() {
            if !out.is_empty() {
                out.push('-');
            }
            // ü (lü, nü) is written v, as pinyin keyboards do, so slugs stay ASCII.
            out.extend(p.plain().chars().map(|c| if c == 'ü' { 'v' } else { c }));
            sep = true;
        } else {
            sep = true;
        }
    }
    out.truncate(100);
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_file_names_get_pinyin() {
        assert_eq!(slugify("某县法院违规宴请案"), "mou-xian-fa-yuan-wei-gui-yan-qing-an");
        assert_eq!(slugify("2025年A类"), "2025-nian-a-lei");
        assert_eq!(slugify("fx-court"), "fx-court");
        assert_eq!(slugify("《》"), "");
        assert_eq!(slugify("律师须知"), "lv-shi-xu-zhi");
    }
}
