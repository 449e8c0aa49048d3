//! The text `sangkien new initiative` writes for the editor to replace.
//! A draft may keep it; a published entry may not, so that a template's
//! wording never reaches the public.

use super::ctx::Ctx;
use crate::diag::Diagnostic;

/// The summary of a new entry.
pub const PLACEHOLDER_SUMMARY: &str =
    "Tóm tắt một đoạn (tối đa 500 ký tự): vấn đề, giải pháp, hiệu quả.";
/// The decision number of a new entry.
pub const PLACEHOLDER_DECISION: &str = "…/QĐ-UBND";
/// A paragraph of a new entry's description, on a line of its own.
pub const PLACEHOLDER_TEXT: &str = "…";

const HINT: &str = "write the entry's own text, or keep `draft: true` until it is ready";

/// Errors where a published entry still holds the template's text.
pub fn check(ctx: &mut Ctx, draft: bool, summary: Option<&str>, decision: Option<&str>) {
    if draft {
        return;
    }
    if summary == Some(PLACEHOLDER_SUMMARY) {
        ctx.error_hint(
            "placeholder",
            "summary",
            "the summary is still the template's text",
            HINT,
        );
    }
    if decision == Some(PLACEHOLDER_DECISION) {
        ctx.error_hint(
            "placeholder",
            "recognition.decision",
            "the decision number is still the template's `…`",
            "write the number of the recognition decision, e.g. 1234/QĐ-UBND",
        );
    }
    let body = ctx.file.body_text();
    if let Some(n) = body.lines().position(|l| l.trim() == PLACEHOLDER_TEXT) {
        let line = ctx.file.body_line + n as u32;
        ctx.diags.push(
            Diagnostic::error(
                "placeholder",
                &ctx.file.path,
                "the description still holds the template's `…` paragraphs",
            )
            .at_line(line)
            .with_hint(HINT),
        );
    }
}
