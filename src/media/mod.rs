//! Publishing the files entries refer to (images, attachments) so that
//! they are safe on the site's origin and keep the authors' privacy.
//!
//! Two entry points, sharing one code path so that what `check` accepts
//! the renderer can publish:
//!
//! - [`inspect`] (validate, at `check`): the type is allowed for its use
//!   ([`Use`]), the bytes are of that type, an SVG is inert, a photo
//!   parses (and decodes, when it has to be turned upright); it tells
//!   whether a photo carries a GPS position.
//! - [`publish`] (render, where the asset is emitted): JPEG, PNG, WebP
//!   and GIF come back without metadata (EXIF, XMP, IPTC, comments, text chunks),
//!   turned upright first when their EXIF orientation is not 1; every
//!   other allowed file is copied as is.
//!
//! Files: `kind.rs` (which names and bytes are allowed), `jpeg.rs`,
//! `png.rs`, `webp.rs`, `gif.rs` (segment surgery), `exif.rs` (orientation, GPS),
//! `upright.rs` (decode, rotate, encode), `svg.rs` (active content),
//! `read.rs` (regular files only, size-limited).

mod exif;
mod gif;
mod jpeg;
mod kind;
mod png;
mod read;
mod svg;
mod upright;
mod webp;

use crate::messages::Message;
use crate::msg;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::SystemTime;

pub use kind::{Format, Use};
pub use read::MAX_BYTES;

/// Why a file cannot be published, reported at the entry's `src` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Rule code of the diagnostic.
    pub code: &'static str,
    pub message: Message,
    pub hint: Option<Message>,
}

impl Problem {
    fn new(code: &'static str, message: impl Into<Message>) -> Problem {
        Problem {
            code,
            message: message.into(),
            hint: None,
        }
    }

    fn hint(mut self, hint: impl Into<Message>) -> Problem {
        self.hint = Some(hint.into());
        self
    }
}

/// What `check` learns of a file it accepts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Inspection {
    /// A photo with a GPS position (removed when published).
    pub gps: bool,
}

/// The bytes to publish for a catalogue file.
#[derive(Debug, PartialEq, Eq)]
pub enum Published {
    /// The file as it is on disk.
    Copy,
    /// The file rewritten (metadata removed, turned upright).
    Bytes(Vec<u8>),
}

/// Checks `file` (the real path of `shown`, as the entry wrote it) for
/// `use_`: allowed type, a regular file within the size limit, bytes of
/// its type, no active content, and for photos, that they can be
/// published.
///
/// Results are kept for the process, by file, size and modification
/// time: `serve` checks the whole catalogue again on many edits, and a
/// photo to turn upright is decoded to be checked.
pub fn inspect(file: &Path, shown: &str, use_: Use) -> Result<Inspection, Problem> {
    let key = Stamp::of(file, shown, use_);
    let cache = INSPECTED.get_or_init(Default::default);
    if let Some(hit) = key
        .as_ref()
        .and_then(|k| cache.lock().ok()?.get(k).cloned())
    {
        return hit;
    }
    let found = inspect_file(file, shown, use_);
    if let (Some(k), Ok(mut c)) = (key, cache.lock()) {
        c.insert(k, found.clone());
    }
    found
}

type Inspected = Mutex<HashMap<Stamp, Result<Inspection, Problem>>>;

static INSPECTED: OnceLock<Inspected> = OnceLock::new();

/// A file as it is now: an edit changes its size or time.
#[derive(PartialEq, Eq, Hash)]
struct Stamp {
    file: PathBuf,
    shown: String,
    use_: Use,
    len: u64,
    modified: SystemTime,
}

impl Stamp {
    fn of(file: &Path, shown: &str, use_: Use) -> Option<Stamp> {
        let meta = std::fs::metadata(file).ok().filter(|m| m.is_file())?;
        Some(Stamp {
            file: file.to_path_buf(),
            shown: shown.to_string(),
            use_,
            len: meta.len(),
            modified: meta.modified().ok()?,
        })
    }
}

fn inspect_file(file: &Path, shown: &str, use_: Use) -> Result<Inspection, Problem> {
    // The name as written and the file it leads to (a symbolic link must
    // not turn an allowed name into another type).
    Format::of(Path::new(shown), shown, use_)?;
    let format = Format::of(file, shown, use_)?;
    let read_err = |e: read::ReadError| e.problem(shown);
    match format {
        Format::Jpeg | Format::Png | Format::Webp | Format::Gif => {
            let bytes = read::all(file).map_err(read_err)?;
            format.sniff(&bytes, shown)?;
            let photo = photo(format, &bytes).map_err(|m| invalid_image(shown, &m))?;
            let read = match (format, photo.orientation) {
                // Its blocks were read through; `image` is built without GIF.
                (Format::Gif, _) => Ok(()),
                (_, 1) => upright::check_header(format, &bytes).map(|_| ()),
                // Decoded here so that a broken photo is a `check` error,
                // not a failed build (encoding pixels in memory cannot fail).
                _ => upright::decode(format, &bytes).map(|_| ()),
            };
            read.map_err(|m| invalid_image(shown, &m))?;
            Ok(Inspection { gps: photo.gps })
        }
        Format::Svg => {
            let bytes = read::all(file).map_err(read_err)?;
            svg::check(&bytes).map_err(|e| e.problem(shown))?;
            Ok(Inspection::default())
        }
        _ => {
            let head = read::head(file).map_err(read_err)?;
            format.sniff(&head, shown)?;
            Ok(Inspection::default())
        }
    }
}

/// The bytes to publish for `file`, a file [`inspect`] accepted. The
/// type is known from the name (inspection checked the bytes match).
pub fn publish(file: &Path) -> Result<Published, String> {
    let format = match Format::from_name(file) {
        Some(f @ (Format::Jpeg | Format::Png | Format::Webp | Format::Gif)) => f,
        _ => return Ok(Published::Copy),
    };
    let bytes = read::all(file).map_err(|e| e.to_string())?;
    let photo = photo(format, &bytes)?;
    if photo.orientation == 1 {
        Ok(Published::Bytes(photo.clean))
    } else {
        upright::turn(format, &bytes, photo.orientation, photo.icc.as_deref()).map(Published::Bytes)
    }
}

/// A photo taken apart: its bytes without metadata, and what the
/// metadata said.
struct Photo {
    clean: Vec<u8>,
    orientation: u8,
    gps: bool,
    icc: Option<Vec<u8>>,
}

/// The pieces every format module returns: the cleaned file and the
/// metadata blocks it removed.
#[derive(Default)]
struct Parts {
    clean: Vec<u8>,
    /// Raw EXIF (a TIFF structure).
    exif: Option<Vec<u8>>,
    /// XMP packets.
    xmp: Vec<Vec<u8>>,
    icc: Option<Vec<u8>>,
}

fn photo(format: Format, bytes: &[u8]) -> Result<Photo, String> {
    let parts = match format {
        Format::Jpeg => jpeg::take_apart(bytes)?,
        Format::Png => png::take_apart(bytes)?,
        Format::Webp => webp::take_apart(bytes)?,
        Format::Gif => gif::take_apart(bytes)?,
        _ => return Err(format!("{format:?} is not a photo format")),
    };
    let tags = parts.exif.as_deref().map(exif::read).unwrap_or_default();
    let gps = tags.gps || parts.xmp.iter().any(|x| exif::xmp_has_gps(x));
    Ok(Photo {
        clean: parts.clean,
        orientation: tags.orientation,
        gps,
        icc: parts.icc,
    })
}

fn invalid_image(shown: &str, message: &str) -> Problem {
    Problem::new(
        "image-invalid",
        msg!("image-invalid", src = shown, detail = message),
    )
    .hint(msg!("image-invalid.hint"))
}
