//! [`Staging`]: a site being written, and its commit (see the module
//! documentation of `write` for the two ways).

use std::borrow::Cow;
use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use super::journal::{self, Op, FILES};
use super::leftovers::{self, remove_site};
use super::lock::{Lock, Wait};
use super::manifest::{self, Entry, Manifest};
use super::swap;
use super::{io_err, valid_path, Content, OutputFile, WriteError, MANIFEST, MARKER, MARKER_TEXT};

/// A site being written beside the output, swapped in by [`Staging::commit`].
/// Dropped without a commit (an error, a panic), it removes what it wrote.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    stage: PathBuf,
    way: Way,
    /// The new manifest, filled as files come.
    entries: Mutex<Vec<(String, Entry)>>,
    /// Update: the files written into the staging folder.
    staged: Mutex<Vec<String>>,
    /// Update: (a file of the old site, a new path under it): allowed
    /// only if the new site no longer has that file.
    in_the_way: Mutex<Vec<(String, String)>>,
    /// Whether dropping removes the staging folder (not once its journal
    /// is sealed: the next build must find it).
    discard: bool,
    // Dropped last: the staging folder is removed while the lock is held.
    _lock: Lock,
}

#[derive(Debug)]
enum Way {
    /// Write every file into the staging folder and swap it in. Used when
    /// there is no manifest to compare with: the output is missing, empty,
    /// or a site of an older sangkien (which is replaced as a whole, as it
    /// was then).
    Whole { old_site: bool },
    /// Write only new and changed files, then apply a journal.
    Update(Manifest),
}

impl Staging {
    /// [`Staging::begin_with`], waiting silently for another build.
    pub fn begin(out: &Path) -> Result<Staging, WriteError> {
        Staging::begin_with(out, &Wait::Until(&|_| {}))
    }

    /// Takes the output's lock (waiting or refusing as `wait` says),
    /// completes or removes what killed builds left, checks that `out` may
    /// be replaced (missing, empty, or carrying the marker) and creates the
    /// staging folder beside it. Nothing in `out` is touched, except to
    /// finish a commit a killed build had begun.
    pub fn begin_with(out: &Path, wait: &Wait) -> Result<Staging, WriteError> {
        let parent = leftovers::parent_of(out);
        fs::create_dir_all(&parent).map_err(io_err(&parent))?;
        let lock = Lock::acquire(out, wait)?;
        leftovers::clean(out)?;
        let way = match fs::symlink_metadata(out) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Way::Whole { old_site: false },
            Err(e) => return Err(io_err(out)(e)),
            Ok(m) if !m.is_dir() => return Err(WriteError::NotAFolder(out.to_path_buf())),
            Ok(_) if out.join(MARKER).is_file() => match manifest::read(out)? {
                Some(m) => Way::Update(m),
                None => Way::Whole { old_site: true },
            },
            Ok(_) => {
                let mut entries = fs::read_dir(out).map_err(io_err(out))?;
                if entries.next().is_some() {
                    return Err(WriteError::Foreign(out.to_path_buf()));
                }
                Way::Whole { old_site: false }
            }
        };
        let stage = leftovers::sibling(out, &format!("stage-{}", std::process::id()));
        if fs::symlink_metadata(&stage).is_ok() {
            // `clean` removed ours: this one is not.
            return Err(WriteError::Foreign(stage));
        }
        fs::create_dir(&stage).map_err(io_err(&stage))?;
        let staging = Staging {
            out: out.to_path_buf(),
            stage,
            way,
            entries: Mutex::default(),
            staged: Mutex::default(),
            in_the_way: Mutex::default(),
            discard: true,
            _lock: lock,
        };
        let marker = staging.stage.join(MARKER);
        fs::write(&marker, MARKER_TEXT).map_err(io_err(&marker))?;
        Ok(staging)
    }

    /// The staging folder.
    pub fn path(&self) -> &Path {
        &self.stage
    }

    /// Writes files (in parallel).
    pub fn write(&self, files: &[OutputFile]) -> Result<(), WriteError> {
        files.par_iter().try_for_each(|f| self.write_one(f))
    }

    /// Takes one file of the new site: writes it into the staging folder,
    /// or (updating) only notes it if the site already has these bytes.
    pub fn write_one(&self, f: &OutputFile) -> Result<(), WriteError> {
        self.write_made_from(f, 0)
    }

    /// Keeps the previous site's file at `path` when it was made from the
    /// same inputs (`render::fingerprint`; never for 0) and is still
    /// there: the file need not be made again. `false`: make and write it
    /// with [`Staging::write_made_from`].
    pub fn keep(&self, path: &str, inputs: u128) -> bool {
        let Way::Update(old) = &self.way else {
            return false;
        };
        let Some(entry) = old.files.get(path) else {
            return false;
        };
        if inputs == 0 || entry.inputs != inputs {
            return false;
        }
        let on_disk = self.out.join(path);
        if !fs::symlink_metadata(on_disk).is_ok_and(|m| m.is_file() && m.len() == entry.len) {
            return false;
        }
        lock(&self.entries).push((path.to_string(), *entry));
        true
    }

    /// [`Staging::write_one`] for a file made from `inputs` (0: unknown).
    pub fn write_made_from(&self, f: &OutputFile, inputs: u128) -> Result<(), WriteError> {
        if !valid_path(&f.path) {
            return Err(WriteError::BadPath(f.path.clone()));
        }
        let bytes: Cow<[u8]> = match &f.content {
            Content::Bytes(b) => Cow::Borrowed(b),
            Content::CopyOf(src) => Cow::Owned(fs::read(src).map_err(io_err(src))?),
        };
        let entry = Entry::of(&bytes, inputs);
        match &self.way {
            Way::Whole { .. } => write_file(&self.stage.join(&f.path), &bytes)?,
            Way::Update(old) => {
                let listed = old.files.get(&f.path);
                let on_disk = self.out.join(&f.path);
                let same = listed.is_some_and(|l| l.same_bytes(&entry))
                    && fs::symlink_metadata(&on_disk)
                        .is_ok_and(|m| m.is_file() && m.len() == entry.len);
                let adopted = listed.is_none() && holds(&on_disk, &bytes);
                if !same && !adopted {
                    self.check_place(old, &f.path, listed.is_some())?;
                    write_file(&self.stage.join(FILES).join(&f.path), &bytes)?;
                    lock(&self.staged).push(f.path.clone());
                }
            }
        }
        lock(&self.entries).push((f.path.clone(), entry));
        Ok(())
    }

    /// Refuses to overwrite what is not ours: a file the old manifest does
    /// not list, a folder, or a file or symlink on the way to `path`.
    fn check_place(&self, old: &Manifest, path: &str, listed: bool) -> Result<(), WriteError> {
        let on_disk = self.out.join(path);
        match fs::symlink_metadata(&on_disk) {
            // A folder of our files becomes a file: its files go first.
            Ok(m) if m.is_dir() && !listed => only_ours_under(old, &self.out, &on_disk)?,
            Ok(m) if !listed || m.is_dir() => return Err(WriteError::Collision(on_disk)),
            Ok(_) => {}
            // Not there, or a file on the way (looked at below).
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) => {}
            Err(e) => return Err(io_err(&on_disk)(e)),
        }
        let mut prefix = String::new();
        for segment in path.split('/').take(path.split('/').count() - 1) {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(segment);
            let dir = self.out.join(&prefix);
            match fs::symlink_metadata(&dir) {
                Ok(m) if m.is_dir() => {}
                Ok(_) if old.files.contains_key(&prefix) => {
                    lock(&self.in_the_way).push((prefix.clone(), path.to_string()));
                    break;
                }
                Ok(_) => return Err(WriteError::Collision(dir)),
                Err(e) if e.kind() == io::ErrorKind::NotFound => break,
                Err(e) => return Err(io_err(&dir)(e)),
            }
        }
        Ok(())
    }

    /// Puts the new site in place of the old one, all or nothing (see the
    /// module documentation).
    pub fn commit(self) -> Result<(), WriteError> {
        self.commit_until(usize::MAX).map(|_| ())
    }

    /// For crash tests: commits as a build killed after `steps` steps of
    /// the commit would (an update's journal operations; for a whole site,
    /// 0 stops before the swap). Leaves the staging folder as it would be.
    /// Returns the number of steps the whole commit has.
    #[doc(hidden)]
    pub fn commit_interrupted(self, steps: usize) -> Result<usize, WriteError> {
        self.commit_until(steps)
    }

    /// Commits, stopping after `limit` steps; returns the number of steps.
    fn commit_until(mut self, limit: usize) -> Result<usize, WriteError> {
        let mut entries = std::mem::take(&mut *lock(&self.entries));
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        if let Some(w) = entries.windows(2).find(|w| w[0].0 == w[1].0) {
            return Err(WriteError::BadPath(format!("{} (written twice)", w[0].0)));
        }
        let manifest = manifest::encode(&entries);
        match &self.way {
            Way::Whole { old_site } => {
                let path = self.stage.join(MANIFEST);
                fs::write(&path, &manifest).map_err(io_err(&path))?;
                if limit == 0 {
                    self.discard = false;
                    return Ok(1);
                }
                if *old_site {
                    let aside =
                        leftovers::sibling(&self.out, &format!("old-{}", std::process::id()));
                    swap::exchange(&self.stage, &self.out, &aside).map_err(io_err(&self.out))?;
                    // The staging folder now holds the old site.
                } else {
                    self.rename_in()?;
                    self.discard = false;
                    return Ok(1);
                }
            }
            Way::Update(old) => {
                let ops = self.operations(old, &entries, &manifest)?;
                if ops.is_empty() {
                    return Ok(0); // nothing changed; drop removes the staging folder
                }
                journal::seal(&self.stage, &ops)?;
                self.discard = false;
                journal::apply(&self.stage, &self.out, &ops, limit)?;
                if limit < ops.len() {
                    return Ok(ops.len());
                }
                remove_site(&self.stage).map_err(io_err(&self.stage))?;
                return Ok(ops.len());
            }
        }
        self.discard = false;
        remove_site(&self.stage).map_err(io_err(&self.stage))?;
        Ok(1)
    }

    /// Renames the staging folder to a missing or empty output.
    fn rename_in(&self) -> Result<(), WriteError> {
        if fs::rename(&self.stage, &self.out).is_ok() {
            return Ok(());
        }
        // Systems where rename does not replace an empty folder.
        match fs::remove_dir(&self.out) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_err(&self.out)(e)),
        }
        fs::rename(&self.stage, &self.out).map_err(io_err(&self.out))
    }

    /// An update's journal: deletions, then moves, then the new manifest;
    /// empty when the site is unchanged.
    fn operations(
        &self,
        old: &Manifest,
        entries: &[(String, Entry)],
        manifest: &[u8],
    ) -> Result<Vec<Op>, WriteError> {
        let new: HashSet<&str> = entries.iter().map(|(p, _)| p.as_str()).collect();
        let mut deletes: Vec<&String> = old
            .files
            .keys()
            .filter(|p| !new.contains(p.as_str()))
            .collect();
        deletes.sort_unstable();
        for (file, path) in lock(&self.in_the_way).iter() {
            if new.contains(file.as_str()) {
                return Err(WriteError::BadPath(format!(
                    "{path} (the site also has a file {file})"
                )));
            }
        }
        let mut staged = std::mem::take(&mut *lock(&self.staged));
        if staged.is_empty() && deletes.is_empty() && manifest == old.bytes.as_slice() {
            return Ok(Vec::new());
        }
        staged.sort_unstable();
        let path = self.stage.join(FILES).join(MANIFEST);
        write_file(&path, manifest)?;
        let mut ops: Vec<Op> = deletes.into_iter().cloned().map(Op::Delete).collect();
        ops.extend(staged.into_iter().map(Op::Put));
        ops.push(Op::Put(MANIFEST.to_string()));
        Ok(ops)
    }
}

/// Whether `file` is a regular file with these very bytes: a file the
/// user put there that the new site also has (say, moved into `static/`)
/// is taken over rather than refused.
fn holds(file: &Path, bytes: &[u8]) -> bool {
    fs::symlink_metadata(file).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && fs::read(file).is_ok_and(|b| b == bytes)
}

/// Refuses a folder that holds anything the old manifest does not list
/// (the deletions of the update empty it).
fn only_ours_under(old: &Manifest, out: &Path, dir: &Path) -> Result<(), WriteError> {
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.map_err(|e| io_err(dir)(e.into()))?;
        let listed = entry
            .path()
            .strip_prefix(out)
            .ok()
            .and_then(Path::to_str)
            .is_some_and(|rel| old.files.contains_key(rel));
        let kind = entry.file_type();
        let empty_dir =
            kind.is_dir() && fs::read_dir(entry.path()).is_ok_and(|mut d| d.next().is_none());
        if (!kind.is_dir() && !listed) || empty_dir {
            return Err(WriteError::Collision(entry.into_path()));
        }
    }
    Ok(())
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn write_file(dest: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    if let Some(dir) = dest.parent() {
        fs::create_dir_all(dir).map_err(io_err(dir))?;
    }
    fs::write(dest, bytes).map_err(io_err(dest))
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.discard && self.stage.join(MARKER).is_file() {
            let _ = remove_site(&self.stage);
        }
    }
}
