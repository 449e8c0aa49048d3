//! A report is a list of tables; every output format (workbook, Markdown,
//! CSV, the public page) writes the same tables, so they cannot differ.

use jiff::civil::Date;

/// One value, typed: the workbook writes numbers as numbers and dates as
/// dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// An amount of money in đồng (shown with thousands separators).
    Money(u64),
    Date(Date),
    Empty,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    pub fn count(n: usize) -> Cell {
        Cell::Int(n as i64)
    }

    /// The value as text for Markdown and CSV (`dd/mm/yyyy` dates in
    /// Markdown, ISO dates in CSV, which machines read).
    pub fn display(&self, iso_dates: bool) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Money(n) if iso_dates => n.to_string(),
            Cell::Money(n) => thousands(*n),
            Cell::Date(d) if iso_dates => d.to_string(),
            Cell::Date(d) => format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year()),
            Cell::Empty => String::new(),
        }
    }
}

/// `1234567` → `1.234.567` (the Vietnamese grouping).
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Short name: the workbook's sheet (≤ 31 characters) and the CSV file.
    pub name: &'static str,
    /// The file name of its CSV, ASCII.
    pub file: &'static str,
    /// The heading above it.
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// A line under the table (a source, a rule's article).
    pub note: Option<String>,
}

impl Table {
    pub fn new(name: &'static str, file: &'static str, title: impl Into<String>) -> Table {
        Table {
            name,
            file,
            title: title.into(),
            headers: Vec::new(),
            rows: Vec::new(),
            note: None,
        }
    }

    pub fn headers(mut self, h: &[&str]) -> Table {
        self.headers = h.iter().map(|s| s.to_string()).collect();
        self
    }

    /// The column with this header, for tests and cross-checks.
    pub fn column(&self, header: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == header)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_groups_by_three() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1.000");
        assert_eq!(thousands(1_234_567), "1.234.567");
    }
}
