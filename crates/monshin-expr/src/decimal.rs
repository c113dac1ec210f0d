//! Decimal text to numbers, exactly: the numbers of answers (`integer`, `decimal`) and of
//! expression literals.
//!
//! A number has at most [`MAX_DIGITS`] digits, leading zeros of the integer part not counted
//! (`0.25` has two). Its digits then form an integer M < 10¹⁵ < 2⁵³ and it is M ÷ 10ᵏ with
//! k ≤ 15: both are exact doubles, and one IEEE division rounds correctly (Clinger's fast
//! path). So every accepted number is read as the double nearest to it, in Rust and in
//! JavaScript alike, and compares with a bound exactly as written.
//!
//! Written here rather than calling `str::parse::<f64>`: for longer input that one needs a
//! 10 KB table of powers of five (Eisel–Lemire) that does not compress, 7 % of the
//! WebAssembly build, for digits that a questionnaire never has.

/// Most digits a number may have (leading zeros of the integer part not counted).
pub const MAX_DIGITS: usize = 15;

/// Powers of ten that are exact doubles (5²² < 2⁵³).
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Why decimal text is not a number.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DecimalError {
    /// Not `-?digits(.digits)?`.
    Syntax,
    /// More than [`MAX_DIGITS`] digits.
    TooManyDigits,
}

/// Reads `-?[0-9]+(\.[0-9]+)?` as the double nearest to it.
///
/// Leading zeros are allowed here; the canonical answer text (FORMAT.md §1) is checked by the
/// caller. `-0` reads as negative zero.
///
/// ```
/// use monshin_expr::decimal::{parse_decimal, DecimalError};
/// assert_eq!(parse_decimal("36.5"), Ok(36.5));
/// assert_eq!(parse_decimal("-0.1"), Ok(-0.1));
/// assert_eq!(parse_decimal("1234567890123456"), Err(DecimalError::TooManyDigits));
/// assert_eq!(parse_decimal("1."), Err(DecimalError::Syntax));
/// ```
#[cfg_attr(monshin_hot, optimize(speed))]
pub fn parse_decimal(text: &str) -> Result<f64, DecimalError> {
    let (negative, body) = match text.as_bytes() {
        [b'-', body @ ..] => (true, body),
        body => (false, body),
    };
    // One pass over the bytes (this runs for every numeric answer): the syntax is checked to
    // the end before too many digits is reported, as the grammar comes first.
    let (mut m, mut digits, mut int_len, mut frac_len, mut point) =
        (0u64, 0usize, 0usize, 0usize, false);
    for &b in body {
        if b == b'.' && !point {
            point = true;
            continue;
        }
        if !b.is_ascii_digit() {
            return Err(DecimalError::Syntax);
        }
        if point {
            frac_len += 1;
        } else {
            int_len += 1;
        }
        // Leading zeros of the integer part are not digits of M.
        if point || m != 0 || b != b'0' {
            digits += 1;
            if digits <= MAX_DIGITS {
                m = m * 10 + u64::from(b - b'0');
            }
        }
    }
    if int_len == 0 || (point && frac_len == 0) {
        return Err(DecimalError::Syntax);
    }
    if digits > MAX_DIGITS {
        return Err(DecimalError::TooManyDigits);
    }
    // `frac_len <= MAX_DIGITS`, so the conversion cannot fail.
    let v = scaled(m, -i32::try_from(frac_len).unwrap_or(i32::MAX));
    Ok(if negative { -v } else { v })
}

/// M × 10^exp as a double.
///
/// The nearest double (one rounding) when M < 2⁵³ and |exp| ≤ 22; beyond that each further
/// factor 10²² rounds once more. Overflows to infinity and underflows to zero.
#[cfg_attr(monshin_hot, optimize(speed))]
pub(crate) fn scaled(m: u64, exp: i32) -> f64 {
    let mut v = m as f64;
    let mut e = exp;
    while e > 22 {
        v *= POW10[22];
        e -= 22;
    }
    while e < -22 {
        v /= POW10[22];
        e += 22;
    }
    let p = POW10[e.unsigned_abs() as usize];
    if e >= 0 {
        v * p
    } else {
        v / p
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_answers_and_literals() {
        assert_eq!(parse_decimal("0"), Ok(0.0));
        assert_eq!(parse_decimal("3250"), Ok(3250.0));
        assert_eq!(parse_decimal("36.5"), Ok(36.5));
        assert_eq!(parse_decimal("0.1"), Ok(0.1));
        assert_eq!(parse_decimal("007.50"), Ok(7.5));
        assert_eq!(parse_decimal("-273.15"), Ok(-273.15));
        assert_eq!(parse_decimal("999999999999999"), Ok(999_999_999_999_999.0));
        assert_eq!(parse_decimal("0.000000000000001"), Ok(1e-15));
        assert_eq!(parse_decimal("0000000000000000000001"), Ok(1.0));
    }

    #[test]
    fn refuses_what_is_not_a_short_decimal() {
        for bad in [
            "", "-", ".5", "1.", "1.2.3", "+1", "1e5", " 1", "١", "1_000", "--1",
        ] {
            assert_eq!(parse_decimal(bad), Err(DecimalError::Syntax), "{bad:?}");
        }
        for long in [
            "1000000000000000",
            "0.1234567890123456",
            "123456789.1234567",
        ] {
            assert_eq!(
                parse_decimal(long),
                Err(DecimalError::TooManyDigits),
                "{long}"
            );
        }
    }

    #[test]
    fn scales_beyond_the_exact_range() {
        assert_eq!(scaled(1, 30), 1e30);
        assert_eq!(scaled(25, -30), 2.5e-29);
        assert_eq!(scaled(1, 400), f64::INFINITY);
        assert_eq!(scaled(1, -400), 0.0);
    }

    /// The rules as written, on `str` methods: the reference the one-pass reader is held to.
    fn by_grammar(text: &str) -> Result<f64, DecimalError> {
        let (negative, body) = match text.strip_prefix('-') {
            Some(body) => (true, body),
            None => (false, text),
        };
        let (int, frac) = match body.split_once('.') {
            Some((_, "")) => return Err(DecimalError::Syntax),
            Some((int, frac)) => (int, frac),
            None => (body, ""),
        };
        if int.is_empty() || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
            return Err(DecimalError::Syntax);
        }
        let int = int.trim_start_matches('0');
        if int.len() + frac.len() > MAX_DIGITS {
            return Err(DecimalError::TooManyDigits);
        }
        let v: f64 = body.parse().map_err(|_| DecimalError::Syntax)?;
        Ok(if negative { -v } else { v })
    }

    proptest! {
        /// Syntax first, then the digit count, then the value: as the rules are written.
        #[test]
        fn follows_the_grammar(text in "[-0-9.x]{0,20}") {
            match (parse_decimal(&text), by_grammar(&text)) {
                (Ok(a), Ok(b)) => prop_assert_eq!(a.to_bits(), b.to_bits(), "{:?}", text),
                (a, b) => prop_assert_eq!(a.err(), b.err(), "{:?}", text),
            }
        }

        /// The same double as the standard library's correctly rounded parser.
        #[test]
        fn equals_std_parse(int in "-?[0-9]{1,15}", frac in "[0-9]{0,15}") {
            let text = if frac.is_empty() { int.clone() } else { format!("{int}.{frac}") };
            let digits = int.trim_start_matches('-').trim_start_matches('0').len() + frac.len();
            match parse_decimal(&text) {
                Ok(v) => {
                    prop_assert!(digits <= MAX_DIGITS);
                    let expected: f64 = text.parse().unwrap();
                    prop_assert_eq!(v.to_bits(), expected.to_bits(), "{}", text);
                }
                Err(e) => {
                    prop_assert_eq!(e, DecimalError::TooManyDigits);
                    prop_assert!(digits > MAX_DIGITS);
                }
            }
        }

        /// Exact for every M < 2⁵³ and |exp| ≤ 22.
        #[test]
        fn scaled_is_exact_in_range(m in 0u64..(1 << 53), exp in -22i32..=22) {
            let expected: f64 = format!("{m}e{exp}").parse().unwrap();
            prop_assert_eq!(scaled(m, exp).to_bits(), expected.to_bits());
        }
    }
}
