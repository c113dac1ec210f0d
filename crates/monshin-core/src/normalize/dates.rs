//! Dates and year-months as people write them: Japanese eras (和暦), separators, compact digits.
//!
//! An era date is converted only when it lies within its era: each era has an exact first and
//! last day (the day of an accession belongs to both eras, as the calendar law counts it), so
//! `平成31年5月1日` (令和元年5月1日) or `昭和64年1月8日` is refused with
//! [`FindingCode::DateOutsideEra`] rather than moved to the next era. A date that does not exist
//! (`2026/2/30`) is [`FindingCode::NonexistentDate`]; a 明治 date before 明治6年 (1873-01-01,
//! when Japan adopted the Gregorian calendar) is [`FindingCode::DateBeforeGregorian`].
//! Accepted spellings: era names in kanji (`令和`), one letter (`R`/`r`, either width) or a
//! ligature (`㋿`); `元年`; separators `年月日`, `.`, `/`, `-` and spaces; full-width digits;
//! `YYYYMMDD` (and `YYYYMM` for a year-month).

use monshin_expr::Date;

use super::fold::fold_ascii;
use super::{NormalizationRule, Refusal};
use crate::finding::FindingCode;

/// One Japanese era (元号).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Era {
    /// The era's name in kanji, e.g. `令和`.
    pub name: &'static str,
    /// Its one-letter abbreviation (upper case).
    pub letter: char,
    /// Its square ligature (`㋿`, `㍻` …).
    pub ligature: char,
    /// Gregorian year of the era's year 1 (元年).
    pub first_year: i32,
    /// First day of the era in the Gregorian calendar.
    pub first_day: (i32, u32, u32),
    /// Last day of the era, or `None` for the current era.
    pub last_day: Option<(i32, u32, u32)>,
}

/// The eras since the Gregorian calendar was adopted, oldest first. Accession days belong to
/// both eras: 1912-07-30 is 明治45年 and 大正元年, 1926-12-25 is 大正15年 and 昭和元年.
/// 昭和 ends 1989-01-07, 平成 runs 1989-01-08 … 2019-04-30, 令和 starts 2019-05-01.
pub const ERAS: [Era; 5] = [
    Era {
        name: "明治",
        letter: 'M',
        ligature: '㍾',
        first_year: 1868,
        first_day: (1868, 1, 25),
        last_day: Some((1912, 7, 30)),
    },
    Era {
        name: "大正",
        letter: 'T',
        ligature: '㍽',
        first_year: 1912,
        first_day: (1912, 7, 30),
        last_day: Some((1926, 12, 25)),
    },
    Era {
        name: "昭和",
        letter: 'S',
        ligature: '㍼',
        first_year: 1926,
        first_day: (1926, 12, 25),
        last_day: Some((1989, 1, 7)),
    },
    Era {
        name: "平成",
        letter: 'H',
        ligature: '㍻',
        first_year: 1989,
        first_day: (1989, 1, 8),
        last_day: Some((2019, 4, 30)),
    },
    Era {
        name: "令和",
        letter: 'R',
        ligature: '㋿',
        first_year: 2019,
        first_day: (2019, 5, 1),
        last_day: None,
    },
];

/// The first Gregorian day in Japan: 明治6年1月1日.
const GREGORIAN_START: (i32, u32, u32) = (1873, 1, 1);

fn ymd((y, m, d): (i32, u32, u32)) -> Date {
    Date::from_ymd(y, m, d).unwrap_or(Date::MIN)
}

impl Era {
    /// Whether `date` is a day of this era.
    pub fn contains(&self, date: Date) -> bool {
        date >= ymd(self.first_day) && self.last_day.is_none_or(|l| date <= ymd(l))
    }
}

/// A date or year-month item's answer, read. `Ok(None)`: not a date this module recognises.
pub(crate) fn normalize_date(
    s: &str,
    full_date: bool,
) -> Result<Option<(String, NormalizationRule)>, Refusal> {
    let Some(parsed) = parse(s, full_date) else {
        return Ok(None);
    };
    let (year, month, day, era) = parsed;
    let out = match era {
        Some(era) => {
            let year = era.first_year + year - 1;
            check_era(era, year, month, day, full_date)?
        }
        None => check_gregorian(year, month, day, full_date)?,
    };
    let rule = if era.is_some() {
        NormalizationRule::EraDate
    } else {
        NormalizationRule::DateFormat
    };
    Ok((out != s).then_some((out, rule)))
}

fn nonexistent() -> Refusal {
    (
        FindingCode::NonexistentDate,
        "this date does not exist in the calendar",
    )
}

fn canonical(year: i32, month: u32, day: u32, full_date: bool) -> Result<String, Refusal> {
    if full_date {
        Date::from_ymd(year, month, day).ok_or_else(nonexistent)?;
        Ok(format!("{year:04}-{month:02}-{day:02}"))
    } else if (1..=12).contains(&month) {
        Ok(format!("{year:04}-{month:02}"))
    } else {
        Err(nonexistent())
    }
}

fn check_gregorian(year: i32, month: u32, day: u32, full_date: bool) -> Result<String, Refusal> {
    if !(1000..=9999).contains(&year) {
        return Err((
            FindingCode::TypeMismatch,
            "a Gregorian year has four digits",
        ));
    }
    canonical(year, month, day, full_date)
}

fn check_era(
    era: &Era,
    year: i32,
    month: u32,
    day: u32,
    full_date: bool,
) -> Result<String, Refusal> {
    let out = canonical(year, month, day, full_date)?;
    // A year-month belongs to an era if any of its days does.
    let (first, last) = if full_date {
        let d = Date::from_ymd(year, month, day).ok_or_else(nonexistent)?;
        (d, d)
    } else {
        let first = Date::from_ymd(year, month, 1).ok_or_else(nonexistent)?;
        let next = if month == 12 {
            Date::from_ymd(year + 1, 1, 1)
        } else {
            Date::from_ymd(year, month + 1, 1)
        };
        let last = next.and_then(|n| n.add_days(-1)).ok_or_else(nonexistent)?;
        (first, last)
    };
    if last < ymd(GREGORIAN_START) {
        return Err((
            FindingCode::DateBeforeGregorian,
            "a date before 明治6年 (1873) is in the old lunisolar calendar",
        ));
    }
    if !(era.contains(first) || era.contains(last)) {
        return Err((
            FindingCode::DateOutsideEra,
            "this date is not within the era it is written in",
        ));
    }
    Ok(out)
}

/// The era written at the start of `s` and the rest of the text.
fn era_prefix(s: &str) -> Option<(&'static Era, &str)> {
    let first = s.chars().next()?;
    for era in &ERAS {
        if let Some(rest) = s.strip_prefix(era.name) {
            return Some((era, rest));
        }
        let letter = fold_ascii(first).to_ascii_uppercase();
        if first == era.ligature || letter == era.letter {
            return Some((era, s.get(first.len_utf8()..)?));
        }
    }
    None
}

/// Separators between the parts of a date.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sep {
    /// `年`, `月` or `日`, each only after its own part.
    Kanji(char),
    /// `.`, `/` or `-`, the same one throughout.
    Punct(char),
    /// Only spaces.
    Space,
}

/// Split `s` into (year, month, day, era); `None` when it is not written as a date at all.
/// Year-months give day 1.
fn parse(s: &str, full_date: bool) -> Option<(i32, u32, u32, Option<&'static Era>)> {
    let (era, body) = match era_prefix(s.trim()) {
        Some((era, rest)) => (Some(era), rest),
        None => (None, s.trim()),
    };
    let want = if full_date { 3 } else { 2 };
    let mut nums: Vec<u32> = Vec::with_capacity(3);
    let mut digits = 0usize;
    let mut cur: u32 = 0;
    let mut seps: Vec<Sep> = Vec::with_capacity(3);
    let mut chars = body.chars().map(fold_ascii).peekable();
    if era.is_some() {
        while chars.peek() == Some(&' ') {
            chars.next();
        }
        if chars.peek() == Some(&'元') {
            chars.next();
            if chars.peek() != Some(&'年') {
                return None;
            }
            cur = 1;
            digits = 1;
        }
    }
    let mut pending: Option<Sep> = None;
    for c in chars {
        if c.is_ascii_digit() {
            if digits == 0 {
                if let Some(sep) = pending.take() {
                    seps.push(sep);
                } else if !nums.is_empty() {
                    return None;
                }
            }
            digits += 1;
            if digits > 8 {
                return None;
            }
            cur = cur * 10 + c.to_digit(10)?;
            continue;
        }
        let sep = match c {
            '年' | '月' | '日' => Sep::Kanji(c),
            '.' | '/' | '-' => Sep::Punct(c),
            ' ' => Sep::Space,
            _ => return None,
        };
        if digits > 0 {
            nums.push(cur);
            if nums.len() > want {
                return None;
            }
            cur = 0;
            digits = 0;
            pending = Some(sep);
        } else {
            // A space beside another separator, or `年` right after the era's `元`.
            pending = match (pending, sep) {
                (None, _) => return None,
                (Some(p), Sep::Space) => Some(p),
                (Some(Sep::Space), s) => Some(s),
                _ => return None,
            };
        }
    }
    if digits > 0 {
        nums.push(cur);
    }
    // What may follow the last part: nothing, spaces, or its own kanji.
    let end_kanji = if full_date { '日' } else { '月' };
    if let Some(p) = pending {
        if !matches!(p, Sep::Space) && p != Sep::Kanji(end_kanji) {
            return None;
        }
        seps.push(p);
    }
    check_separators(&seps, want)?;
    if nums.len() == 1 && era.is_none() && seps.iter().all(|s| *s == Sep::Space) {
        return compact(body.trim(), nums.first().copied()?, full_date);
    }
    if nums.len() != want {
        return None;
    }
    let year = i32::try_from(*nums.first()?).ok()?;
    let year_digits = body
        .chars()
        .map(fold_ascii)
        .skip_while(|c| *c == ' ')
        .take_while(char::is_ascii_digit)
        .count();
    // Era years have at most three digits (明治163年 is still an era year, outside its era);
    // Gregorian years four.
    match era {
        Some(_) if year_digits > 3 => return None,
        None if year_digits != 4 => return None,
        _ => {}
    }
    let month = *nums.get(1)?;
    let day = if full_date { *nums.get(2)? } else { 1 };
    Some((year, month, day, era))
}

/// `YYYYMMDD` (or `YYYYMM`) written as one run of digits.
fn compact(body: &str, n: u32, full_date: bool) -> Option<(i32, u32, u32, Option<&'static Era>)> {
    let len = body
        .chars()
        .filter(|c| fold_ascii(*c).is_ascii_digit())
        .count();
    match (full_date, len) {
        (true, 8) => Some((
            i32::try_from(n / 10_000).ok()?,
            n / 100 % 100,
            n % 100,
            None,
        )),
        (false, 6) => Some((i32::try_from(n / 100).ok()?, n % 100, 1, None)),
        _ => None,
    }
}

/// Kanji separators only after their own part (`年` after the year …); punctuation the same
/// throughout; never kanji and punctuation in one date.
fn check_separators(seps: &[Sep], want: usize) -> Option<()> {
    let mut punct: Option<char> = None;
    let kanji = seps.iter().any(|s| matches!(s, Sep::Kanji(_)));
    for (i, sep) in seps.iter().enumerate() {
        match *sep {
            Sep::Punct(_) if kanji => return None,
            Sep::Kanji(k) => {
                if ['年', '月', '日'].get(i) != Some(&k) || i >= want {
                    return None;
                }
            }
            Sep::Punct(p) => {
                if punct.is_some_and(|q| q != p) || i + 1 >= want {
                    return None;
                }
                punct = Some(p);
            }
            Sep::Space => {}
        }
    }
    Some(())
}

/// Write `date` in `era`'s notation with kanji separators, or `None` if its era year would
/// be below 0. (For tests and documentation; never used to rewrite answers.)
pub fn format_in_era(date: Date, era: &Era, style: EraStyle) -> Option<String> {
    let n = date.year() - era.first_year + 1;
    if n < 0 {
        return None;
    }
    let (m, d) = (date.month(), date.day());
    Some(match style {
        EraStyle::Kanji if n == 1 => format!("{}元年{m}月{d}日", era.name),
        EraStyle::Kanji => format!("{}{n}年{m}月{d}日", era.name),
        EraStyle::Letter => format!("{}{n}.{m}.{d}", era.letter),
        EraStyle::LowerLetterSlash => format!("{}{n}/{m}/{d}", era.letter.to_ascii_lowercase()),
        EraStyle::Ligature => format!("{}{n:02}年{m:02}月{d:02}日", era.ligature),
        EraStyle::FullWidth => format!("{} {n} 年 {m} 月 {d} 日", era.name)
            .chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
                ' ' => '\u{3000}',
                _ => c,
            })
            .collect(),
    })
}

/// The notations [`format_in_era`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EraStyle {
    /// `令和8年4月1日`, `令和元年5月1日`.
    Kanji,
    /// `R8.4.1`.
    Letter,
    /// `r8/4/1`.
    LowerLetterSlash,
    /// `㋿08年04月01日`.
    Ligature,
    /// `令和　８　年　４　月　１　日`.
    FullWidth,
}

impl EraStyle {
    /// Every notation.
    pub const ALL: [EraStyle; 5] = [
        EraStyle::Kanji,
        EraStyle::Letter,
        EraStyle::LowerLetterSlash,
        EraStyle::Ligature,
        EraStyle::FullWidth,
    ];
}
