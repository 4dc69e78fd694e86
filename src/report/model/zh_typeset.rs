//! Chinese typesetting rules for the zh-CN report, applied to every text it
//! prints (labels, questionnaire text and the user's own words alike), so the
//! report follows one set of rules instead of whatever each string happened to
//! use (GB/T 15834 for punctuation; a half-width space between Chinese and
//! Latin text, as the Microsoft and W3C clreq guidance for simplified Chinese):
//!
//! - `,` `;` `:` `?` `!` touching Chinese become full-width (`，；：？！`) and lose
//!   the space after them: "TRN-01: 任何" → "TRN-01：任何", "消息; 文件" →
//!   "消息；文件", "说明:" → "说明：";
//! - no space next to full-width punctuation: "。 下" → "。下";
//! - Chinese and Latin letters or digits are separated by one space
//!   ("ISO证书" → "ISO 证书", "24小时" → "24 小时"), except a number written
//!   solid with a date unit (2026年12月6日).
//!
//! Left alone: punctuation between Latin text or digits (14:02, https://,
//! 1,000), and text with no Chinese in it. The data and its fingerprint are
//! not touched: this is how the zh-CN report prints them.

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

fn full_width(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '?' => '？',
        '!' => '！',
        _ => return None,
    })
}

/// Full-width punctuation that takes no space beside it.
fn is_full_width_punct(c: char) -> bool {
    "。，、；：！？）」』】》〉".contains(c) || "（「『【《〈".contains(c)
}

/// Date units a number is written solid with.
fn is_date_unit(c: char) -> bool {
    "年月日号".contains(c)
}

/// The zh-CN report's form of `text` (see the module's rules).
pub fn zh_typeset(text: &str) -> String {
    if !text.chars().any(is_han) {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    // 1. Punctuation touching Chinese, and the space after it.
    let mut punct: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if let Some(wide) = full_width(c) {
            let before = punct.last().copied();
            let (after, skip) = match chars.get(i + 1) {
                Some(' ') => (chars.get(i + 2).copied(), 1),
                next => (next.copied(), 0),
            };
            let touches_han = before.is_some_and(is_han) || after.is_some_and(is_han);
            // Not inside Latin text or numbers (14:02, 1,000, a://b).
            let latin_both = before.is_some_and(|b| b.is_ascii_alphanumeric())
                && chars
                    .get(i + 1)
                    .is_some_and(|a| a.is_ascii_alphanumeric() || *a == '/');
            if touches_han && !latin_both {
                punct.push(wide);
                i += 1 + skip;
                continue;
            }
        }
        punct.push(c);
        i += 1;
    }
    // 2. No space beside full-width punctuation.
    let mut spaced: Vec<char> = Vec::with_capacity(punct.len());
    for (i, &c) in punct.iter().enumerate() {
        if c == ' ' {
            let prev = spaced.last().copied();
            let next = punct.get(i + 1).copied();
            if prev.is_some_and(is_full_width_punct) && next.is_some_and(|n| n != ' ')
                || next.is_some_and(is_full_width_punct)
            {
                continue;
            }
        }
        spaced.push(c);
    }
    // 3. One space between Chinese and Latin letters or digits.
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in spaced.iter().enumerate() {
        if let Some(&prev) = i.checked_sub(1).and_then(|p| spaced.get(p)) {
            let han_then_latin = is_han(prev) && c.is_ascii_alphanumeric();
            let latin_then_han = prev.is_ascii_alphanumeric() && is_han(c);
            let solid_date = prev.is_ascii_digit() && is_date_unit(c)
                || is_date_unit(prev) && c.is_ascii_digit();
            if (han_then_latin || latin_then_han) && !solid_date {
                out.push(' ');
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::zh_typeset;

    #[test]
    fn punctuation_touching_chinese_is_full_width_without_a_space_after() {
        assert_eq!(zh_typeset("TRN-01: 任何"), "TRN-01：任何");
        assert_eq!(zh_typeset("说明:"), "说明：");
        assert_eq!(zh_typeset("消息; 文件; 搜索"), "消息；文件；搜索");
        assert_eq!(zh_typeset("(2026-11-19), 安全"), "(2026-11-19)，安全");
        assert_eq!(zh_typeset("是否? 是!"), "是否？是！");
    }

    #[test]
    fn latin_punctuation_between_latin_text_or_digits_is_left_alone() {
        assert_eq!(zh_typeset("14:02 更新"), "14:02 更新");
        assert_eq!(
            zh_typeset("见 https://example.com/a 页面"),
            "见 https://example.com/a 页面"
        );
        assert_eq!(zh_typeset("1,000 人"), "1,000 人");
        assert_eq!(zh_typeset("Yes, No: maybe"), "Yes, No: maybe");
        assert_eq!(zh_typeset("sha256:ab12"), "sha256:ab12");
    }

    #[test]
    fn no_space_beside_full_width_punctuation() {
        assert_eq!(zh_typeset("完成。 下一步"), "完成。下一步");
        assert_eq!(zh_typeset("是 ，否"), "是，否");
        assert_eq!(zh_typeset("（原文） 见"), "（原文）见");
    }

    #[test]
    fn chinese_and_latin_are_spaced_once_dates_stay_solid() {
        assert_eq!(zh_typeset("ISO证书"), "ISO 证书");
        assert_eq!(zh_typeset("24小时内"), "24 小时内");
        assert_eq!(zh_typeset("24 小时内"), "24 小时内");
        assert_eq!(zh_typeset("共29页"), "共 29 页");
        assert_eq!(zh_typeset("2026年12月6日"), "2026年12月6日");
        assert_eq!(zh_typeset("WeCom 企业微信"), "WeCom 企业微信");
    }
}
