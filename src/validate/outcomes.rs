//! Reading what became of an initiative after its recognition:
//! `effectiveness`, `transfers`, `funding`, and `investor`.

use crate::msg;
use serde_yaml::Value;

use super::ctx::{Ctx, Obj, Target};
use crate::model::limits;
use crate::model::{Effectiveness, Funding, FundingPurpose, Recognition, Scope, Transfer};

/// A unit slug or an organisation's name (`investor`, `transfers[].to`).
/// Written as a slug, it must name a unit (a name always has a capital or
/// a space, so a slug-shaped value that names no unit is a typo).
pub fn unit_or_name(ctx: &mut Ctx, o: &Obj, key: &str) -> Option<String> {
    let s = ctx.text(o, key)?;
    if crate::text::is_slug(&s) {
        return ctx.reference(o, key, Target::Unit);
    }
    Some(s)
}

pub fn effectiveness(
    ctx: &mut Ctx,
    v: &Value,
    recognition: Option<&Recognition>,
) -> Option<Effectiveness> {
    let o = ctx.obj(
        v,
        "effectiveness",
        &["decision", "date", "body", "scope", "note"],
        &["decision", "date", "body", "scope"],
    )?;
    let decision = ctx.text(&o, "decision");
    let date = ctx.date(&o, "date");
    let body = ctx.reference(&o, "body", Target::Unit);
    let scope = ctx.one_of(&o, "scope", Scope::parse, Scope::NAMES);
    let note = ctx.text(&o, "note");
    if let (Some(d), Some(r)) = (date, recognition) {
        if d < r.date {
            ctx.error_hint(
                "date-order",
                "effectiveness.date",
                msg!(
                    "effectiveness.before",
                    date = d.to_string(),
                    recognised = r.date.to_string()
                ),
                msg!("effectiveness.before.hint"),
            );
        }
    }
    if let Some(d) = date.filter(|d| *d > ctx.today) {
        let today = ctx.today;
        ctx.error_hint(
            "future-date",
            "effectiveness.date",
            msg!("effectiveness.future", date = d.to_string()),
            msg!("effectiveness.future.hint", today = today.to_string()),
        );
    }
    Some(Effectiveness {
        decision: decision?,
        date: date?,
        body: body?,
        scope: scope?,
        note,
    })
}

fn year(ctx: &mut Ctx, o: &Obj) -> Option<i32> {
    ctx.int(o, "year", *limits::YEARS.start(), *limits::YEARS.end())
        .map(|y| y as i32)
}

fn money(ctx: &mut Ctx, o: &Obj, key: &str) -> Option<u64> {
    ctx.int(o, key, 0, i64::MAX).map(|n| n as u64)
}

pub fn transfer(ctx: &mut Ctx, v: &Value, path: &str) -> Option<Transfer> {
    let o = ctx.obj(v, path, &["to", "year", "value_vnd"], &["to", "year"])?;
    let to = unit_or_name(ctx, &o, "to");
    let year = year(ctx, &o);
    let value_vnd = money(ctx, &o, "value_vnd");
    Some(Transfer {
        to: to?,
        year: year?,
        value_vnd,
    })
}

pub fn funding(ctx: &mut Ctx, v: &Value, path: &str) -> Option<Funding> {
    let o = ctx.obj(
        v,
        path,
        &["year", "amount_vnd", "purpose", "source"],
        &["year", "amount_vnd", "purpose"],
    )?;
    let year = year(ctx, &o);
    let amount_vnd = money(ctx, &o, "amount_vnd");
    let purpose = ctx.one_of(&o, "purpose", FundingPurpose::parse, FundingPurpose::NAMES);
    let source = ctx.text(&o, "source");
    Some(Funding {
        year: year?,
        amount_vnd: amount_vnd?,
        purpose: purpose?,
        source,
    })
}
