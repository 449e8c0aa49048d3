//! The command line's words: one catalogue of messages, each in
//! Vietnamese and English, keyed by a stable id (`msg!("id", name = …)`).
//!
//! Diagnostics carry a [`Message`] (an id and its arguments), never text:
//! the text is made at the edge (`report`, `serve`'s overlay, the binary)
//! in the language chosen there. The site's own words (page templates)
//! are another table, `render::i18n`.
//!
//! Adding a message is one entry in `text.rs` (or `cli.rs`): the id, the
//! Vietnamese, the English; `{name}` stands for an argument.

mod cli;
mod text;

use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

pub use crate::model::Language as Lang;

/// One argument of a message: text as it is, or another message rendered
/// in the same language (a word such as "a list").
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Arg {
    Text(String),
    Msg(Box<Message>),
}

/// A message to show: its catalogue id and named arguments.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Message {
    pub id: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

/// The id of text written the old way (a bare string): shown as it is,
/// in both languages. `messages::tests` fails on any diagnostic of the
/// fixtures that carries one.
pub const RAW: &str = "raw";

impl Message {
    pub fn new(id: &'static str) -> Self {
        Message {
            id,
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// Text that is not in the catalogue (kept for code not yet moved).
    pub fn raw(text: impl Into<String>) -> Self {
        Message::new(RAW).arg("text", text.into())
    }

    /// The message in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let template = match lookup(self.id) {
            Some((vi, en)) => match lang {
                Lang::Vi => vi,
                Lang::En => en,
            },
            // Never a panic: an unknown id shows itself and its arguments.
            None => {
                let mut s = self.id.to_string();
                for (k, v) in &self.args {
                    s.push_str(&format!(" {k}={}", render_arg(v, lang)));
                }
                return s;
            }
        };
        fill(template, &self.args, lang)
    }

    /// The message in the process's language ([`set_lang`]).
    pub fn text(&self) -> String {
        self.render(lang())
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

impl From<String> for Message {
    fn from(s: String) -> Self {
        Message::raw(s)
    }
}

impl From<&str> for Message {
    fn from(s: &str) -> Self {
        Message::raw(s)
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}
impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_string())
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Text(s.clone())
    }
}
impl From<&&str> for Arg {
    fn from(s: &&str) -> Self {
        Arg::Text(s.to_string())
    }
}
impl From<&Message> for Arg {
    fn from(m: &Message) -> Self {
        Arg::Msg(Box::new(m.clone()))
    }
}
impl From<Message> for Arg {
    fn from(m: Message) -> Self {
        Arg::Msg(Box::new(m))
    }
}
macro_rules! arg_from_display {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(v: $t) -> Self {
                Arg::Text(v.to_string())
            }
        }
    )*};
}
arg_from_display!(
    u8,
    u16,
    u32,
    u64,
    usize,
    i16,
    i32,
    i64,
    bool,
    char,
    jiff::civil::Date
);

/// `msg!("id", name = value, …)`: a [`Message`] of the catalogue.
#[macro_export]
macro_rules! msg {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::messages::Message::new($id)$(.arg(stringify!($name), $value))*
    };
}

fn render_arg(a: &Arg, lang: Lang) -> String {
    match a {
        Arg::Text(s) => s.clone(),
        Arg::Msg(m) => m.render(lang),
    }
}

/// `template` with each `{name}` replaced by its argument.
fn fill(template: &str, args: &[(&'static str, Arg)], lang: Lang) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if is_name(&after[..close]) => {
                let name = &after[..close];
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(&render_arg(v, lang)),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
}

/// The `{name}`s a template uses, sorted.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if is_name(&after[..close]) => {
                out.push(&after[..close]);
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Every entry of the catalogue: (id, Vietnamese, English).
pub fn all() -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
    text::MESSAGES.iter().chain(cli::MESSAGES)
}

fn lookup(id: &str) -> Option<(&'static str, &'static str)> {
    static TABLE: OnceLock<HashMap<&'static str, (&'static str, &'static str)>> = OnceLock::new();
    let table = TABLE.get_or_init(|| all().map(|(id, vi, en)| (*id, (*vi, *en))).collect());
    table.get(id).copied()
}

/// The text of a catalogue id that takes no argument, in `lang`.
pub fn get(id: &'static str, lang: Lang) -> String {
    Message::new(id).render(lang)
}

/// The text of an id made at run time (the command line's help:
/// `help.check.content`), if the catalogue has it.
pub fn get_dynamic(id: &str, lang: Lang) -> Option<&'static str> {
    lookup(id).map(|(vi, en)| match lang {
        Lang::Vi => vi,
        Lang::En => en,
    })
}

static LANG: AtomicU8 = AtomicU8::new(0);

/// Sets the process's language (the binary does, once, at start).
pub fn set_lang(lang: Lang) {
    LANG.store(lang as u8, Ordering::Relaxed);
}

/// The process's language: Vietnamese unless [`set_lang`] said otherwise.
pub fn lang() -> Lang {
    match LANG.load(Ordering::Relaxed) {
        1 => Lang::En,
        _ => Lang::Vi,
    }
}

/// `vi` or `en` (also `vi-VN`, `en_US.UTF-8`, any case).
pub fn parse_lang(s: &str) -> Option<Lang> {
    let s = s.trim().to_ascii_lowercase();
    match s.get(..2) {
        Some("vi") => Some(Lang::Vi),
        Some("en") => Some(Lang::En),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
