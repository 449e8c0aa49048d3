//! Tables as an Excel workbook (rust_xlsxwriter): one sheet per table,
//! the headers in bold on the first row (frozen), numbers as numbers,
//! amounts with thousands separators, dates as dates, columns as wide as
//! their text.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

use super::table::{Cell, Table};
use super::Document;

/// Widest column, in characters.
const MAX_WIDTH: usize = 60;

pub fn render(doc: &Document) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_title(&doc.title));
    let bold = Format::new().set_bold().set_text_wrap();
    let money = Format::new().set_num_format("#,##0");
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let italic = Format::new().set_italic();
    for t in &doc.tables {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(t))?;
        let mut widths: Vec<usize> = t.headers.iter().map(|h| h.chars().count()).collect();
        for (c, h) in t.headers.iter().enumerate() {
            ws.write_string_with_format(0, col(c), h, &bold)?;
        }
        for (r, row) in t.rows.iter().enumerate() {
            let r = (r + 1) as u32;
            for (c, cell) in row.iter().enumerate() {
                let cc = col(c);
                match cell {
                    Cell::Text(s) => {
                        ws.write_string(r, cc, s)?;
                    }
                    Cell::Int(n) => {
                        ws.write_number(r, cc, *n as f64)?;
                    }
                    Cell::Money(n) => {
                        ws.write_number_with_format(r, cc, *n as f64, &money)?;
                    }
                    Cell::Date(d) => {
                        let x = ExcelDateTime::from_ymd(
                            d.year() as u16,
                            d.month() as u8,
                            d.day() as u8,
                        )?;
                        ws.write_datetime_with_format(r, cc, &x, &date)?;
                    }
                    Cell::Empty => {}
                }
                if let Some(w) = widths.get_mut(c) {
                    *w = (*w).max(cell.display(false).chars().count());
                }
            }
        }
        if let Some(note) = &t.note {
            ws.write_string_with_format(t.rows.len() as u32 + 2, 0, note, &italic)?;
        }
        for (c, w) in widths.into_iter().enumerate() {
            ws.set_column_width(col(c), (w.clamp(8, MAX_WIDTH) + 2) as f64)?;
        }
        ws.set_freeze_panes(1, 0)?;
    }
    wb.save_to_buffer()
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// Excel's sheet names: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(t: &Table) -> String {
    t.name
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect()
}
