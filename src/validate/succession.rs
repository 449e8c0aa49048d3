//! The reorganisation rule: an entry dated on or after the day a unit
//! ceased to exist (`until`) should name the unit that took over
//! (`successor`). Entries before that day keep naming it as it was.

use std::collections::HashMap;
use std::ffi::OsStr;

use jiff::civil::Date;

use super::ctx::Ctx;
use super::Validated;
use crate::diag::{Diagnostic, Severity};
use crate::load::Loaded;
use crate::model::Unit;
use crate::msg;

pub fn check(loaded: &Loaded, v: &Validated, today: Date, out: &mut Vec<Diagnostic>) {
    let ceased: HashMap<&str, &Unit> = v
        .units
        .iter()
        .filter(|u| u.until.is_some())
        .map(|u| (u.slug.as_str(), u))
        .collect();
    if ceased.is_empty() {
        return;
    }
    let index_of: HashMap<&OsStr, usize> = loaded
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.path.as_os_str(), i))
        .collect();
    for i in &v.initiatives {
        let date = i.recognition.date;
        let mut named: Vec<(&str, &str, Date)> = vec![
            ("unit", i.unit.as_str(), date),
            ("recognition.body", i.recognition.body.as_str(), date),
        ];
        if let Some(e) = &i.effectiveness {
            named.push(("effectiveness.body", e.body.as_str(), e.date));
        }
        for (key, slug, on) in named {
            let Some(u) = ceased.get(slug) else { continue };
            let Some(until) = u.until.filter(|until| on >= *until) else {
                continue;
            };
            let Some(&fi) = index_of.get(i.source.as_os_str()) else {
                continue;
            };
            let mut ctx = Ctx::new(&loaded.files[fi], &loaded.root, today);
            let hint = match &u.successor {
                Some(s) => msg!("ceased-unit.successor", successor = s.as_str()),
                None => msg!("ceased-unit.none"),
            };
            ctx.report(
                Severity::Warning,
                "ceased-unit",
                key,
                msg!(
                    "ceased-unit",
                    slug = slug.to_string(),
                    until = until.to_string(),
                    on = on.to_string()
                ),
                Some(hint),
            );
            out.append(&mut ctx.diags);
        }
    }
}
