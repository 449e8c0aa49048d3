//! An id used by two initiatives is reported on the newer entry, naming
//! the older: the one git added later (a file not yet committed is the
//! newest), or, without git, the later file.

use std::path::Path;

use super::ctx::Ctx;
use crate::diag::{display_path, Diagnostic};
use crate::msg;

/// Past this many repeated ids, git is not asked (one process a file):
/// the files are ordered by path.
const ASK_GIT_UP_TO: usize = 20;

pub fn ids<'a>(
    root: &Path,
    repeated: Vec<(&str, Vec<&Path>)>,
    file_index: &dyn Fn(&Path) -> Option<usize>,
    ctx_for: &dyn Fn(usize) -> Ctx<'a>,
    out: &mut Vec<Diagnostic>,
) {
    let ask_git = repeated.len() <= ASK_GIT_UP_TO && crate::git::is_repository(root);
    for (id, mut paths) in repeated {
        paths.sort();
        if ask_git {
            // Oldest first; a file git has never seen (None) last.
            let mut dated: Vec<(Option<i64>, &Path)> = paths
                .iter()
                .map(|p| (crate::git::first_added(root, p), *p))
                .collect();
            dated.sort_by_key(|(t, p)| (t.is_none(), *t, *p));
            paths = dated.into_iter().map(|(_, p)| p).collect();
        }
        let oldest = paths[0];
        for newer in &paths[1..] {
            let Some(fi) = file_index(newer) else {
                continue;
            };
            let mut ctx = ctx_for(fi);
            ctx.error_hint(
                "duplicate-id",
                "id",
                msg!("duplicate-id", id = id),
                msg!("duplicate-id.hint", other = display_path(oldest)),
            );
            out.append(&mut ctx.diags);
        }
    }
}
