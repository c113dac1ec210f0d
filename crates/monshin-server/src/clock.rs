//! Today's date in Japan (UTC+9), the default `today()` of validation: the one place the
//! service and the CLI read the clock.

use monshin_expr::Date;

/// Today in Japan from the system clock; `None` when the clock is before 1970.
pub fn today_in_japan() -> Option<Date> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    let days = i64::try_from((secs + 9 * 3600) / 86_400).ok()?;
    Date::from_ymd(1970, 1, 1)?.add_days(days)
}
