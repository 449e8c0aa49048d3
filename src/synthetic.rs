//! A synthetic catalogue of any size, valid by the content model, for the
//! tests and the benchmarks (`sangkien-synth`, `src/bin/`). The project
//! carries its own so that a fresh clone needs nothing beside it.
//!
//! Deterministic: the same options give the same files, byte for byte.
//! The text mixes common words (in nearly every entry), rare ones (in a
//! few), spelling variants that search must reconcile (hoá/hóa, thuỷ/thủy,
//! lý/lí, kỹ/kĩ) and near-homographs that it must not (công/cồng).

use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    pub initiatives: usize,
    pub seed: u64,
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub initiatives: usize,
    pub authors: usize,
    pub units: usize,
}

/// A small, fast, fixed generator (SplitMix64): the output must not change
/// with a dependency's version.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const DISTRICTS: [(&str, &str); 6] = [
    ("kon-tum", "Thành phố Kon Tum"),
    ("dak-ha", "Huyện Đắk Hà"),
    ("ngoc-hoi", "Huyện Ngọc Hồi"),
    ("sa-thay", "Huyện Sa Thầy"),
    ("kon-plong", "Huyện Kon Plông"),
    ("ia-h-drai", "Huyện Ia H'Drai"),
];

/// Fields, each with topics its titles are made of.
const FIELDS: [(&str, &str, &[&str]); 6] = [
    (
        "y-te",
        "Y tế",
        &[
            "khám bệnh từ xa",
            "chăm sóc bệnh nhân",
            "quản lý hồ sơ bệnh án",
            "tiêm chủng mở rộng",
        ],
    ),
    (
        "giao-duc",
        "Giáo dục",
        &[
            "dạy học môn Toán",
            "rèn kỹ năng đọc",
            "giáo dục thể chất",
            "thư viện số",
        ],
    ),
    (
        "nong-nghiep",
        "Nông nghiệp",
        &[
            "trồng cà phê",
            "chăn nuôi bò",
            "tưới tiết kiệm nước",
            "thuỷ lợi nội đồng",
        ],
    ),
    (
        "hanh-chinh",
        "Cải cách hành chính",
        &[
            "thủ tục một cửa",
            "dịch vụ công trực tuyến",
            "lưu trữ văn bản",
            "số hoá hồ sơ",
        ],
    ),
    (
        "cong-nghiep",
        "Công nghiệp",
        &[
            "bảo dưỡng máy phát",
            "an toàn lao động",
            "tiết kiệm điện",
            "cơ khí chế tạo",
        ],
    ),
    (
        "van-hoa",
        "Văn hoá",
        &[
            "bảo tồn cồng chiêng",
            "du lịch cộng đồng",
            "nhà rông truyền thống",
            "lễ hội dân gian",
        ],
    ),
];

const OPENINGS: [&str; 6] = [
    "Giải pháp",
    "Nâng cao hiệu quả",
    "Ứng dụng công nghệ thông tin trong",
    "Cải tiến quy trình",
    "Đổi mới phương pháp",
    "Hoàn thiện mô hình",
];

/// Words rare enough that few entries hold them.
const RARE: [&str; 8] = [
    "khí sinh học",
    "pin mặt trời",
    "mã QR",
    "bản đồ số",
    "lý lịch khoa học",
    "kỹ thuật ghép",
    "thủy canh",
    "hóa sinh",
];

const SENTENCES: [&str; 10] = [
    "Trước đây công việc mất nhiều thời gian và dễ sai sót.",
    "Nhóm tác giả đã khảo sát thực trạng tại đơn vị và các xã lân cận.",
    "Giải pháp giúp tiết kiệm chi phí, rút ngắn thời gian xử lý.",
    "Người dân và cán bộ đều đánh giá cao tính hiệu quả của mô hình.",
    "Sau một năm áp dụng, số lỗi giảm rõ rệt so với cùng kỳ.",
    "Công ty và hợp tác xã trên địa bàn đã học tập, nhân rộng cách làm này.",
    "Quy trình mới được chuẩn hoá thành văn bản hướng dẫn.",
    "Các bước thực hiện đơn giản, dễ áp dụng ở vùng sâu, vùng xa.",
    "Chi phí đầu tư ban đầu thấp, phù hợp với điều kiện của tỉnh.",
    "Kết quả được Hội đồng sáng kiến đánh giá có phạm vi ảnh hưởng rộng.",
];

const FAMILY: [&str; 8] = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "A"];
const MIDDLE: [&str; 6] = ["Thị", "Văn", "Minh", "Hữu", "Ngọc", "Thanh"];
const GIVEN: [&str; 12] = [
    "Hoa", "Hùng", "Lan", "Dũng", "Hương", "Thủy", "Khánh", "Y Hơn", "Tuấn", "Mai", "Đức", "Linh",
];
const UNIT_KINDS: [(&str, &str); 4] = [
    ("school", "Trường Tiểu học"),
    ("hospital", "Trung tâm Y tế"),
    ("enterprise", "Công ty Cổ phần"),
    ("commune", "UBND xã"),
];
const LEVELS: [&str; 3] = ["grassroots", "provincial", "national"];
const KINDS: [&str; 4] = [
    "technical",
    "management",
    "operational",
    "technology_application",
];
const PREFIXES: [&str; 3] = ["KT", "QL", "SK"];
const FIRST_YEAR: usize = 2015;
const YEARS: usize = 11;

/// Writes a catalogue into `dir` (created if missing; files of the same
/// names are replaced).
pub fn write(dir: &Path, o: &Options) -> io::Result<Summary> {
    let mut rng = Rng(o.seed ^ 0x5a6e_6b69_656e);
    let units = (o.initiatives / 40).clamp(4, 300);
    let authors = (o.initiatives / 4).max(2);
    for sub in ["units", "authors", "pages"] {
        std::fs::create_dir_all(dir.join(sub))?;
    }
    std::fs::write(
        dir.join("site.yaml"),
        "title: \"Sáng kiến tổng hợp\"\nbase_url: \"https://sangkien.example.vn\"\npublisher: \"Sở Khoa học và Công nghệ\"\n",
    )?;
    let mut fields = String::new();
    for (slug, name, _) in FIELDS {
        writeln!(fields, "- slug: {slug}\n  name: \"{name}\"").ok();
    }
    std::fs::write(dir.join("fields.yaml"), fields)?;
    let mut districts = String::new();
    for (slug, name) in DISTRICTS {
        writeln!(districts, "- slug: {slug}\n  name: \"{name}\"").ok();
    }
    std::fs::write(dir.join("districts.yaml"), districts)?;
    std::fs::write(
        dir.join("units/so-khcn.yaml"),
        "name: \"Sở Khoa học và Công nghệ\"\nkind: department\ndistrict: kon-tum\n",
    )?;
    for u in 0..units {
        let (kind, prefix) = UNIT_KINDS[u % UNIT_KINDS.len()];
        let (district, place) = DISTRICTS[u % DISTRICTS.len()];
        let text = format!(
            "name: \"{prefix} số {n} {place}\"\nkind: {kind}\ndistrict: {district}\nparent: so-khcn\n",
            n = u + 1
        );
        std::fs::write(dir.join(format!("units/don-vi-{}.yaml", u + 1)), text)?;
    }
    let author_unit: Vec<usize> = (0..authors).map(|a| a % units + 1).collect();
    for (a, unit) in author_unit.iter().enumerate() {
        let name = format!(
            "{} {} {}",
            rng.pick(&FAMILY),
            rng.pick(&MIDDLE),
            rng.pick(&GIVEN)
        );
        let consent = rng.chance(60);
        let mut text = format!("---\nname: \"{name}\"\nunit: don-vi-{unit}\nconsent: {consent}\n");
        if consent {
            text.push_str("position: \"Chuyên viên\"\n");
        }
        writeln!(
            text,
            "private:\n  phone: \"09{:08}\"\n---\n",
            rng.below(100_000_000)
        )
        .ok();
        if consent {
            text.push_str("Có nhiều năm kinh nghiệm công tác tại cơ sở.\n");
        }
        std::fs::write(dir.join(format!("authors/tac-gia-{}.md", a + 1)), text)?;
    }
    std::fs::write(
        dir.join("pages/gioi-thieu.md"),
        "---\ntitle: \"Giới thiệu\"\n---\nDanh mục sáng kiến tổng hợp, dùng để kiểm thử.\n",
    )?;
    let mut next_id = vec![0usize; YEARS * PREFIXES.len()];
    for n in 0..o.initiatives {
        let year = FIRST_YEAR + n * YEARS / o.initiatives.max(1);
        let folder = dir.join(format!("initiatives/{year}"));
        if n == 0 || FIRST_YEAR + (n - 1) * YEARS / o.initiatives.max(1) != year {
            std::fs::create_dir_all(&folder)?;
        }
        let p = rng.below(PREFIXES.len());
        let counter = &mut next_id[(year - FIRST_YEAR) * PREFIXES.len() + p];
        *counter += 1;
        let id = format!("{}-{year}-{:03}", PREFIXES[p], *counter);
        // Every unit and author is used: the first ones go round in turn.
        let unit = if n < units {
            n + 1
        } else {
            rng.below(units) + 1
        };
        let first_author = if n < authors { n } else { rng.below(authors) };
        let text = initiative(&mut rng, &id, (n, year), unit, first_author, authors);
        std::fs::write(folder.join(format!("sk-{}.md", n + 1)), text)?;
    }
    Ok(Summary {
        initiatives: o.initiatives,
        authors,
        units: units + 1,
    })
}

fn initiative(
    rng: &mut Rng,
    id: &str,
    (n, year): (usize, usize),
    unit: usize,
    first_author: usize,
    authors: usize,
) -> String {
    let (field, _, topics) = *rng.pick(&FIELDS);
    let topic = rng.pick(topics);
    let mut title = format!("{} {topic}", rng.pick(&OPENINGS));
    if rng.chance(15) {
        write!(title, " bằng {}", rng.pick(&RARE)).ok();
    }
    let month = rng.below(12) + 1;
    let day = rng.below(28) + 1;
    let mut text = format!(
        "---\nid: {id}\ntitle: \"{title}\"\nsummary: \"{} {}\"\nkind: {}\nfield: {field}\nunit: don-vi-{unit}\n",
        rng.pick(&SENTENCES),
        rng.pick(&SENTENCES),
        rng.pick(&KINDS),
    );
    text.push_str("authors:\n");
    let second = (first_author + 1 + rng.below(authors.saturating_sub(1).max(1))) % authors;
    if second != first_author && rng.chance(40) {
        let share = 50 + rng.below(40);
        write!(
            text,
            "  - author: tac-gia-{}\n    share: {share}\n  - author: tac-gia-{}\n    share: {}\n",
            first_author + 1,
            second + 1,
            100 - share
        )
        .ok();
    } else {
        writeln!(text, "  - author: tac-gia-{}", first_author + 1).ok();
    }
    write!(
        text,
        "level: {}\nrecognition:\n  decision: \"{}/QĐ-UBND\"\n  date: {year}-{month:02}-{day:02}\n  body: so-khcn\n",
        rng.pick(&LEVELS),
        // One decision an entry: two with one number and title look copied.
        n + 1
    )
    .ok();
    if rng.chance(30) {
        writeln!(text, "tags: [\"{}\", \"{}\"]", topic, rng.pick(&RARE)).ok();
    }
    if rng.chance(10) {
        writeln!(text, "private:\n  note: \"ghi chú nội bộ {id}\"").ok();
    }
    text.push_str("---\n\n## Thực trạng\n\n");
    for _ in 0..2 + rng.below(4) {
        let s = *rng.pick(&SENTENCES);
        text.push_str(s);
        text.push(' ');
    }
    text.push_str("\n\n## Giải pháp\n\n");
    for _ in 0..1 + rng.below(4) {
        writeln!(text, "- {}", rng.pick(&SENTENCES)).ok();
    }
    if rng.chance(20) {
        writeln!(text, "\nÁp dụng **{}** cho {topic}.", rng.pick(&RARE)).ok();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_options_same_files() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let o = Options {
            initiatives: 50,
            seed: 7,
        };
        let summary = write(a.path(), &o).unwrap();
        write(b.path(), &o).unwrap();
        assert_eq!(summary.initiatives, 50);
        let read = |d: &Path| -> Vec<(String, Vec<u8>)> {
            let mut v: Vec<_> = walkdir::WalkDir::new(d)
                .into_iter()
                .flatten()
                .filter(|e| e.file_type().is_file())
                .map(|e| {
                    let rel = e.path().strip_prefix(d).unwrap().display().to_string();
                    (rel, std::fs::read(e.path()).unwrap())
                })
                .collect();
            v.sort();
            v
        };
        let files = read(a.path());
        assert_eq!(
            files.len(),
            3 + 5 + 12 + 1 + 50,
            "site, fields, districts, units, authors, page, initiatives"
        );
        assert_eq!(files, read(b.path()));
    }
}
