//! The public model: everything here may be published. There is no field
//! for private data (`private`, `confidential`, the profile of an author
//! without consent), so no later stage can publish it by mistake.

use std::path::PathBuf;

use jiff::civil::Date;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Vi,
    En,
}

#[derive(Debug, Clone, Serialize)]
pub struct Site {
    pub title: String,
    pub tagline: Option<String>,
    /// Absolute URL without a trailing slash.
    pub base_url: String,
    pub language: Language,
    pub publisher: String,
    pub per_page: usize,
    /// The publisher's emblem.
    pub logo: Option<Image>,
    /// Licence of the open data files (`CC BY 4.0` unless set).
    pub data_licence: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub slug: String,
    pub name: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct District {
    pub slug: String,
    pub name: String,
    /// The day the district ceased to exist.
    pub until: Option<Date>,
}

/// Generates an enum of YAML values with their spelling in the catalogue.
macro_rules! yaml_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub const NAMES: &'static [&'static str] = &[$($text),+];
            /// The value as written in the catalogue (and in site paths).
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

yaml_enum!(
    /// What kind of organisation a unit is.
    UnitKind {
        Department = "department",
        District = "district",
        Commune = "commune",
        School = "school",
        Hospital = "hospital",
        Enterprise = "enterprise",
        Association = "association",
        Other = "other",
    }
);

yaml_enum!(
    /// Loại giải pháp.
    InitiativeKind {
        Technical = "technical",
        Management = "management",
        Operational = "operational",
        TechnologyApplication = "technology_application",
    }
);

yaml_enum!(
    /// Recognised scope of influence.
    Level {
        Grassroots = "grassroots",
        Provincial = "provincial",
        National = "national",
    }
);

yaml_enum!(
    IpKind {
        Patent = "patent",
        UtilitySolution = "utility_solution",
        IndustrialDesign = "industrial_design",
        Copyright = "copyright",
        Trademark = "trademark",
    }
);

yaml_enum!(
    /// The kind of an honour, for the commendation list (`honours[].kind`).
    HonourKind {
        AdvancedWorker = "advanced_worker",
        AdvancedSoldier = "advanced_soldier",
        EmulationGrassroots = "emulation_grassroots",
        EmulationProvincial = "emulation_provincial",
        EmulationNational = "emulation_national",
        MeritProvincial = "merit_provincial",
        MeritPrimeMinister = "merit_prime_minister",
        Other = "other",
    }
);

yaml_enum!(
    /// Scope of influence recognised by an effectiveness decision.
    Scope {
        Unit = "unit",
        Sector = "sector",
        Province = "province",
        National = "national",
    }
);

yaml_enum!(
    /// What support funding paid for.
    FundingPurpose {
        Completion = "completion",
        Ip = "ip",
        Fair = "fair",
        Transfer = "transfer",
        Other = "other",
    }
);

pub use super::outcomes::*;

#[derive(Debug, Clone, Serialize)]
pub struct Unit {
    pub slug: String,
    pub name: String,
    pub short_name: Option<String>,
    pub kind: UnitKind,
    pub district: Option<String>,
    pub parent: Option<String>,
    pub website: Option<String>,
    /// The day the unit ceased to exist.
    pub until: Option<Date>,
    /// The unit that took over its work.
    pub successor: Option<String>,
}

/// A file inside the catalogue that an entry references.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Asset {
    /// Path relative to the catalogue root, `/`-separated; it is also the
    /// asset's path in the published site.
    pub path: String,
    /// Absolute path on disk, for copying.
    #[serde(skip)]
    pub file: PathBuf,
}

#[derive(Debug, Clone, Serialize)]
pub struct Image {
    pub src: Asset,
    pub alt: String,
    pub caption: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Attachment {
    pub src: Asset,
    pub title: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Honour {
    pub title: String,
    pub year: i32,
    pub decision: Option<String>,
    pub kind: Option<HonourKind>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Exemplary {
    pub year: i32,
    pub citation: String,
}

/// The parts of an author's record published only with their consent.
#[derive(Debug, Clone, Serialize)]
pub struct Profile {
    pub position: Option<String>,
    pub qualification: Option<String>,
    pub photo: Option<Image>,
    /// Markdown biography.
    pub biography: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Author {
    pub slug: String,
    pub name: String,
    pub unit: String,
    pub sort_name: Option<String>,
    pub honours: Vec<Honour>,
    /// Every year the author was named exemplary, oldest first.
    pub exemplary: Vec<Exemplary>,
    /// `Some` only when the author gave consent.
    pub profile: Option<Profile>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AuthorShare {
    pub author: String,
    pub share: Option<u32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Recognition {
    pub decision: String,
    pub date: Date,
    pub body: String,
    pub round: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Benefits {
    pub summary: Option<String>,
    pub savings_vnd: Option<u64>,
    pub hours_saved_per_year: Option<u64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Ip {
    pub kind: IpKind,
    pub number: Option<String>,
    pub granted: Option<Date>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub name: String,
    pub year: i32,
    pub award: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Press {
    pub title: String,
    pub url: String,
    pub outlet: String,
    pub date: Option<Date>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Featured {
    pub from: Date,
    pub until: Option<Date>,
    pub headline: Option<String>,
}

impl Featured {
    /// Featured from `from` up to and including `until`.
    pub fn is_active(&self, day: Date) -> bool {
        self.from <= day && self.until.map_or(true, |u| day <= u)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Initiative {
    pub slug: String,
    pub id: String,
    pub title: String,
    pub summary: String,
    pub kind: InitiativeKind,
    pub field: String,
    pub unit: String,
    pub authors: Vec<AuthorShare>,
    pub level: Level,
    pub recognition: Recognition,
    pub applied_since: Option<Date>,
    pub applied_in: Vec<String>,
    pub benefits: Option<Benefits>,
    pub ip: Option<Ip>,
    pub events: Vec<Event>,
    pub press: Vec<Press>,
    pub featured: Option<Featured>,
    /// Chủ đầu tư: a unit slug or an organisation's name.
    pub investor: Option<String>,
    pub effectiveness: Option<Effectiveness>,
    pub transfers: Vec<Transfer>,
    pub funding: Vec<Funding>,
    pub tags: Vec<String>,
    pub images: Vec<Image>,
    pub attachments: Vec<Attachment>,
    pub aliases: Vec<String>,
    /// Only ever true in a local preview (`serve --drafts`).
    pub draft: bool,
    /// Markdown description.
    pub body: String,
    /// Source file, relative to the catalogue root.
    pub source: PathBuf,
    /// Changes to the source file from git, newest first; empty without git.
    pub history: Vec<Change>,
}

/// One commit that changed an initiative's file: only its date and subject
/// (never the author's name or email).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub date: Date,
    pub subject: String,
}

impl Initiative {
    pub fn year(&self) -> i16 {
        self.recognition.date.year()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub slug: String,
    pub title: String,
    /// Optional one-line description for the meta tags.
    pub description: Option<String>,
    pub body: String,
}
