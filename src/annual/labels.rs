//! Vietnamese names of the content model's values, as the reports for the
//! People's Committee, the Ministry and the emulation council write them.

use crate::model::{FundingPurpose, HonourKind, InitiativeKind, IpKind, Level, Scope};

pub fn level(l: Level) -> &'static str {
    match l {
        Level::Grassroots => "Cấp cơ sở",
        Level::Provincial => "Cấp tỉnh",
        Level::National => "Toàn quốc",
    }
}

pub fn kind(k: InitiativeKind) -> &'static str {
    match k {
        InitiativeKind::Technical => "Giải pháp kỹ thuật",
        InitiativeKind::Management => "Giải pháp quản lý",
        InitiativeKind::Operational => "Giải pháp tác nghiệp",
        InitiativeKind::TechnologyApplication => "Giải pháp ứng dụng tiến bộ kỹ thuật",
    }
}

pub fn scope(s: Scope) -> &'static str {
    match s {
        Scope::Unit => "Trong đơn vị",
        Scope::Sector => "Trong ngành",
        Scope::Province => "Toàn tỉnh",
        Scope::National => "Toàn quốc",
    }
}

pub fn ip(k: IpKind) -> &'static str {
    match k {
        IpKind::Patent => "Bằng độc quyền sáng chế",
        IpKind::UtilitySolution => "Bằng độc quyền giải pháp hữu ích",
        IpKind::IndustrialDesign => "Kiểu dáng công nghiệp",
        IpKind::Copyright => "Quyền tác giả",
        IpKind::Trademark => "Nhãn hiệu",
    }
}

pub fn purpose(p: FundingPurpose) -> &'static str {
    match p {
        FundingPurpose::Completion => "Hoàn thiện sáng kiến",
        FundingPurpose::Ip => "Bảo hộ sở hữu trí tuệ",
        FundingPurpose::Fair => "Tham gia hội chợ, triển lãm",
        FundingPurpose::Transfer => "Chuyển giao",
        FundingPurpose::Other => "Khác",
    }
}

pub fn honour(k: HonourKind) -> &'static str {
    match k {
        HonourKind::AdvancedWorker => "Lao động tiên tiến",
        HonourKind::AdvancedSoldier => "Chiến sĩ tiên tiến",
        HonourKind::EmulationGrassroots => "Chiến sĩ thi đua cơ sở",
        HonourKind::EmulationProvincial => "Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh",
        HonourKind::EmulationNational => "Chiến sĩ thi đua toàn quốc",
        HonourKind::MeritProvincial => "Bằng khen của Chủ tịch UBND tỉnh",
        HonourKind::MeritPrimeMinister => "Bằng khen của Thủ tướng Chính phủ",
        HonourKind::Other => "Khác",
    }
}
