//! The command line's help in the chosen language: every command's
//! `about` and every argument's `help` come from the message catalogue
//! (`help.<command path>` and `help.<command path>.<argument>`), set on
//! clap's command tree before it parses.

use clap::{Arg, ArgAction, Command};
use sangkien::messages::{self, Lang};

/// `cmd` with its help text, headings and help flags in `lang`.
pub fn localize(cmd: Command, lang: Lang) -> Command {
    walk(cmd, "help", lang, true)
}

fn walk(mut cmd: Command, path: &str, lang: Lang, root: bool) -> Command {
    let text = |id: String| messages::get_dynamic(&id, lang);
    if let Some(about) = text(path.to_string()) {
        cmd = cmd.about(about).long_about(None);
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().as_str().to_string())
        .collect();
    for id in ids {
        let help = text(format!("{path}.{id}"));
        let heading = text("help.heading-options".into());
        cmd = cmd.mut_arg(id.as_str(), |a| {
            let a = match help {
                Some(h) => a.help(h).long_help(None),
                None => a,
            };
            a.help_heading(heading)
        });
    }
    let template = text("help.template".into()).unwrap_or_default();
    cmd = cmd
        .help_template(template)
        .subcommand_help_heading(text("help.heading-commands".into()).unwrap_or_default())
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .global(root)
                .help(text("help.flag-help".into()).unwrap_or_default())
                .help_heading(text("help.heading-options".into())),
        );
    if root {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(text("help.flag-version".into()).unwrap_or_default())
                .help_heading(text("help.heading-options".into())),
        );
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        let sub_path = format!("{path}.{name}");
        cmd = cmd.mut_subcommand(name.as_str(), |s| walk(s, &sub_path, lang, false));
    }
    cmd
}

/// Every catalogue id the help of `cmd` looks up (for the test that each
/// has a text in both languages).
#[cfg(test)]
pub fn ids(cmd: &Command) -> Vec<String> {
    let mut out = Vec::new();
    collect(cmd, "help", &mut out);
    out
}

#[cfg(test)]
fn collect(cmd: &Command, path: &str, out: &mut Vec<String>) {
    out.push(path.to_string());
    for a in cmd.get_arguments() {
        let id = a.get_id().as_str();
        if id != "help" && id != "version" {
            out.push(format!("{path}.{id}"));
        }
    }
    for s in cmd.get_subcommands() {
        collect(s, &format!("{path}.{}", s.get_name()), out);
    }
}
