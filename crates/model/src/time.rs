//! Dates as the API writes them, without a date library: IAM's ISO 8601, the skill market's
//! Beijing time, and the signer's `X-Sdk-Date`. All in UTC seconds since the Unix epoch.

/// (year, month, day, hour, minute, second) of a Unix time, in UTC (Howard Hinnant's
/// days-to-civil algorithm).
pub fn civil(secs: i64) -> (i64, i64, i64, i64, i64, i64) {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d, rem / 3600, rem % 3600 / 60, rem % 60)
}

/// The Unix time of a UTC date and time; `None` when a part is out of range.
pub fn from_civil(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64) -> Option<i64> {
    if !(1..=12).contains(&mo)
        || !(1..=31).contains(&d)
        || !(0..=23).contains(&h)
        || !(0..=59).contains(&mi)
        || !(0..=60).contains(&s)
    {
        return None;
    }
    let y = if mo <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (mo + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some((era * 146_097 + doe - 719_468) * 86_400 + h * 3600 + mi * 60 + s)
}

/// IAM's form: `2026-11-28T09:00:00.000000Z`.
pub fn iso8601(secs: i64) -> String {
    let (y, mo, d, h, mi, s) = civil(secs);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.000000Z")
}

/// Reads IAM's form (fractions of a second are ignored).
pub fn parse_iso8601(value: &str) -> Option<i64> {
    let b = value.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let n = |r: std::ops::Range<usize>| value.get(r)?.parse::<i64>().ok();
    from_civil(n(0..4)?, n(5..7)?, n(8..10)?, n(11..13)?, n(14..16)?, n(17..19)?)
}

/// ISO 8601 in UTC with milliseconds (`2026-12-05T10:00:00.250Z`), as the portal writes times.
pub fn iso8601_ms(ms: i64) -> String {
    let (y, mo, d, h, mi, s) = civil(ms.div_euclid(1000));
    let frac = ms.rem_euclid(1000);
    if !(0..=9999).contains(&y) {
        return format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{frac:03}Z");
    }
    // Written digit by digit: every audit record and every API token's call carries one, and
    // `format!` costs ten times as much.
    let mut out = *b"0000-00-00T00:00:00.000Z";
    let mut put = |at: usize, width: usize, mut v: i64| {
        for i in (at..at + width).rev() {
            out[i] = b'0' + (v % 10) as u8;
            v /= 10;
        }
    };
    put(0, 4, y);
    put(5, 2, mo);
    put(8, 2, d);
    put(11, 2, h);
    put(14, 2, mi);
    put(17, 2, s);
    put(20, 3, frac);
    // Only ASCII digits were written into an ASCII template.
    String::from_utf8(out.to_vec()).unwrap_or_default()
}

/// Reads [`iso8601_ms`]'s form back (milliseconds since the epoch); a time without a fraction
/// reads as its whole second.
pub fn parse_iso8601_ms(value: &str) -> Option<i64> {
    let secs = parse_iso8601(value)?;
    let frac = value.get(19..).and_then(|r| r.strip_prefix('.')).map_or("", |r| r.trim_end_matches('Z'));
    let ms = match frac.len() {
        0 => 0,
        _ => format!("{frac:0<3}").get(..3)?.parse::<i64>().ok()?,
    };
    Some(secs * 1000 + ms)
}

/// The skill market's form, in Beijing time: `2022-06-30 17:22:48 GMT+08:00`.
pub fn market_time(secs: i64) -> String {
    let (y, mo, d, h, mi, s) = civil(secs + 8 * 3600);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02} GMT+08:00")
}

/// The market's form at another offset from UTC (minutes east): `2026-12-06 09:00:00 GMT+01:00`.
pub fn market_time_at(secs: i64, offset_minutes: i64) -> String {
    let (y, mo, d, h, mi, s) = civil(secs + offset_minutes * 60);
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let off = offset_minutes.abs();
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02} GMT{sign}{:02}:{:02}", off / 60, off % 60)
}

/// Reads the market's form at any offset (`2022-06-30 17:22:48 GMT+08:00`).
pub fn parse_market_time(value: &str) -> Option<i64> {
    let (local, zone) = value.trim().split_once(" GMT")?;
    let local = parse_local(local)?;
    let b = zone.as_bytes();
    if b.len() != 6 || !matches!(b[0], b'+' | b'-') || b[3] != b':' {
        return None;
    }
    let hours: i64 = zone.get(1..3)?.parse().ok()?;
    let minutes: i64 = zone.get(4..6)?.parse().ok()?;
    if hours > 14 || minutes > 59 {
        return None;
    }
    let offset = (hours * 60 + minutes) * if b[0] == b'-' { -1 } else { 1 };
    Some(local - offset * 60)
}

/// Reads a date and time without a zone, `YYYY-MM-DD HH:MM` or `YYYY-MM-DD HH:MM:SS`, as the
/// seconds it would be in UTC (the caller applies the zone).
pub fn parse_local(value: &str) -> Option<i64> {
    let b = value.as_bytes();
    if !(b.len() == 16 || b.len() == 19)
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b' ' | b'T')
        || b[13] != b':'
    {
        return None;
    }
    if b.len() == 19 && b[16] != b':' {
        return None;
    }
    let n = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = value.get(r)?;
        part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok())?
    };
    let secs = if b.len() == 19 { n(17..19)? } else { 0 };
    let (y, mo, d) = (n(0..4)?, n(5..7)?, n(8..10)?);
    // A day the month does not have (2026-02-30) is not a date.
    let days_in_month = match mo {
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if d > days_in_month {
        return None;
    }
    from_civil(y, mo, d, n(11..13)?, n(14..16)?, secs).filter(|_| secs < 60)
}

/// A time the API wrote in any of its forms (IAM's ISO 8601, the market's), in UTC seconds.
pub fn parse_api_time(value: &str) -> Option<i64> {
    parse_iso8601(value).or_else(|| parse_market_time(value))
}

/// `X-Sdk-Date`'s form: `20240102T030405Z`.
pub fn sdk_date(secs: i64) -> String {
    let (y, mo, d, h, mi, s) = civil(secs);
    format!("{y:04}{mo:02}{d:02}T{h:02}{mi:02}{s:02}Z")
}

/// Reads `X-Sdk-Date`'s form.
pub fn parse_sdk_date(value: &str) -> Option<i64> {
    let b = value.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let n = |r: std::ops::Range<usize>| value.get(r)?.parse::<i64>().ok();
    from_civil(n(0..4)?, n(4..6)?, n(6..8)?, n(9..11)?, n(11..13)?, n(13..15)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_instants_in_every_form() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00.000000Z");
        assert_eq!(iso8601(1_709_251_199), "2024-02-29T23:59:59.000000Z");
        assert_eq!(parse_iso8601("2024-02-29T23:59:59.000000Z"), Some(1_709_251_199));
        assert_eq!(market_time(1_656_580_968), "2022-06-30 17:22:48 GMT+08:00");
        assert_eq!(sdk_date(1_704_164_645), "20240102T030405Z");
        assert_eq!(parse_sdk_date("20240102T030405Z"), Some(1_704_164_645));
        for bad in ["2024-01-02T03:04:05Z", "20241302T030405Z", "20240102T250405Z", "x"] {
            assert_eq!(parse_sdk_date(bad), None, "{bad}");
        }
        assert_eq!(parse_iso8601("garbage"), None);
        assert_eq!(iso8601_ms(1_709_251_199_250), "2024-02-29T23:59:59.250Z");
        assert_eq!(iso8601_ms(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso8601_ms(-1), "1969-12-31T23:59:59.999Z");
        assert_eq!(iso8601_ms(253_402_300_800_007), "10000-01-01T00:00:00.007Z", "beyond 9999: as format! writes it");
        for ms in [1_764_930_000_123_i64, 951_782_400_000, 4_102_444_799_999] {
            let (y, mo, d, h, mi, s) = civil(ms.div_euclid(1000));
            let slow = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{:03}Z", ms.rem_euclid(1000));
            assert_eq!(iso8601_ms(ms), slow);
        }
        assert_eq!(parse_iso8601_ms("2024-02-29T23:59:59.250Z"), Some(1_709_251_199_250));
        assert_eq!(parse_iso8601_ms("2024-02-29T23:59:59.5Z"), Some(1_709_251_199_500));
        assert_eq!(parse_iso8601_ms("2024-02-29T23:59:59Z"), Some(1_709_251_199_000));
        assert_eq!(parse_iso8601_ms("2024-02-29T23:59:59.250000Z"), Some(1_709_251_199_250));
        assert_eq!(parse_market_time("2022-06-30 17:22:48 GMT+08:00"), Some(1_656_580_968));
        assert_eq!(parse_market_time("2022-06-30 10:22:48 GMT+01:00"), Some(1_656_580_968));
        assert_eq!(parse_market_time("2022-06-30 04:22:48 GMT-05:00"), Some(1_656_580_968));
        assert_eq!(market_time_at(1_656_580_968, -300), "2022-06-30 04:22:48 GMT-05:00");
        assert_eq!(market_time_at(1_656_580_968, 480), market_time(1_656_580_968));
        assert_eq!(parse_api_time("2024-02-29T23:59:59.000000Z"), Some(1_709_251_199));
        assert_eq!(parse_api_time("2022-06-30 17:22:48 GMT+08:00"), Some(1_656_580_968));
        for bad in [
            "tomorrow 9am",
            "2022-06-30 17:22:48",
            "2022-06-30 17:22:48 GMT+8",
            "2022-02-30 10:00:00 GMT+00:00",
            "2022-06-30 24:00:00 GMT+00:00",
        ] {
            assert_eq!(parse_market_time(bad), None, "{bad}");
        }
        assert_eq!(parse_local("2026-12-06 09:00"), Some(from_civil(2026, 12, 6, 9, 0, 0).unwrap()));
        assert_eq!(parse_local("2026-12-06T09:00:30"), Some(from_civil(2026, 12, 6, 9, 0, 30).unwrap()));
        for bad in [
            "tomorrow 9am",
            "2026-12-06",
            "2026-13-01 09:00",
            "2026-12-06 9:00",
            "2026-12-06 09:60",
            "+026-12-06 09:00",
        ] {
            assert_eq!(parse_local(bad), None, "{bad}");
        }
        for secs in [-86_400, 0, 951_782_400, 4_102_444_800] {
            let (y, mo, d, h, mi, s) = civil(secs);
            assert_eq!(from_civil(y, mo, d, h, mi, s), Some(secs));
        }
    }
}
