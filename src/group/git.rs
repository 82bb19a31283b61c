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
    lines()
        .find(|l| l.starts_with('!') || l.starts_with("fatal:") || l.starts_with("error:"))
        .or_else(|| lines().next())
        .unwrap_or("git failed")
        .to_string()
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
/// own file (the same member synced from another copy of the database) is settled with the
/// local version, which the sync then rewrites from the database anyway; a conflict in any
/// other file undoes the rebase.
fn rebase(dir: &Path, theirs: &str, file: &Path) -> Result<(), GitError> {
    // The reader's file as git names conflicts: from the working tree's top.
    let prefix = git(dir, &["rev-parse", "--show-prefix"], &[])?;
    let mine = format!(
        "{}{}",
        String::from_utf8_lossy(&prefix.stdout).trim(),
        file.to_string_lossy()
    );
    let mut output = git(dir, &["rebase", "--quiet", theirs], &[])?;
    // Bounded: each round settles one replayed commit.
    for _ in 0..1000 {
        if output.status.success() {
            return Ok(());
        }
        let files = conflicted(dir)?;
        if files.is_empty() || files.iter().any(|f| *f != mine) {
            break;
        }
        // In a rebase, "theirs" is the commit being replayed: the reader's.
        let settled = git(dir, &["checkout", "--theirs"], &[file])?;
        let staged = match settled.status.success() {
            true => git(dir, &["add"], &[file])?,
            false => git(dir, &["rm", "--quiet"], &[file])?,
        };
        if !staged.status.success() {
            break;
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
pub fn pull(dir: &Path, file: &Path) -> Result<bool, GitError> {
    let file = file.file_name().map(Path::new).unwrap_or(file);
    // First: in a rebase stopped half way, HEAD names no branch.
    recover(dir, file)?;
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
    rebase(dir, &theirs, file).map(|()| true)
}

/// Commits the reader's `file` (if it changed), and the removal of `retired` files of the
/// reader's (files of an earlier name), with `message`, and pushes what the remote lacks.
pub fn share(
    dir: &Path,
    file: &Path,
    retired: &[PathBuf],
    message: &str,
) -> Result<Shared, GitError> {
    let name = file.file_name().map(Path::new).unwrap_or(file);
    let remote = remote_and_branch(dir)?;
    let mut shared = Shared {
        no_remote: remote.is_none(),
        ..Shared::default()
    };
    let mut paths = vec![name];
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
    let added = git(dir, &["add"], &[name])?;
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
