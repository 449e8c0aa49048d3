//! The one translation table of the interface text: Vietnamese (default)
//! and English, chosen by `site.yaml`'s `language`. Templates read it as
//! `t.<key>`; Rust code through [`Tr::get`].

use std::collections::HashMap;

use crate::model::Language;

/// (key, Vietnamese, English).
const TABLE: &[(&str, &str, &str)] = &[
    ("og_locale", "vi_VN", "en_US"),
    ("skip", "Bỏ qua, đến nội dung chính", "Skip to main content"),
    ("nav_main", "Điều hướng chính", "Main navigation"),
    ("breadcrumb", "Vị trí trang", "Breadcrumb"),
    ("home", "Trang chủ", "Home"),
    ("initiatives", "Sáng kiến", "Initiatives"),
    ("all_initiatives", "Tất cả sáng kiến", "All initiatives"),
    ("authors", "Tác giả", "Authors"),
    ("units", "Đơn vị", "Units"),
    ("stats", "Thống kê", "Statistics"),
    ("year_figures", "Số liệu năm", "Figures for"),
    ("year_list", "Danh sách sáng kiến của năm", "The year's initiatives"),
    ("open_data", "Dữ liệu mở", "Open data"),
    ("search", "Tìm kiếm", "Search"),
    ("exemplary", "Điển hình tiên tiến", "Exemplary authors"),
    ("featured", "Sáng kiến nổi bật", "Featured initiatives"),
    ("latest", "Mới được công nhận", "Recently recognised"),
    ("key_figures", "Số liệu chính", "Key figures"),
    ("see_all", "Xem tất cả sáng kiến", "See all initiatives"),
    ("id", "Mã số", "Number"),
    ("kind", "Loại giải pháp", "Kind of solution"),
    ("field", "Lĩnh vực", "Field"),
    ("fields", "Lĩnh vực", "Fields"),
    ("level", "Phạm vi ảnh hưởng", "Scope of influence"),
    ("levels", "Phạm vi ảnh hưởng", "Scopes of influence"),
    ("unit", "Đơn vị", "Unit"),
    ("district", "Địa bàn", "District"),
    ("districts", "Địa bàn", "Districts"),
    ("year", "Năm", "Year"),
    ("years", "Năm công nhận", "Years of recognition"),
    ("tag", "Từ khóa", "Tag"),
    ("tags", "Từ khóa", "Tags"),
    ("details", "Thông tin chung", "Details"),
    ("recognition", "Công nhận", "Recognition"),
    ("decision", "Quyết định", "Decision"),
    ("date", "Ngày", "Date"),
    ("recognised_by", "Cơ quan công nhận", "Recognised by"),
    ("round", "Đợt xét", "Review round"),
    ("applied_since", "Áp dụng từ", "Applied since"),
    ("applied_in", "Nhân rộng tại", "Replicated in"),
    ("benefits", "Hiệu quả", "Benefits"),
    ("savings", "Giá trị làm lợi", "Savings"),
    ("hours_saved", "Giờ công tiết kiệm mỗi năm", "Hours saved per year"),
    ("ip", "Sở hữu trí tuệ", "Intellectual property"),
    ("ip_number", "Số văn bằng", "Number"),
    ("granted", "Ngày cấp", "Granted"),
    ("events", "Sự kiện, giải thưởng", "Events and awards"),
    ("award", "Giải thưởng", "Award"),
    ("press", "Báo chí đưa tin", "Press coverage"),
    ("images", "Hình ảnh", "Images"),
    ("attachments", "Tài liệu đính kèm", "Attachments"),
    ("description", "Mô tả sáng kiến", "Description"),
    ("related", "Sáng kiến liên quan", "Related initiatives"),
    ("updated", "Cập nhật lần cuối", "Last updated"),
    ("history", "Lịch sử thay đổi", "Change history"),
    ("short_link", "Đường dẫn ngắn", "Short link"),
    ("share", "tỷ lệ đóng góp", "contribution"),
    ("draft", "Bản nháp, chưa công bố", "Draft, not published"),
    ("position", "Chức danh", "Position"),
    ("qualification", "Trình độ chuyên môn", "Qualification"),
    ("honours", "Danh hiệu, khen thưởng", "Honours"),
    ("biography", "Tiểu sử", "Biography"),
    ("exemplary_year", "Điển hình tiên tiến năm", "Exemplary author of"),
    ("author_initiatives", "Sáng kiến của tác giả", "Initiatives by this author"),
    ("unit_initiatives", "Sáng kiến của đơn vị", "Initiatives of this unit"),
    ("replicated_here", "Sáng kiến được nhân rộng tại đơn vị", "Initiatives replicated here"),
    ("child_units", "Đơn vị trực thuộc", "Subordinate units"),
    ("parent_unit", "Đơn vị cấp trên", "Parent unit"),
    ("website", "Trang thông tin điện tử", "Website"),
    ("unit_kind", "Loại đơn vị", "Kind of unit"),
    ("short_name", "Tên viết tắt", "Short name"),
    ("page", "Trang", "Page"),
    ("pagination", "Phân trang", "Pagination"),
    ("prev", "Trang trước", "Previous page"),
    ("next", "Trang sau", "Next page"),
    ("n_initiatives", "sáng kiến", "initiatives"),
    ("n_units", "đơn vị", "units"),
    ("n_authors", "tác giả", "authors"),
    ("n_fields", "lĩnh vực", "fields"),
    ("total_savings", "Tổng giá trị làm lợi", "Total savings"),
    ("by_year", "Số sáng kiến theo năm công nhận", "Initiatives by year of recognition"),
    ("by_field", "Số sáng kiến theo lĩnh vực", "Initiatives by field"),
    ("by_level", "Số sáng kiến theo phạm vi ảnh hưởng", "Initiatives by scope"),
    ("by_kind", "Số sáng kiến theo loại giải pháp", "Initiatives by kind"),
    ("by_district", "Số sáng kiến theo địa bàn", "Initiatives by district"),
    ("top_units", "Đơn vị có nhiều sáng kiến nhất", "Units with the most initiatives"),
    ("savings_by_year", "Giá trị làm lợi theo năm (đồng)", "Savings by year (VND)"),
    ("data_table", "Bảng số liệu", "Data table"),
    ("count", "Số sáng kiến", "Initiatives"),
    ("amount", "Giá trị", "Amount"),
    ("name", "Tên", "Name"),
    ("not_found", "Không tìm thấy trang", "Page not found"),
    ("not_found_text", "Trang bạn tìm không có hoặc đã được chuyển đi. Hãy thử tìm kiếm hoặc xem danh sách sáng kiến.", "The page you are looking for does not exist or has moved. Try searching or browse the list of initiatives."),
    ("search_label", "Từ khóa (có dấu hoặc không dấu)", "Search terms (with or without diacritics)"),
    ("search_button", "Tìm", "Search"),
    ("search_noscript", "Ô tìm kiếm cần JavaScript. Bạn vẫn có thể duyệt sáng kiến theo các danh mục dưới đây.", "Search needs JavaScript. You can still browse the initiatives by the lists below."),
    ("browse", "Duyệt theo danh mục", "Browse"),
    ("moved", "Trang này đã chuyển đến", "This page has moved to"),
    ("feed_all", "Sáng kiến mới được công nhận", "Newly recognised initiatives"),
    ("feed_featured", "Sáng kiến nổi bật", "Featured initiatives"),
    ("feeds", "Tin mới (Atom)", "Feeds (Atom)"),
    ("letters", "Theo chữ cái đầu của tên", "By initial of the given name"),
    ("none_yet", "Chưa có sáng kiến.", "No initiatives yet."),
    ("published_by", "Cơ quan công bố", "Published by"),
    ("currency", "đ", "VND"),
    ("hours", "giờ", "hours"),
    ("kind_technical", "Giải pháp kỹ thuật", "Technical solution"),
    ("kind_management", "Giải pháp quản lý", "Management solution"),
    ("kind_operational", "Giải pháp tác nghiệp", "Operational solution"),
    ("kind_technology_application", "Giải pháp ứng dụng tiến bộ kỹ thuật", "Application of technical advances"),
    ("level_grassroots", "Cấp cơ sở", "Grassroots"),
    ("level_provincial", "Cấp tỉnh", "Provincial"),
    ("level_national", "Toàn quốc", "National"),
    ("unitkind_department", "Sở, ban, ngành", "Departments"),
    ("unitkind_district", "UBND cấp huyện", "District committees"),
    ("unitkind_commune", "UBND cấp xã", "Commune committees"),
    ("unitkind_school", "Trường học", "Schools"),
    ("unitkind_hospital", "Cơ sở y tế", "Health facilities"),
    ("unitkind_enterprise", "Doanh nghiệp", "Enterprises"),
    ("unitkind_association", "Hội, đoàn thể", "Associations"),
    ("unitkind_other", "Đơn vị khác", "Other units"),
    ("ipkind_patent", "Bằng độc quyền sáng chế", "Patent"),
    ("ipkind_utility_solution", "Bằng độc quyền giải pháp hữu ích", "Utility solution"),
    ("ipkind_industrial_design", "Kiểu dáng công nghiệp", "Industrial design"),
    ("ipkind_copyright", "Quyền tác giả", "Copyright"),
    ("ipkind_trademark", "Nhãn hiệu", "Trademark"),
];

/// The interface text in one language.
#[derive(Debug, Clone)]
pub struct Tr {
    map: HashMap<&'static str, &'static str>,
    /// The same text as a JSON object, for templates.
    pub value: serde_json::Value,
}

impl Tr {
    pub fn new(lang: Language) -> Tr {
        let pick = |&(k, vi, en): &(&'static str, &'static str, &'static str)| {
            (k, if lang == Language::En { en } else { vi })
        };
        let map: HashMap<_, _> = TABLE.iter().map(pick).collect();
        let value = serde_json::Value::Object(
            TABLE
                .iter()
                .map(pick)
                .map(|(k, v)| (k.to_string(), serde_json::Value::from(v)))
                .collect(),
        );
        Tr { map, value }
    }

    /// The text of `key`, if the table has it.
    pub fn lookup(&self, key: &str) -> Option<&'static str> {
        self.map.get(key).copied()
    }

    /// The text of `key`. Keys are constants of this crate; an unknown one
    /// is a programming error caught by the unit tests, shown as the key.
    pub fn get(&self, key: &str) -> &'static str {
        self.map.get(key).copied().unwrap_or("?")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_every_template_key_exists() {
        let mut keys: Vec<_> = TABLE.iter().map(|r| r.0).collect();
        keys.sort();
        let n = keys.len();
        keys.dedup();
        assert_eq!(n, keys.len(), "duplicate key");
        for (name, text) in super::super::theme::default_templates() {
            let mut rest = *text;
            while let Some(at) = rest.find("t.") {
                let before = rest[..at].chars().last();
                rest = &rest[at + 2..];
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                    continue;
                }
                let key: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                assert!(keys.contains(&key.as_str()), "{name}: unknown key t.{key}");
            }
        }
    }
}
