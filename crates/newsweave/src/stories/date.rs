//! ISO 8601 dates as fractional days since 1970-01-01 (UTC).

/// Parses the leading `YYYY-MM-DD` of an ISO 8601 date or date-time
/// ("2016-03-01", "2016-03-01T12:30:00Z", "2016-03-01 12:30+02:00"), with the
/// time of day when given (hours and minutes; a UTC offset is applied).
/// Returns days since the Unix epoch, or `None` when it is not such a date.
pub fn days_since_epoch(date: &str) -> Option<f64> {
    let s = date.trim().as_bytes();
    let year = number(s, 0, 4)?;
    if s.get(4) != Some(&b'-') {
        return None;
    }
    let month = number(s, 5, 2)?;
    let (day, rest) = if s.get(7) == Some(&b'-') {
        (number(s, 8, 2)?, 10)
    } else {
        return None;
    };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut days = days_from_civil(year, month, day) as f64;
    if matches!(s.get(rest), Some(b'T' | b't' | b' ')) {
        if let (Some(h), Some(b':'), Some(m)) = (
            number(s, rest + 1, 2),
            s.get(rest + 3),
            number(s, rest + 4, 2),
        ) {
            days += (h as f64 * 60.0 + m as f64) / 1440.0;
            // Skip seconds and fractions, then read an offset if any.
            let mut i = rest + 6;
            while i < s.len() && (s[i].is_ascii_digit() || s[i] == b':' || s[i] == b'.') {
                i += 1;
            }
            if let Some(&sign @ (b'+' | b'-')) = s.get(i) {
                if let Some(oh) = number(s, i + 1, 2) {
                    let om = match s.get(i + 3) {
                        Some(b':') => number(s, i + 4, 2).unwrap_or(0),
                        _ => number(s, i + 3, 2).unwrap_or(0),
                    };
                    let offset = (oh as f64 * 60.0 + om as f64) / 1440.0;
                    days += if sign == b'+' { -offset } else { offset };
                }
            }
        }
    }
    Some(days)
}

/// The ASCII decimal number in `s[at..at + len]`.
fn number(s: &[u8], at: usize, len: usize) -> Option<i64> {
    let digits = s.get(at..at + len)?;
    digits.iter().try_fold(0i64, |n, &b| {
        b.is_ascii_digit().then(|| n * 10 + i64::from(b - b'0'))
    })
}

/// Days from 1970-01-01 to the given proleptic Gregorian date (H. Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dates_and_times() {
        assert_eq!(days_since_epoch("1970-01-01"), Some(0.0));
        assert_eq!(days_since_epoch("2000-03-01"), Some(11_017.0));
        assert_eq!(days_since_epoch("2016-03-01T12:00:00Z"), Some(16_861.5));
        assert_eq!(
            days_since_epoch("2016-03-01T12:00:00+12:00"),
            Some(16_861.0)
        );
        assert_eq!(days_since_epoch("2016-03-01 06:00"), Some(16_861.25));
    }

    #[test]
    fn rejects_other_strings() {
        assert_eq!(days_since_epoch("yesterday"), None);
        assert_eq!(days_since_epoch("2016/03/01"), None);
        assert_eq!(days_since_epoch("2016-13-01"), None);
        assert_eq!(days_since_epoch(""), None);
    }
}
