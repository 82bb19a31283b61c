//! The one place that reads the time, so that everything else takes "now" as an argument.
//!
//! Debug builds (the ones tests run) honour `GLOSS_NOW`, so that a test can travel through
//! months: unix seconds (`1795000000`), or an offset from the real time (`+3d`, `+12h`,
//! `-30m`). Release builds ignore it.

use std::time::{SystemTime, UNIX_EPOCH};

/// Unix seconds now.
pub fn now() -> i64 {
    let real = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    if cfg!(debug_assertions)
        && let Ok(setting) = std::env::var("GLOSS_NOW")
        && let Some(now) = parse(&setting, real)
    {
        return now;
    }
    real
}

/// `GLOSS_NOW`'s forms: unix seconds, or a signed offset in days, hours or minutes.
fn parse(setting: &str, real: i64) -> Option<i64> {
    let s = setting.trim();
    if let Ok(secs) = s.parse::<i64>() {
        return Some(secs);
    }
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let unit = match rest.chars().last()? {
        'd' => 86_400,
        'h' => 3_600,
        'm' => 60,
        _ => return None,
    };
    let amount: i64 = rest[..rest.len() - 1].parse().ok()?;
    Some(real + sign * amount * unit)
}

/// The hour at which a new day of reviews starts, local time (as Anki's default).
pub const DAY_START_HOUR: u8 = 4;

/// The reader's days of reviewing: local days starting at [`DAY_START_HOUR`].
pub fn days() -> crate::srs::Days {
    crate::srs::Days {
        utc_offset: utc_offset(),
        start_hour: DAY_START_HOUR,
    }
}

/// Seconds to add to a unix time to get local wall-clock time, now.
pub fn utc_offset() -> i32 {
    jiff::Timestamp::from_second(now())
        .map(|t| jiff::tz::TimeZone::system().to_offset(t).seconds())
        .unwrap_or(0)
}

/// Unix seconds as local wall-clock time in a `strftime` format; `?` if out of range.
pub fn format_local(unix: i64, format: &str) -> String {
    match jiff::Timestamp::from_second(unix) {
        Ok(t) => t
            .to_zoned_datetime(jiff::tz::TimeZone::system())
            .strftime(format)
            .to_string(),
        Err(_) => "?".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_of_gloss_now() {
        assert_eq!(parse("1795000000", 5), Some(1_795_000_000));
        assert_eq!(parse("+3d", 100), Some(100 + 3 * 86_400));
        assert_eq!(parse("-2h", 10_000), Some(10_000 - 7_200));
        assert_eq!(parse("+15m", 0), Some(900));
        assert_eq!(parse("tomorrow", 0), None);
        assert_eq!(parse("+3w", 0), None);
    }
}
