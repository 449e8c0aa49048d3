//! The annual report's tables of what happened in the year to any
//! initiative: effectiveness decisions, IP titles, events, transfers; and
//! the replication of the year's initiatives.

use super::figures::unit_name;
use super::labels;
use super::table::{Cell, Table};
use crate::model::{Catalogue, Initiative};

pub fn tables(c: &Catalogue, year: i32, now: &[&Initiative]) -> Vec<Table> {
    // In catalogue order (newest recognition first), then by id for ties.
    let mut all: Vec<&Initiative> = c.initiatives.iter().collect();
    all.sort_by(|a, b| a.id.cmp(&b.id));
    let in_year = |d: jiff::civil::Date| i32::from(d.year()) == year;

    let mut eff = Table::new(
        "Hiệu quả",
        "hieu-qua",
        "Quyết định công nhận hiệu quả, phạm vi ảnh hưởng",
    )
    .headers(&[
        "Mã số",
        "Tên sáng kiến",
        "Số quyết định",
        "Ngày",
        "Cơ quan",
        "Phạm vi ảnh hưởng",
        "Ghi chú",
    ]);
    let mut ip = Table::new(
        "Sở hữu trí tuệ",
        "so-huu-tri-tue",
        "Văn bằng sở hữu trí tuệ được cấp",
    )
    .headers(&[
        "Mã số",
        "Tên sáng kiến",
        "Loại văn bằng",
        "Số văn bằng",
        "Ngày cấp",
    ]);
    let mut events = Table::new(
        "Sự kiện",
        "su-kien",
        "Sự kiện, hội chợ, triển lãm (Techmart) và giải thưởng",
    )
    .headers(&["Mã số", "Tên sáng kiến", "Sự kiện", "Giải thưởng"]);
    let mut transfers = Table::new("Chuyển giao", "chuyen-giao", "Chuyển giao sáng kiến")
        .headers(&["Mã số", "Tên sáng kiến", "Bên nhận", "Giá trị (đồng)"]);
    for i in &all {
        if let Some(e) = i.effectiveness.as_ref().filter(|e| in_year(e.date)) {
            eff.rows.push(vec![
                Cell::text(&i.id),
                Cell::text(&i.title),
                Cell::text(&e.decision),
                Cell::Date(e.date),
                Cell::Text(unit_name(c, &e.body)),
                Cell::text(labels::scope(e.scope)),
                e.note.as_deref().map_or(Cell::Empty, Cell::text),
            ]);
        }
        if let Some((x, granted)) =
            i.ip.as_ref()
                .and_then(|x| x.granted.map(|g| (x, g)))
                .filter(|(_, g)| in_year(*g))
        {
            ip.rows.push(vec![
                Cell::text(&i.id),
                Cell::text(&i.title),
                Cell::text(labels::ip(x.kind)),
                x.number.as_deref().map_or(Cell::Empty, Cell::text),
                Cell::Date(granted),
            ]);
        }
        for e in i.events.iter().filter(|e| e.year == year) {
            events.rows.push(vec![
                Cell::text(&i.id),
                Cell::text(&i.title),
                Cell::text(&e.name),
                e.award.as_deref().map_or(Cell::Empty, Cell::text),
            ]);
        }
        for x in i.transfers.iter().filter(|x| x.year == year) {
            transfers.rows.push(vec![
                Cell::text(&i.id),
                Cell::text(&i.title),
                Cell::Text(unit_name(c, &x.to)),
                x.value_vnd.map_or(Cell::Empty, Cell::Money),
            ]);
        }
    }
    let mut replication = Table::new(
        "Nhân rộng",
        "nhan-rong",
        "Nhân rộng sáng kiến được công nhận trong năm",
    )
    .headers(&[
        "Mã số",
        "Tên sáng kiến",
        "Số đơn vị áp dụng",
        "Đơn vị áp dụng",
    ]);
    let mut sorted = now.to_vec();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    for i in sorted.into_iter().filter(|i| !i.applied_in.is_empty()) {
        let names: Vec<String> = i.applied_in.iter().map(|u| unit_name(c, u)).collect();
        replication.rows.push(vec![
            Cell::text(&i.id),
            Cell::text(&i.title),
            Cell::count(names.len()),
            Cell::Text(names.join("; ")),
        ]);
    }
    vec![eff, ip, events, transfers, replication]
}
