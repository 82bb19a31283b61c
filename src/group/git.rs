//! A shared folder that is a git working tree: `gloss sync` pulls (rebasing), writes the reader's
//! file, commits it and pushes, with the `git` program, so that the user's own credentials, ssh
//! agent and configuration are used. Only the reader's own file is ever committed, so a conflict
//! can only be in it; whatever goes wrong is told in one line and loses nothing (the file is
//! written and the others' read all the same).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// What went wrong with git, in one line for the reader.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GitError {
    #[error("git could not be run: {0}")]
    Missing(String),
    #[error("could not pull the others' changes ({0}); synced with the folder as it is")]
    Pull(String),
    #[error("could not commit your file ({0})")]
    Commit(String),
    #[error("could not push your file ({0}); it is committed, and the next sync pushes it")]
    Push(String),
}

/// What git did for a sync.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shared {
    /// The reader's file changed and was committed.
    pub committed: bool,
    /// ... and pushed to the remote.
    pub pushed: bool,
    /// The working tree has no remote to pull from and push to.
    pub no_remote: bool,
}

/// `git -C dir ARGS [-- FILES]`, never asking for a password on the terminal (missing
/// credentials are an error, not a prompt the reader's sync hangs on).
fn git(dir: &Path, args: &[&str], files: &[&Path]) -> Result<Output, GitError> {
    let mut command = Command::new("git");
    command.arg("-C").arg(dir).args(args);
    if !files.is_empty() {
        command.arg("--").args(files);
    }
    command
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .map_err(|err| GitError::Missing(err.to_string()))
}

/// The line git wrote that says why it failed (a push's `! [rejected] main -> main (fetch
/// first)` rather than the `To <remote>` before it), else its first line (the command line
/// prints it cleaned).
fn said(output: &Output) -> String {
    let text = String::from_utf8_lossy(&output.stderr);
    let lines = || {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("hint:"))
    };
    let reason = lines()
        .find(|l| l.starts_with('!') || l.starts_with("fatal:") || l.starts_with("error:"))
        .or_else(|| lines().next())
        .unwrap_or("git failed");
    // What the remote's hook said of a refusal: its first line.
    let remote = lines()
        .filter_map(|l| l.strip_prefix("remote:"))
        .map(str::trim)
        .find(|l| !l.is_empty());
    let said = match remote {
        Some(words) if reason.starts_with('!') => format!("{reason}: “{words}”"),
        _ => reason.to_string(),
    };
    // The remote's words reach the terminal: no control characters.
    crate::document::sanitize::one_line(&said).into_owned()
}

/// Whether `dir` is inside a git working tree.
pub fn is_work_tree(dir: &Path) -> bool {
    git(dir, &["rev-parse", "--is-inside-work-tree"], &[])
        .is_ok_and(|o| o.status.success() && o.stdout.starts_with(b"true"))
}

/// The remote to share through (the first, `origin` when cloned) and the current branch.
fn remote_and_branch(dir: &Path) -> Result<Option<(String, String)>, GitError> {
    let remotes = git(dir, &["remote"], &[])?;
    let Some(remote) = String::from_utf8_lossy(&remotes.stdout)
        .lines()
        .next()
        .map(str::to_string)
    else {
        return Ok(None);
    };
    let branch = git(dir, &["symbolic-ref", "--short", "HEAD"], &[])?;
    let branch = String::from_utf8_lossy(&branch.stdout).trim().to_string();
    Ok((!branch.is_empty()).then_some((remote, branch)))
}

/// A half-finished rebase or merge (a sync killed part way, a conflict left by hand) is undone,
/// and the reader's `file` put back as the last commit has it, or taken away if no commit has
/// it: it is rewritten from the database right after, and in any other state it would stop the
/// pull for good (a file left staged by a failed commit, or written by `sync --no-git`). No other
/// file is touched.
fn recover(dir: &Path, file: &Path) -> Result<(), GitError> {
    let git_dir = git(dir, &["rev-parse", "--absolute-git-dir"], &[])?;
    let git_dir = PathBuf::from(String::from_utf8_lossy(&git_dir.stdout).trim());
    for (state, undo) in [
        ("rebase-merge", "rebase"),
        ("rebase-apply", "rebase"),
        ("MERGE_HEAD", "merge"),
        ("CHERRY_PICK_HEAD", "cherry-pick"),
    ] {
        if git_dir.join(state).exists() {
            let undone = git(dir, &[undo, "--abort"], &[])?;
            if !undone.status.success() {
                return Err(GitError::Pull(format!(
                    "a {undo} is under way in the folder and cannot be undone: {}",
                    said(&undone)
                )));
            }
        }
    }
    let tracked = git(dir, &["ls-files", "--error-unmatch"], &[file])?
        .status
        .success();
    let in_head = git(
        dir,
        &["cat-file", "-e", &format!("HEAD:./{}", file.display())],
        &[],
    )?
    .status
    .success();
    if tracked {
        // Unstaged first: `checkout` then gives back the committed copy.
        let unstage = match in_head {
            true => git(dir, &["reset", "--quiet"], &[file])?,
            false => git(dir, &["rm", "--quiet", "--cached"], &[file])?,
        };
        if !unstage.status.success() {
            return Err(GitError::Pull(said(&unstage)));
        }
    }
    if in_head {
        let restored = git(dir, &["checkout", "--quiet"], &[file])?;
        if !restored.status.success() {
            return Err(GitError::Pull(said(&restored)));
        }
    } else if let Err(err) = std::fs::remove_file(dir.join(file))
        && err.kind() != std::io::ErrorKind::NotFound
    {
        return Err(GitError::Pull(err.to_string()));
    }
    Ok(())
}

/// The files of a rebase stopped on a conflict, relative to the working tree's top.
fn conflicted(dir: &Path) -> Result<Vec<String>, GitError> {
    let out = git(dir, &["diff", "--name-only", "--diff-filter=U"], &[])?;
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect())
}

/// Replays the reader's unpushed commits on the remote's `theirs`. A conflict in the reader's
/// own files (the same member synced from another copy of the database) is settled with the
/// local version, which the sync then rewrites from the database anyway; a conflict in any
/// other file undoes the rebase.
fn rebase(dir: &Path, theirs: &str, files: &[&Path]) -> Result<(), GitError> {
    // The reader's files as git names conflicts: from the working tree's top.
    let prefix = git(dir, &["rev-parse", "--show-prefix"], &[])?;
    let prefix = String::from_utf8_lossy(&prefix.stdout).trim().to_string();
    let mine: Vec<String> = files
        .iter()
        .map(|f| format!("{prefix}{}", f.to_string_lossy()))
        .collect();
    let mut output = git(dir, &["rebase", "--quiet", "--fork-point", theirs], &[])?;
    // Bounded: each round settles one replayed commit.
    'replay: for _ in 0..1000 {
        if output.status.success() {
            return Ok(());
        }
        let conflicts = conflicted(dir)?;
        if conflicts.is_empty() || conflicts.iter().any(|f| !mine.contains(f)) {
            break;
        }
        for (file, _) in files
            .iter()
            .zip(&mine)
            .filter(|(_, m)| conflicts.contains(m))
        {
            // In a rebase, "theirs" is the commit being replayed: the reader's.
            let settled = git(dir, &["checkout", "--theirs"], &[file])?;
            let staged = match settled.status.success() {
                true => git(dir, &["add"], &[file])?,
                false => git(dir, &["rm", "--quiet"], &[file])?,
            };
            if !staged.status.success() {
                break 'replay;
            }
        }
        output = git(
            dir,
            &["-c", "core.editor=true", "rebase", "--continue"],
            &[],
        )?;
        // A replayed commit left empty by the settlement is dropped.
        if !output.status.success() && conflicted(dir)?.is_empty() {
            output = git(dir, &["rebase", "--skip"], &[])?;
        }
    }
    // A rebase stopped half way is put back as it was.
    let _ = git(dir, &["rebase", "--abort"], &[]);
    Err(GitError::Pull(said(&output)))
}

/// Brings the others' files in: puts the folder back in a state a pull can start from (see
/// [`recover`]), fetches, and rebases on the remote's branch. Returns false when there is no
/// remote, or nothing on it yet.
pub fn pull(dir: &Path, files: &[&Path]) -> Result<bool, GitError> {
    let files: Vec<&Path> = files.iter().map(|f| in_folder(f)).collect();
    // First: in a rebase stopped half way, HEAD names no branch.
    for file in &files {
        recover(dir, file)?;
    }
    let Some((remote, branch)) = remote_and_branch(dir)? else {
        return Ok(false);
    };
    let fetched = git(dir, &["fetch", "--quiet", &remote], &[])?;
    if !fetched.status.success() {
        return Err(GitError::Pull(said(&fetched)));
    }
    let theirs = format!("refs/remotes/{remote}/{branch}");
    let exists = git(dir, &["rev-parse", "--verify", "--quiet", &theirs], &[])?;
    if !exists.status.success() {
        return Ok(false); // an empty remote: the first sync's push starts it
    }
    let born = git(dir, &["rev-parse", "--verify", "--quiet", "HEAD"], &[])?;
    if !born.status.success() {
        // A clone made before anyone shared: it starts from the remote's branch.
        let output = git(dir, &["checkout", "--quiet", "-B", &branch, &theirs], &[])?;
        return match output.status.success() {
            true => Ok(true),
            false => Err(GitError::Pull(said(&output))),
        };
    }
    rebase(dir, &theirs, &files).map(|()| true)
}

/// A file of the folder, by its name in it.
fn in_folder(file: &Path) -> &Path {
    file.file_name().map(Path::new).unwrap_or(file)
}

/// Commits the reader's `files` (those that changed), and the removal of `retired` files of the
/// reader's (files of an earlier name), with `message`, and pushes what the remote lacks.
pub fn share(
    dir: &Path,
    files: &[&Path],
    retired: &[PathBuf],
    message: &str,
) -> Result<Shared, GitError> {
    let names: Vec<&Path> = files.iter().map(|f| in_folder(f)).collect();
    let remote = remote_and_branch(dir)?;
    let mut shared = Shared {
        no_remote: remote.is_none(),
        ..Shared::default()
    };
    let mut paths = names.clone();
    for old in retired.iter().filter_map(|p| p.file_name()).map(Path::new) {
        let tracked = git(dir, &["ls-files", "--error-unmatch"], &[old])?;
        if tracked.status.success() {
            let removed = git(dir, &["rm", "--quiet", "--cached"], &[old])?;
            if !removed.status.success() {
                return Err(GitError::Commit(said(&removed)));
            }
            paths.push(old);
        }
    }
    let added = git(dir, &["add"], &names)?;
    if !added.status.success() {
        return Err(GitError::Commit(said(&added)));
    }
    let unchanged = git(dir, &["diff", "--cached", "--quiet"], &paths)?
        .status
        .success();
    if !unchanged {
        let committed = git(dir, &["commit", "--quiet", "-m", message], &paths)?;
        if !committed.status.success() {
            let text = String::from_utf8_lossy(&committed.stderr);
            return Err(GitError::Commit(
                if text.contains("Please tell me who you are") {
                    "git does not know who you are: set `git config user.name` and \
                     `git config user.email` in the folder, then sync again"
                        .to_string()
                } else {
                    said(&committed)
                },
            ));
        }
        shared.committed = true;
    }
    let Some((remote, branch)) = remote else {
        return Ok(shared);
    };
    // Pushed when anything is ahead: this commit, or one a failed push left behind.
    let theirs = format!("refs/remotes/{remote}/{branch}");
    let ahead = git(
        dir,
        &["rev-list", "--count", &format!("{theirs}..HEAD")],
        &[],
    )?;
    let up_to_date = ahead.status.success() && String::from_utf8_lossy(&ahead.stdout).trim() == "0";
    let has_commits = git(dir, &["rev-parse", "--verify", "--quiet", "HEAD"], &[])?
        .status
        .success();
    if has_commits && !up_to_date {
        let pushed = git(
            dir,
            &["push", "--quiet", "--set-upstream", &remote, "HEAD"],
            &[],
        )?;
        if !pushed.status.success() {
            return Err(GitError::Push(said(&pushed)));
        }
        shared.pushed = true;
    }
    Ok(shared)
}

/// The folder's path from the working tree's top to `file`, as git names it.
fn from_top(dir: &Path, file: &Path) -> Result<String, GitError> {
    let prefix = git(dir, &["rev-parse", "--show-prefix"], &[])?;
    Ok(format!(
        "{}{}",
        String::from_utf8_lossy(&prefix.stdout).trim(),
        in_folder(file).to_string_lossy()
    ))
}

/// Each version of `file` the current branch's history holds, newest first, given to `each`
/// one at a time (a long history is never all in memory). Returns how many there were.
pub fn versions(dir: &Path, file: &Path, mut each: impl FnMut(&[u8])) -> Result<usize, GitError> {
    let path = from_top(dir, file)?;
    let log = git(dir, &["log", "--format=%H", "HEAD"], &[in_folder(file)])?;
    if !log.status.success() {
        return Ok(0); // no commit yet
    }
    let commits = String::from_utf8_lossy(&log.stdout).to_string();
    let mut n = 0;
    for commit in commits.lines() {
        let shown = git(dir, &["show", &format!("{commit}:{path}")], &[])?;
        if shown.status.success() {
            each(&shown.stdout);
            n += 1;
        }
    }
    Ok(n)
}

/// What rewriting the history did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purged {
    pub branch: String,
    /// The remote it was force-pushed to.
    pub remote: Option<String>,
}

/// Rewrites the current branch so that `file`, in every commit holding it, is its present
/// committed version (commits left empty go), removes the old history from this clone, and
/// force-pushes (with a lease: a member's push made meanwhile is not overwritten).
pub fn purge(dir: &Path, file: &Path) -> Result<Purged, GitError> {
    let name = in_folder(file);
    let status = git(dir, &["status", "--porcelain"], &[name])?;
    if !status.stdout.is_empty() {
        return Err(GitError::Commit(
            "your file has changes not committed: sync first, then purge".into(),
        ));
    }
    let path = from_top(dir, file)?;
    let blob = git(dir, &["rev-parse", &format!("HEAD:{path}")], &[])?;
    if !blob.status.success() {
        return Err(GitError::Commit(
            "your file is not committed yet: nothing to purge".into(),
        ));
    }
    let blob = String::from_utf8_lossy(&blob.stdout).trim().to_string();
    let branch = git(dir, &["symbolic-ref", "--short", "HEAD"], &[])?;
    let branch = String::from_utf8_lossy(&branch.stdout).trim().to_string();
    if branch.is_empty() {
        return Err(GitError::Commit("the folder is on no branch".into()));
    }
    let top = git(dir, &["rev-parse", "--show-toplevel"], &[])?;
    let top = PathBuf::from(String::from_utf8_lossy(&top.stdout).trim());
    // The path and blob reach the filter through its environment: no quoting of a path.
    let rewritten = Command::new("git")
        .arg("-C")
        .arg(&top)
        .args([
            "filter-branch",
            "-f",
            "--prune-empty",
            "--index-filter",
            "if git cat-file -e \"$GIT_COMMIT:$GLOSS_PURGE_PATH\" 2>/dev/null; then \
             git update-index --cacheinfo \"100644,$GLOSS_PURGE_BLOB,$GLOSS_PURGE_PATH\"; fi",
            "--",
            &branch,
        ])
        .env("GLOSS_PURGE_PATH", &path)
        .env("GLOSS_PURGE_BLOB", &blob)
        .env("FILTER_BRANCH_SQUELCH_WARNING", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .map_err(|err| GitError::Missing(err.to_string()))?;
    if !rewritten.status.success() {
        return Err(GitError::Commit(said(&rewritten)));
    }
    let _ = git(
        dir,
        &[
            "update-ref",
            "-d",
            &format!("refs/original/refs/heads/{branch}"),
        ],
        &[],
    )?;
    let remote = remote_and_branch(dir)?.map(|(remote, _)| remote);
    if let Some(remote) = &remote {
        let pushed = git(
            dir,
            &[
                "push",
                "--quiet",
                "--force-with-lease",
                remote,
                &format!("HEAD:{branch}"),
            ],
            &[],
        )?;
        if !pushed.status.success() {
            return Err(GitError::Push(said(&pushed)));
        }
    }
    // The old versions leave this clone too.
    let _ = git(dir, &["reflog", "expire", "--expire=now", "--all"], &[])?;
    let _ = git(dir, &["gc", "--prune=now", "--quiet"], &[])?;
    Ok(Purged { branch, remote })
}
