//! Numbers for a person: thousands separated, shares as percentages, distances in metres or km.

/// `12,345`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `n / of` as `97.5%` (`—` when `of` is 0: no share of nothing).
pub fn share(n: u64, of: u64) -> String {
    if of == 0 { "—".to_string() } else { format!("{:.1}%", 100.0 * n as f64 / of as f64) }
}

/// A distance: `850 m` or `12.3 km`.
pub fn distance(metres: f64) -> String {
    if metres < 1_000.0 { format!("{metres:.0} m") } else { format!("{:.1} km", metres / 1_000.0) }
}

/// `label` padded with spaces to `columns` terminal columns (a Han character takes two).
pub fn pad(label: &str, columns: usize) -> String {
    let width = unicode_width::UnicodeWidthStr::width(label);
    format!("{label}{}", " ".repeat(columns.saturating_sub(width)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_well() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(share(1, 3), "33.3%");
        assert_eq!(share(0, 0), "—");
        assert_eq!(distance(850.2), "850 m");
        assert_eq!(distance(12_345.0), "12.3 km");
        assert_eq!(pad("住户 hh", 10), "住户 hh   ");
    }
}
