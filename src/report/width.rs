//! Long source lines cut around the column to fit a terminal line, so
//! that the `^^^` marker under them stays on screen.

/// The columns the excerpt's gutter takes (`123 | `), and the margin the
/// renderer keeps.
pub fn gutter(line: u32) -> usize {
    line.to_string().len() + 4
}

/// `line` cut to at most `room` characters around `column` (1-based, in
/// characters), with `…` where text was cut, and the column in the cut
/// line. Lines that fit are returned as they are.
pub fn cut(line: &str, column: Option<u32>, room: usize) -> (String, Option<u32>) {
    let chars: Vec<char> = line.chars().collect();
    // Below this, cutting would leave too little to recognise the line.
    let room = room.max(20);
    if chars.len() <= room {
        return (line.to_string(), column);
    }
    let col = column
        .map_or(0, |c| (c as usize).saturating_sub(1))
        .min(chars.len());
    // The column a third of the way in: some context before, more after.
    let mut start = col.saturating_sub(room / 3);
    let mut end = (start + room).min(chars.len());
    start = end.saturating_sub(room).min(start);
    let cut_before = start > 0;
    let cut_after = end < chars.len();
    // Room for the ellipses themselves.
    if cut_before {
        start += 1;
    }
    if cut_after {
        end -= 1;
    }
    let start = start.min(col);
    let mut out = String::new();
    if cut_before {
        out.push('…');
    }
    out.extend(&chars[start..end.max(start)]);
    if cut_after {
        out.push('…');
    }
    let shift = start as u32 - u32::from(cut_before);
    (out, column.map(|c| c.saturating_sub(shift).max(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_stay_whole() {
        assert_eq!(cut("title: x", Some(8), 80), ("title: x".into(), Some(8)));
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let line = format!("summary: {}xyz{}", "a".repeat(300), "b".repeat(300));
        let col = 9 + 300 + 1; // the `x`
        let (shown, c) = cut(&line, Some(col as u32), 60);
        assert!(shown.chars().count() <= 60, "{}", shown.chars().count());
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        let c = c.unwrap() as usize;
        assert_eq!(shown.chars().nth(c - 1), Some('x'), "{shown} {c}");
        // A column at the start keeps the start.
        let (shown, c) = cut(&line, Some(1), 60);
        assert!(shown.starts_with("summary: ") && shown.ends_with('…'));
        assert_eq!(c, Some(1));
        // A column at the end keeps the end.
        let (shown, c) = cut(&line, Some(line.chars().count() as u32), 60);
        assert!(shown.starts_with('…') && shown.ends_with('b'), "{shown}");
        assert_eq!(shown.chars().nth(c.unwrap() as usize - 1), Some('b'));
        assert!(shown.chars().count() <= 60);
    }
}
