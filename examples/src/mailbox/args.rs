//! A tiny command-line parser for the example programs (`--name value`, `--name=value`,
//! `--flag`, positional arguments).

/// Parsed arguments.
#[derive(Debug, Default, Clone)]
pub struct Args {
    options: Vec<(String, Option<String>)>,
    /// Arguments that are not options, in order.
    pub positional: Vec<String>,
}

impl Args {
    /// Parses `args`; names in `flags` take no value, every other `--name` takes one.
    pub fn parse(args: impl IntoIterator<Item = String>, flags: &[&str]) -> Result<Args, String> {
        let mut parsed = Args::default();
        let mut iter = args.into_iter();
        while let Some(arg) = iter.next() {
            let Some(name) = arg.strip_prefix("--") else {
                parsed.positional.push(arg);
                continue;
            };
            if let Some((name, value)) = name.split_once('=') {
                parsed
                    .options
                    .push((name.to_owned(), Some(value.to_owned())));
            } else if flags.contains(&name) {
                parsed.options.push((name.to_owned(), None));
            } else {
                let value = iter.next().ok_or(format!("--{name} needs a value"))?;
                parsed.options.push((name.to_owned(), Some(value)));
            }
        }
        Ok(parsed)
    }

    /// The last value given for `--name`.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.options
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    }

    /// Every value given for `--name`, in order.
    pub fn values(&self, name: &str) -> Vec<&str> {
        self.options
            .iter()
            .filter(|(n, _)| n == name)
            .filter_map(|(_, v)| v.as_deref())
            .collect()
    }

    /// Whether `--name` was given.
    pub fn flag(&self, name: &str) -> bool {
        self.options.iter().any(|(n, _)| n == name)
    }

    /// The names given that are not in `known` (to report typos).
    pub fn unknown(&self, known: &[&str]) -> Vec<String> {
        self.options
            .iter()
            .filter(|(n, _)| !known.contains(&n.as_str()))
            .map(|(n, _)| format!("--{n}"))
            .collect()
    }
}

/// Prints a line on standard output; a closed pipe (`| head`) is not an error worth a panic.
pub fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

/// The `main` of a client program: parses the arguments (`flags` take no value), prints
/// `help` for `--help`, runs `run` and maps the outcome to the exit status (2 for bad
/// arguments, 1 for a failed run), each error prefixed with the program's `name`.
pub fn client_main(
    name: &str,
    help: &str,
    flags: &[&str],
    run: impl FnOnce(&Args) -> Result<(), String>,
) -> std::process::ExitCode {
    use std::process::ExitCode;
    let args = match Args::parse(std::env::args().skip(1), flags) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{name}: {e}\n\n{help}");
            return ExitCode::from(2);
        }
    };
    if args.flag("help") {
        print!("{help}");
        return ExitCode::SUCCESS;
    }
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{name}: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Writes each fetched message to `dir/ID.eml` (the `--out` option of the fetch programs).
pub fn write_messages(dir: &str, messages: &[super::client::Fetched]) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{dir}: {e}"))?;
    for m in messages {
        let path = std::path::Path::new(dir).join(format!("{}.eml", m.id));
        std::fs::write(&path, &m.data).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    /// Both `--name value` and `--name=value` forms, repeated options and flags.
    #[test]
    fn options_flags_and_positionals() {
        let a = Args::parse(
            strings(&["--to", "a@x", "--to=b@x", "--bdat", "file", "--from", "c@x"]),
            &["bdat"],
        )
        .unwrap();
        assert_eq!(a.values("to"), ["a@x", "b@x"]);
        assert!(a.flag("bdat"));
        assert_eq!(a.value("from"), Some("c@x"));
        assert_eq!(a.positional, ["file"]);
        assert_eq!(a.unknown(&["to", "bdat"]), ["--from"]);
        assert!(Args::parse(strings(&["--from"]), &[]).is_err());
    }
}
