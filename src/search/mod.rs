//! Search: tantivy index of the public catalogue, exported as static
//! shard files for the browser. (Being written: see issue 4.)

use crate::model::Catalogue;
use crate::write::OutputFile;

/// The search files of the site. Placeholder until issue 4 lands.
pub fn site_files(_catalogue: &Catalogue) -> Vec<OutputFile> {
    Vec::new()
}
