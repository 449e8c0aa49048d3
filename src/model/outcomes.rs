//! What became of an initiative after its recognition: the decision
//! recognising its effect, transfers and support funding. All public.

use jiff::civil::Date;
use serde::Serialize;

use super::types::{FundingPurpose, Scope};

/// The later decision recognising an initiative's effect and scope.
#[derive(Debug, Clone, Serialize)]
pub struct Effectiveness {
    pub decision: String,
    pub date: Date,
    /// The deciding unit's slug.
    pub body: String,
    pub scope: Scope,
    pub note: Option<String>,
}

/// A transfer (chuyển giao) to a unit (slug) or an organisation (name).
#[derive(Debug, Clone, Serialize)]
pub struct Transfer {
    pub to: String,
    pub year: i32,
    pub value_vnd: Option<u64>,
}

/// Support received.
#[derive(Debug, Clone, Serialize)]
pub struct Funding {
    pub year: i32,
    pub amount_vnd: u64,
    pub purpose: FundingPurpose,
    pub source: Option<String>,
}
