//! Slugs: ASCII path segments made from Chinese text by pinyin (某县法院 -> mou-xian-fa-yuan),
//! for file names without an `id` and for violation types and tags.
//!
//! The pinyin table gives each character its commonest reading alone, which misreads the
//! characters that sound different in the words offices write (银行 is yin-hang, not
//! yin-xing); `PHRASES` reads those words as people say them.

use pinyin::ToPinyin;

/// Words read as a whole, before the table reads characters one by one, the longest first at
/// each place. Most give a polyphone its reading in the word; the others (marked "kept") read
/// as the table would, and are here so that their characters do not start a word of this list
/// that is not there: 执行长期 is zhi-xing-chang-qi, not zhi + 行长 + qi.
const PHRASES: &[(&str, &str)] = &[
    // 行 hang: banks and trades.
    ("银行", "yin hang"), ("行长", "hang zhang"), ("行业", "hang ye"), ("分行", "fen hang"), ("支行", "zhi hang"),
    ("总行", "zong hang"), ("农行", "nong hang"), ("工行", "gong hang"), ("建行", "jian hang"), ("中行", "zhong hang"),
    ("外行", "wai hang"), ("内行", "nei hang"), ("行家", "hang jia"),
    // 行 xing, kept.
    ("执行", "zhi xing"), ("进行", "jin xing"), ("实行", "shi xing"), ("施行", "shi xing"), ("推行", "tui xing"),
    ("试行", "shi xing"), ("暂行", "zan xing"), ("现行", "xian xing"), ("运行", "yun xing"), ("履行", "lv xing"),
    ("可行", "ke xing"), ("发行", "fa xing"), ("流行", "liu xing"), ("先行", "xian xing"), ("践行", "jian xing"),
    ("品行", "pin xing"), ("言行", "yan xing"), ("罪行", "zui xing"), ("自行", "zi xing"), ("另行", "ling xing"),
    ("例行", "li xing"), ("强行", "qiang xing"),
    // 还 huan: paying back.
    ("还款", "huan kuan"), ("还贷", "huan dai"), ("还钱", "huan qian"), ("还债", "huan zhai"), ("归还", "gui huan"),
    ("退还", "tui huan"), ("偿还", "chang huan"), ("返还", "fan huan"), ("交还", "jiao huan"), ("清还", "qing huan"),
    // 长 chang: length and time.
    ("长期", "chang qi"), ("长效", "chang xiao"), ("长远", "chang yuan"), ("长久", "chang jiu"), ("长年", "chang nian"),
    ("长时", "chang shi"), ("长度", "chang du"), ("延长", "yan chang"), ("特长", "te chang"), ("擅长", "shan chang"),
    ("专长", "zhuan chang"), ("漫长", "man chang"), ("冗长", "rong chang"), ("长江", "chang jiang"),
    ("长城", "chang cheng"), ("长征", "chang zheng"), ("长沙", "chang sha"), ("长春", "chang chun"),
    // 长 zhang, kept: the heads of offices, and growth.
    ("院长", "yuan zhang"), ("局长", "ju zhang"), ("所长", "suo zhang"), ("庭长", "ting zhang"), ("科长", "ke zhang"),
    ("队长", "dui zhang"), ("部长", "bu zhang"), ("厅长", "ting zhang"), ("处长", "chu zhang"), ("县长", "xian zhang"),
    ("市长", "shi zhang"), ("省长", "sheng zhang"), ("镇长", "zhen zhang"), ("乡长", "xiang zhang"), ("村长", "cun zhang"),
    ("组长", "zu zhang"), ("站长", "zhan zhang"), ("股长", "gu zhang"), ("校长", "xiao zhang"), ("司长", "si zhang"),
    ("班长", "ban zhang"), ("检察长", "jian cha zhang"), ("监狱长", "jian yu zhang"), ("成长", "cheng zhang"),
    ("增长", "zeng zhang"), ("助长", "zhu zhang"), ("家长", "jia zhang"), ("年长", "nian zhang"),
    // 重 chong: again.
    ("重庆", "chong qing"), ("重新", "chong xin"), ("重复", "chong fu"), ("重申", "chong shen"), ("重审", "chong shen"),
    ("重建", "chong jian"), ("重组", "chong zu"), ("重温", "chong wen"), ("重返", "chong fan"), ("重塑", "chong su"),
    ("重启", "chong qi"), ("重叠", "chong die"),
    // 重 zhong, kept.
    ("严重", "yan zhong"), ("重要", "zhong yao"), ("重点", "zhong dian"), ("重大", "zhong da"), ("尊重", "zun zhong"),
    ("注重", "zhu zhong"), ("重视", "zhong shi"), ("慎重", "shen zhong"), ("隆重", "long zhong"), ("并重", "bing zhong"),
    // 调 tiao: adjusting and mediating.
    ("调解", "tiao jie"), ("调整", "tiao zheng"), ("调节", "tiao jie"), ("协调", "xie tiao"), ("调和", "tiao he"),
    ("调控", "tiao kong"), ("调处", "tiao chu"), ("调剂", "tiao ji"),
    // 着 zhuo.
    ("着力", "zhuo li"), ("着重", "zhuo zhong"), ("着装", "zhuo zhuang"), ("着手", "zhuo shou"), ("着眼", "zhuo yan"),
    ("着实", "zhuo shi"), ("穿着", "chuan zhuo"),
    // 率 shuai.
    ("率先", "shuai xian"), ("率领", "shuai ling"), ("表率", "biao shuai"), ("草率", "cao shuai"), ("轻率", "qing shuai"),
    ("坦率", "tan shuai"),
    // Others.
    ("给予", "ji yu"), ("供给", "gong ji"), ("补给", "bu ji"), ("自给", "zi ji"), ("薄弱", "bo ruo"),
    ("便宜", "pian yi"), ("称职", "chen zhi"), ("相称", "xiang chen"), ("没收", "mo shou"), ("沉没", "chen mo"),
    ("淹没", "yan mo"), ("埋没", "mai mo"), ("校对", "jiao dui"), ("了解", "liao jie"), ("了结", "liao jie"),
    ("首都", "shou du"), ("都市", "du shi"), ("成都", "cheng du"), ("的确", "di que"), ("目的", "mu di"),
    ("角色", "jue se"), ("会计", "kuai ji"), ("出差", "chu chai"), ("差旅", "chai lv"), ("反省", "fan xing"),
    ("关卡", "guan qia"), ("大夫", "dai fu"),
];

/// The word of `PHRASES` that `text` starts with, the longest if several.
fn phrase_at(text: &str) -> Option<(&'static str, &'static str)> {
    PHRASES.iter().filter(|(w, _)| text.starts_with(w)).max_by_key(|(w, _)| w.len()).copied()
}

/// `[a-z0-9-]` only, words joined by `-`; empty when nothing usable remains.
/// The plain letter of an accented Latin one (`é` → `e`, `ß` → `s`), lower case: `café.md`
/// gets the id `cafe`, however the accent was typed.
fn latin_base(c: char) -> Option<char> {
    const BASE: &str = "aaaaaaaceeeeiiiidnooooo.ouuuuytsaaaaaaaceeeeiiiidnooooo.ouuuuytyaaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
    let i = (c as u32).checked_sub(0xC0)? as usize;
    BASE.as_bytes().get(i).map(|&b| b as char).filter(|&b| b != '.')
}

pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    let mut sep = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some((word, reading)) = phrase_at(rest) {
            for syllable in reading.split(' ') {
                if !out.is_empty() {
                    out.push('-');
                }
                out.push_str(syllable);
            }
            sep = true;
            rest = &rest[word.len()..];
            continue;
        }
        rest = &rest[c.len_utf8()..];
        // An accent typed as its own mark (`e` + U+0301, as macOS names files) belongs to the
        // letter before it.
        if ('\u{0300}'..='\u{036F}').contains(&c) {
            continue;
        }
        let c = latin_base(c).unwrap_or(c);
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
    fn accented_latin_letters_keep_their_letter() {
        assert_eq!(slugify("café"), "cafe");
        assert_eq!(slugify("cafe\u{301}"), "cafe");
        assert_eq!(slugify("Résumé 2025"), "resume-2025");
    }

    #[test]
    fn chinese_file_names_get_pinyin() {
        assert_eq!(slugify("某县法院违规宴请案"), "mou-xian-fa-yuan-wei-gui-yan-qing-an");
        assert_eq!(slugify("2025年A类"), "2025-nian-a-lei");
        assert_eq!(slugify("fx-court"), "fx-court");
        assert_eq!(slugify("《》"), "");
        assert_eq!(slugify("律师须知"), "lv-shi-xu-zhi");
    }

    #[test]
    fn polyphones_read_as_people_say_them() {
        for (text, slug) in [
            ("银行", "yin-hang"),
            ("还款", "huan-kuan"),
            ("某银行行长违规还款案", "mou-yin-hang-hang-zhang-wei-gui-huan-kuan-an"),
            ("重庆某法院重新审理", "chong-qing-mou-fa-yuan-chong-xin-shen-li"),
            ("长效机制", "chang-xiao-ji-zhi"),
            ("担任院长期间", "dan-ren-yuan-zhang-qi-jian"),
            ("执行长期任务", "zhi-xing-chang-qi-ren-wu"),
            ("严重违纪", "yan-zhong-wei-ji"),
            ("着力解决群众反映强烈的问题", "zhuo-li-jie-jue-qun-zhong-fan-ying-qiang-lie-de-wen-ti"),
            ("给予党内警告处分", "ji-yu-dang-nei-jing-gao-chu-fen"),
            ("矛盾纠纷调解", "mao-dun-jiu-fen-tiao-jie"),
            ("率先垂范", "shuai-xian-chui-fan"),
            ("还有", "hai-you"),
            ("2025年A类银行", "2025-nian-a-lei-yin-hang"),
        ] {
            assert_eq!(slugify(text), slug, "{text}");
        }
    }

    #[test]
    fn every_phrase_is_two_or_more_characters_with_a_syllable_each() {
        for (word, reading) in PHRASES {
            let n = word.chars().count();
            assert!(n >= 2, "{word}");
            assert_eq!(reading.split(' ').count(), n, "{word}");
            assert!(reading.bytes().all(|b| b.is_ascii_lowercase() || b == b' '), "{word}");
        }
    }
}
