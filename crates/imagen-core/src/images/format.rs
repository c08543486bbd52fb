//! Sizes and ages worded exactly as the `docker` CLI words them (docker/go-units), so a
//! workshop's screen matches its terminal. For the image list the page words sizes itself
//! (`humanSize` in ui/src/lib/shared/format.ts, held to the same cases, size-vectors.json);
//! these word the answers that carry their texts (inspect, history, removal plans).

/// Decimal size with three significant digits, as `docker images` prints it:
/// `units.HumanSizeWithPrecision(size, 3)` → `1.98MB`, `236MB`, `5.6kB`, `1e+03kB`.
pub fn human_size(bytes: u64) -> String {
    human_size_with_precision(bytes, 3)
}

/// Decimal size with four significant digits, as `docker image prune` prints its
/// "Total reclaimed space:" (`units.HumanSize`): `123.5MB`, `52.4MB`, `0B`.
pub fn human_size_as_prune(bytes: u64) -> String {
    human_size_with_precision(bytes, 4)
}

fn human_size_with_precision(bytes: u64, precision: usize) -> String {
    const UNITS: [&str; 9] = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
    let mut size = bytes as f64;
    let mut unit = 0;
    while size >= 1000.0 && unit < UNITS.len() - 1 {
        size /= 1000.0;
        unit += 1;
    }
    format!("{}{}", format_g(size, precision), UNITS[unit])
}

/// Go's `%.{precision}g` for non-negative finite values: shortest form, trailing zeros
/// dropped, exponent form when the exponent is < -4 or >= precision.
fn format_g(value: f64, precision: usize) -> String {
    if value == 0.0 {
        return "0".into();
    }
    // Round to `precision` significant digits first; the exponent is the rounded one
    // (999.9 → 1.00e3), exactly as Go decides.
    let sci = format!("{:.*e}", precision.saturating_sub(1), value);
    let (mantissa, exp) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if exp < -4 || exp >= precision as i32 {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{}e{}{:02}", trim_zeros(mantissa), sign, exp.abs())
    } else {
        let decimals = (precision as i32 - 1 - exp).max(0) as usize;
        trim_zeros(&format!("{value:.decimals$}")).to_owned()
    }
}

fn trim_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

/// How long ago, worded like `docker images` CREATED column without the " ago"
/// (go-units `HumanDuration`): `Less than a second`, `About a minute`, `2 weeks`.
pub fn human_duration(seconds: i64) -> String {
    let secs = seconds.max(0);
    let minutes = secs / 60;
    // Go rounds to the nearest hour for the hour-and-above buckets.
    let hours = (secs + 1800) / 3600;
    if secs < 1 {
        "Less than a second".into()
    } else if secs == 1 {
        "1 second".into()
    } else if secs < 60 {
        format!("{secs} seconds")
    } else if minutes == 1 {
        "About a minute".into()
    } else if minutes < 60 {
        format!("{minutes} minutes")
    } else if hours == 1 {
        "About an hour".into()
    } else if hours < 48 {
        format!("{hours} hours")
    } else if hours < 24 * 7 * 2 {
        format!("{} days", hours / 24)
    } else if hours < 24 * 30 * 2 {
        format!("{} weeks", hours / 24 / 7)
    } else if hours < 24 * 365 * 2 {
        format!("{} months", hours / 24 / 30)
    } else {
        format!("{} years", secs / 3600 / 24 / 365)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// go-units' `HumanSize` (`%.4g`), which `docker image prune` prints its total with.
    #[test]
    fn reclaimed_space_matches_docker_image_prune() {
        assert_eq!(human_size_as_prune(0), "0B");
        assert_eq!(human_size_as_prune(123_456_789), "123.5MB");
        assert_eq!(human_size_as_prune(52_399_000), "52.4MB");
        assert_eq!(human_size_as_prune(9_999_500), "9.999MB");
        assert_eq!(human_size_as_prune(1_000_000_000), "1GB");
    }

    /// The cases `ui/src/lib/shared/format.test.ts` runs through the page's `humanSize`, which
    /// words the list's sizes (the list sends bytes only).
    #[test]
    fn sizes_match_docker_images() {
        let vectors: serde_json::Value =
            serde_json::from_str(include_str!("size-vectors.json")).unwrap();
        let cases = vectors["cases"].as_array().unwrap();
        assert!(cases.len() > 20);
        for case in cases {
            let bytes = case[0].as_u64().unwrap();
            let want = case[1].as_str().unwrap();
            assert_eq!(human_size(bytes), want, "human_size({bytes})");
        }
    }

    #[test]
    fn g_format_edges() {
        assert_eq!(format_g(0.5, 3), "0.5");
        assert_eq!(format_g(0.00001234, 3), "1.23e-05");
        assert_eq!(format_g(9.995, 3), "9.99"); // 9.995 is below …995 in binary
        assert_eq!(format_g(12.0, 3), "12");
    }

    #[test]
    fn durations_match_go_units() {
        const MIN: i64 = 60;
        const HOUR: i64 = 3600;
        const DAY: i64 = 24 * HOUR;
        let cases: &[(i64, &str)] = &[
            (-5, "Less than a second"),
            (0, "Less than a second"),
            (1, "1 second"),
            (2, "2 seconds"),
            (59, "59 seconds"),
            (60, "About a minute"),
            (119, "About a minute"),
            (120, "2 minutes"),
            (59 * MIN, "59 minutes"),
            (60 * MIN, "About an hour"),
            (89 * MIN, "About an hour"),
            (90 * MIN, "2 hours"),
            (47 * HOUR, "47 hours"),
            (48 * HOUR, "2 days"),
            (13 * DAY, "13 days"),
            (14 * DAY, "2 weeks"),
            (59 * DAY, "8 weeks"),
            (60 * DAY, "2 months"),
            (729 * DAY, "24 months"),
            (730 * DAY, "2 years"),
            (3650 * DAY, "10 years"),
        ];
        for (secs, want) in cases {
            assert_eq!(human_duration(*secs), *want, "human_duration({secs})");
        }
    }
}
