//! Decimal rounding for `round(x, digits)`: half away from zero (四捨五入) on the decimal
//! digits the number is written with, so `round(2.675, 2)` is `2.68` as a person expects.

use crate::decimal::{scaled, MAX_DIGITS};

/// Rounds `x` to `digits` decimal places (negative: tens, hundreds…), half away from zero.
///
/// Works on the shortest decimal representation of `x` (what `Display` prints), not on its
/// exact binary value, and returns the double nearest to the rounded decimal. Rounding finer
/// than 15 significant digits returns `x`. `None` if `digits` is not an integer or the result
/// is not finite.
pub(crate) fn round_half_away(x: f64, digits: f64) -> Option<f64> {
    let (kept, d) = match kept_digits(x, digits) {
        Ok(kept) => kept,
        Err(known) => return known,
    };
    // The result is K × 10^-d, K the kept digits; as M × 10^exp without zeros at either end.
    let digits = kept.iter().skip_while(|&&b| b == b'0');
    let significant: Vec<u8> = digits.copied().collect();
    let trailing = significant.iter().rev().take_while(|&&b| b == b'0').count();
    let significant = significant
        .get(..significant.len() - trailing)
        .unwrap_or(&[]);
    if significant.len() > MAX_DIGITS {
        // Finer than the 15 digits every double carries: x is already as close as it gets.
        return Some(x);
    }
    let m = significant
        .iter()
        .fold(0u64, |m, &b| m * 10 + u64::from(b - b'0'));
    let exp = i32::try_from(trailing as i64 - d).ok()?;
    with_sign_of(x, nearest(m, exp))
}

/// The decimal step of rounding: `Ok((K, d))` when |x| rounds to K × 10^-d (K the kept
/// digits, ASCII), `Err(result)` when the result is known without arithmetic.
fn kept_digits(x: f64, digits: f64) -> Result<(Vec<u8>, i64), Option<f64>> {
    if !x.is_finite() || !digits.is_finite() || digits.fract() != 0.0 {
        return Err(None);
    }
    // f64 has at most 309 integer digits and 1074 binary (so ≤ 767 decimal) fraction digits.
    if digits >= 800.0 {
        return Err(Some(x));
    }
    if digits <= -400.0 {
        return Err(Some(0.0));
    }
    let d = digits as i64;
    let text = format!("{}", x.abs());
    let (int_part, frac_part) = text.split_once('.').unwrap_or((text.as_str(), ""));
    let all: Vec<u8> = int_part.bytes().chain(frac_part.bytes()).collect();
    // Number of leading digits kept: the integer digits plus `d` fraction digits.
    let keep = int_part.len() as i64 + d;
    if keep >= all.len() as i64 {
        return Err(Some(x));
    }
    let mut kept: Vec<u8> = if keep > 0 {
        all.get(..keep as usize).ok_or(None)?.to_vec()
    } else {
        Vec::new()
    };
    let next = if keep >= 0 {
        all.get(keep as usize).copied().unwrap_or(b'0')
    } else {
        b'0'
    };
    if next >= b'5' {
        // Increment the kept digits as a decimal number.
        let mut carry = true;
        for digit in kept.iter_mut().rev() {
            if *digit == b'9' {
                *digit = b'0';
            } else {
                *digit += 1;
                carry = false;
                break;
            }
        }
        if carry {
            kept.insert(0, b'1');
        }
    }
    if kept.is_empty() {
        kept.push(b'0');
    }
    Ok((kept, d))
}

/// `magnitude` with the sign of `x`; `None` when not finite, never negative zero.
fn with_sign_of(x: f64, magnitude: f64) -> Option<f64> {
    let result = if x < 0.0 { -magnitude } else { magnitude };
    if !result.is_finite() {
        return None;
    }
    Some(if result == 0.0 { 0.0 } else { result })
}

/// The double nearest to M × 10^exp, for M < 10^15.
///
/// [`scaled`] is exact for |exp| ≤ 22. Beyond, it rounds once per factor 10²², so the
/// neighbours of its result are compared by shortest representation: a decimal of at most
/// 15 significant digits is the shortest representation of its nearest double, and of no
/// other (subnormal results, with fewer bits, keep the approximation).
fn nearest(m: u64, exp: i32) -> f64 {
    let approx = scaled(m, exp);
    if exp.abs() <= 22 || m == 0 || !approx.is_normal() {
        return approx;
    }
    let digits = m.to_string();
    let (first, rest) = digits.split_at(1);
    let point = if rest.is_empty() { "" } else { "." };
    let target = format!(
        "{first}{point}{rest}e{}",
        i64::from(exp) + rest.len() as i64
    );
    let bits = approx.to_bits();
    (0..=8u64)
        .flat_map(|k| [bits.wrapping_sub(k), bits.wrapping_add(k)])
        .map(f64::from_bits)
        .find(|y| y.is_finite() && format!("{y:e}") == target)
        .unwrap_or(approx)
}

#[cfg(test)]
mod tests {
    use super::round_half_away as r;

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(r(2.5, 0.0), Some(3.0));
        assert_eq!(r(-2.5, 0.0), Some(-3.0));
        assert_eq!(r(2.4999, 0.0), Some(2.0));
        assert_eq!(r(2.675, 2.0), Some(2.68));
        assert_eq!(r(1.005, 2.0), Some(1.01));
        assert_eq!(r(36.55, 1.0), Some(36.6));
        assert_eq!(r(9.99, 1.0), Some(10.0));
        assert_eq!(r(99.5, 0.0), Some(100.0));
        assert_eq!(r(0.0049, 2.0), Some(0.0));
        assert_eq!(r(0.005, 2.0), Some(0.01));
        assert_eq!(r(-0.001, 0.0), Some(0.0));
        assert_eq!(r(1.5, 3.0), Some(1.5));
        assert_eq!(r(1234.0, -2.0), Some(1200.0));
        assert_eq!(r(1250.0, -2.0), Some(1300.0));
        assert_eq!(r(49.0, -2.0), Some(0.0));
        assert_eq!(r(50.0, -2.0), Some(100.0));
        assert_eq!(r(5.0, -3.0), Some(0.0));
        assert_eq!(r(22.857142857142858, 1.0), Some(22.9));
        assert_eq!(r(1e-7, 7.0), Some(1e-7));
        assert_eq!(r(1.0, 0.5), None);
        assert_eq!(r(1.7e308, -308.0), None);
        assert_eq!(r(1.2e308, -308.0), Some(1e308));
        assert_eq!(r(f64::MAX, 1000.0), Some(f64::MAX));
        assert_eq!(r(f64::MAX, -1000.0), Some(0.0));
        assert_eq!(r(5e-324, 400.0), Some(5e-324));
    }

    /// The rounded decimal written out and read by the standard library's parser.
    fn reference(x: f64, digits: f64) -> Option<f64> {
        let (kept, d) = match super::kept_digits(x, digits) {
            Ok(kept) => kept,
            Err(known) => return known,
        };
        let mantissa = String::from_utf8(kept).ok()?;
        let magnitude: f64 = format!("{mantissa}e{}", -d).parse().ok()?;
        super::with_sign_of(x, magnitude)
    }

    proptest::proptest! {
        /// The double nearest to the rounded decimal, wherever that has at most 15 digits.
        #[test]
        fn nearest_to_the_rounded_decimal(
            m in 0u64..1_000_000_000_000_000_000,
            e in -340i32..300,
            digits in -30i32..30,
        ) {
            let x: f64 = format!("{m}e{e}").parse().unwrap();
            let expected = reference(x, f64::from(digits));
            let got = r(x, f64::from(digits));
            if got != Some(x) || expected == Some(x) {
                proptest::prop_assert_eq!(got.map(f64::to_bits), expected.map(f64::to_bits));
            } else {
                // Rounding finer than 15 digits keeps x.
                let rounded = expected.unwrap().abs().to_string();
                let significant = rounded.trim_start_matches(['0', '.']).replace('.', "");
                proptest::prop_assert!(significant.len() > 15, "{} {} {}", x, digits, rounded);
            }
        }
    }
}
