//! The relevance suite: queries on the sample catalogue (content/) with the
//! initiatives expected first.

/// A query of the relevance suite: the initiatives (ids) expected as its
/// first results, in any order (`ordered`: in this order; `within`: all
/// among the first `within` results).
pub struct Case {
    pub query: &'static str,
    pub filters: &'static [(&'static str, &'static str)],
    pub top: &'static [&'static str],
    pub ordered: bool,
    pub within: usize,
}

pub const fn case(query: &'static str, top: &'static [&'static str]) -> Case {
    Case {
        query,
        filters: &[],
        top,
        ordered: false,
        within: 0,
    }
}

pub const fn first(query: &'static str, top: &'static [&'static str]) -> Case {
    Case {
        query,
        filters: &[],
        top,
        ordered: true,
        within: 0,
    }
}

pub const fn within(query: &'static str, within: usize, top: &'static [&'static str]) -> Case {
    Case {
        query,
        filters: &[],
        top,
        ordered: false,
        within,
    }
}

pub const fn filtered(
    query: &'static str,
    filters: &'static [(&'static str, &'static str)],
    top: &'static [&'static str],
) -> Case {
    Case {
        query,
        filters,
        top,
        ordered: false,
        within: 0,
    }
}

/// The suite over content/.
pub const SUITE: &[Case] = &[
    // Phrases, with and without diacritics; pairs of adjacent syllables
    // rank above the same syllables scattered.
    first("chuyển đổi số", &["KT-2023-001", "KT-2024-001"]),
    case("chuyen doi so", &["KT-2023-001", "KT-2024-001"]),
    case("Dak Ha", &["KT-2024-001", "KT-2021-001"]),
    within("Dak Ha", 4, &["KT-2021-004"]),
    // Entries naming Đắk Hà in the title first; an entry of a unit in the
    // district (its name is in the unit part) may come before the third.
    case("Đắk Hà", &["KT-2024-001", "KT-2021-001"]),
    within("Đắk Hà", 4, &["KT-2021-004"]),
    case(
        "duong giao thong",
        &["KT-2022-008", "KT-2024-006", "KT-2026-003"],
    ),
    case(
        "sâm Ngọc Linh",
        &["KT-2024-004", "KT-2022-003", "KT-2026-002"],
    ),
    case(
        "sam ngoc linh",
        &["KT-2024-004", "KT-2022-003", "KT-2026-002"],
    ),
    // Tone placement: the catalogue writes "thủy lợi" once and "thuỷ lợi" once.
    case("thuỷ lợi", &["KT-2023-011", "KT-2026-004"]),
    case("thủy lợi", &["KT-2023-011", "KT-2026-004"]),
    case("thuy loi", &["KT-2023-011", "KT-2026-004"]),
    // The title writes "hoá".
    first("tin học hóa", &["KT-2023-002"]),
    first("tin hoc hoa thu vien", &["KT-2023-002"]),
    case("cá tầm", &["KT-2022-005", "KT-2025-003"]),
    case("ca tam", &["KT-2022-005", "KT-2025-003"]),
    first("sot ret", &["KT-2024-003"]),
    first("đột quỵ", &["KT-2025-002"]),
    first("dot quy nao", &["KT-2025-002"]),
    first("ia h'drai", &["KT-2024-003"]),
    case("zalo", &["KT-2021-008", "KT-2023-007"]),
    // As-you-type: the last syllable is a prefix.
    case("cồng chi", &["KT-2022-007", "KT-2025-004"]),
    case("cong chi", &["KT-2022-007", "KT-2025-004"]),
    first("tro ly a", &["KT-2024-002"]),
    // "dược liệu" in the title first, then in the summary.
    first("dược li", &["KT-2025-007", "KT-2024-004"]),
    // Authors.
    case(
        "Bùi Thị Lan",
        &["KT-2021-008", "KT-2022-009", "KT-2024-008"],
    ),
    case(
        "phan van hung",
        &["KT-2022-008", "KT-2024-006", "KT-2026-003"],
    ),
    case("Y Ngọc", &["KT-2022-001", "KT-2023-002"]),
    // Units.
    case(
        "bệnh viện đa khoa tỉnh",
        &["KT-2021-003", "KT-2023-007", "KT-2025-002"],
    ),
    case("vuon quoc gia chu mom ray", &["KT-2021-007", "KT-2023-005"]),
    case("ca tam mang den", &["KT-2022-005", "KT-2025-003"]),
    // i/y after a consonant are one spelling (kỹ = kĩ); each word of a
    // mixed query follows its own rule; a spelling nobody wrote falls
    // back to the folded matches.
    first("kĩ thuật", &["KT-2021-004"]),
    first("kỹ thuật", &["KT-2021-004"]),
    case("cồng chieng", &["KT-2025-004", "KT-2022-007"]),
    case("cống chiêng", &["KT-2025-004", "KT-2022-007"]),
    // An id typed in any case.
    first("kt-2024-003", &["KT-2024-003"]),
    first("KT-2024-003", &["KT-2024-003"]),
    // Filters.
    filtered(
        "cảm biến",
        &[("field", "cong-nghe-thong-tin")],
        &["KT-2026-002"],
    ),
    filtered("quy trinh", &[("level", "national")], &["KT-2022-003"]),
    filtered("mot cua", &[("year", "2024")], &["KT-2024-009"]),
    // KT-2021-004 is about Đắk Hà but its unit is province-wide.
    filtered("ca phe", &[("district", "dak-ha")], &["KT-2024-001"]),
    filtered("y te", &[("unit", "ttyt-huyen-sa-thay")], &["KT-2022-002"]),
];

/// Queries that find nothing, with the first suggestion expected: the
/// closest words of the catalogue's vocabulary in place of those that
/// match nothing (in their most common spelling), the others as typed.
pub const SUGGESTIONS: &[(&str, &str)] = &[
    ("chuyen doii so", "chuyen doi so"),
    ("benh vienn", "benh vien"),
    ("sâm ngọc lihn", "sâm ngọc linh"),
    ("cồng chiênh ", "cồng chiêng"),
];
