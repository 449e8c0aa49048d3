//! The text `sangkien new initiative` writes for the editor to replace.
//! A draft may keep it; a published entry may not, so that a template's
//! wording never reaches the public.

use super::ctx::Ctx;
use crate::diag::Diagnostic;
use crate::msg;

/// The summary of a new entry.
pub const PLACEHOLDER_SUMMARY: &str =
    "Tóm tắt một đoạn (tối đa 500 ký tự): vấn đề, giải pháp, hiệu quả.";
/// The decision number of a new entry.
pub const PLACEHOLDER_DECISION: &str = "…/QĐ-UBND";
/// A paragraph of a new entry's description, on a line of its own.
pub const PLACEHOLDER_TEXT: &str = "…";

/// Errors where a published entry still holds the template's text.
pub fn check(ctx: &mut Ctx, draft: bool, summary: Option<&str>, decision: Option<&str>) {
    if draft {
        return;
    }
    if summary == Some(PLACEHOLDER_SUMMARY) {
        ctx.error_hint(
            "placeholder",
            "summary",
            msg!("placeholder.summary"),
            msg!("placeholder.hint"),
        );
    }
    if decision == Some(PLACEHOLDER_DECISION) {
        ctx.error_hint(
            "placeholder",
            "recognition.decision",
            msg!("placeholder.decision"),
            msg!("placeholder.decision.hint"),
        );
    }
    let body = ctx.file.body_text();
    if let Some(n) = body.lines().position(|l| l.trim() == PLACEHOLDER_TEXT) {
        let line = ctx.file.body_line + n as u32;
        ctx.diags.push(
            Diagnostic::error("placeholder", &ctx.file.path, msg!("placeholder.body"))
                .at_line(line)
                .with_hint(msg!("placeholder.hint")),
        );
    }
}
