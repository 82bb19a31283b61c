//! Tab completion of a file path being typed in a prompt, as a shell completes: the one name
//! that fits, or the part every fitting name shares, with the candidates to show. `~/` is the
//! home directory.

use std::path::PathBuf;

/// Names read from one directory at most: completion must answer at once even in a huge one.
const MOST_NAMES: usize = 10_000;
/// Candidates named in the status bar.
const SHOWN: usize = 8;

/// What Tab did to the path being typed.
#[derive(Debug, PartialEq, Eq)]
pub struct Completion {
    /// The path as it should now read.
    pub input: String,
    /// The names that fit, when more than one does (at most a few).
    pub candidates: Vec<String>,
    /// How many fit in all.
    pub fitting: usize,
}

/// `~/x` with the home directory put in.
pub fn expand_home(input: &str) -> PathBuf {
    match (input.strip_prefix("~/"), directories::BaseDirs::new()) {
        (Some(rest), Some(dirs)) => dirs.home_dir().join(rest),
        _ => PathBuf::from(input),
    }
}

/// Completes `input`, a path typed so far, with the folders and the files `keep` takes.
pub fn complete(input: &str, keep: fn(&std::path::Path) -> bool) -> Completion {
    let (dir, stem) = match input.rfind('/') {
        Some(i) => (&input[..=i], &input[i + 1..]),
        None => ("", input),
    };
    let read_from = if dir.is_empty() {
        PathBuf::from(".")
    } else {
        expand_home(dir)
    };
    let mut fitting: Vec<(String, bool)> = std::fs::read_dir(&read_from)
        .map(|entries| {
            entries
                .take(MOST_NAMES)
                .filter_map(Result::ok)
                .filter_map(|e| {
                    let name = e.file_name().into_string().ok()?;
                    // Hidden files only when asked for by a leading dot.
                    let wanted =
                        name.starts_with(stem) && (stem.starts_with('.') || !name.starts_with('.'));
                    let path = e.path();
                    let is_dir = path.is_dir();
                    (wanted && (is_dir || keep(&path))).then_some((name, is_dir))
                })
                .collect()
        })
        .unwrap_or_default();
    fitting.sort();
    let count = fitting.len();
    let input = match fitting.as_slice() {
        [] => input.to_string(),
        [(name, is_dir)] => format!("{dir}{name}{}", if *is_dir { "/" } else { "" }),
        [(first, _), rest @ ..] => {
            let shared = rest.iter().fold(first.as_str(), |shared, (name, _)| {
                let end = shared
                    .char_indices()
                    .zip(name.chars())
                    .take_while(|((_, a), b)| a == b)
                    .last()
                    .map_or(0, |((i, a), _)| i + a.len_utf8());
                &shared[..end]
            });
            format!("{dir}{shared}")
        }
    };
    let candidates = if count > 1 {
        fitting
            .into_iter()
            .take(SHOWN)
            .map(|(name, is_dir)| if is_dir { name + "/" } else { name })
            .collect()
    } else {
        Vec::new()
    };
    Completion {
        input,
        candidates,
        fitting: count,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn any(_: &std::path::Path) -> bool {
        true
    }

    #[test]
    fn completes_one_name_or_what_several_share() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_str().unwrap();
        std::fs::write(dir.path().join("essay-one.txt"), "a").unwrap();
        std::fs::write(dir.path().join("essay-two.txt"), "b").unwrap();
        std::fs::create_dir(dir.path().join("books")).unwrap();
        std::fs::write(dir.path().join(".hidden"), "c").unwrap();

        let one = complete(&format!("{root}/bo"), any);
        assert_eq!(one.input, format!("{root}/books/"));
        assert!(one.candidates.is_empty());

        let two = complete(&format!("{root}/es"), any);
        assert_eq!(two.input, format!("{root}/essay-"));
        assert_eq!(two.candidates, ["essay-one.txt", "essay-two.txt"]);
        assert_eq!(two.fitting, 2);

        let all = complete(&format!("{root}/"), any);
        assert_eq!(all.fitting, 3, "hidden files only after a dot");
        assert_eq!(
            complete(&format!("{root}/.h"), any).input,
            format!("{root}/.hidden")
        );

        let none = complete(&format!("{root}/zzz"), any);
        assert_eq!(none.input, format!("{root}/zzz"));
        assert_eq!(none.fitting, 0);
    }

    #[test]
    fn opening_a_file_completes_only_what_gloss_reads() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_str().unwrap();
        for name in ["paper.pdf", "paper.aux", "paper.log", "paper.md", "papers"] {
            std::fs::write(dir.path().join(name), "a").unwrap();
        }
        let found = complete(
            &format!("{root}/pap"),
            crate::document::Format::may_name_a_document,
        );
        assert_eq!(found.candidates, ["paper.md", "paper.pdf", "papers"]);
    }
}
