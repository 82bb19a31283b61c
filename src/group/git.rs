//! A shared folder that is a git working tree: `gloss sync` pulls (rebasing), writes the reader's
//! file, commits it and pushes, with the `git` program, so that the user's own credentials, ssh
//! agent and configuration are used. Only the reader's own file is ever committed, so a conflict
//! can only be in it; whatever goes wrong is told in one line and loses nothing (the file is
//! written and the others' read all the same).

use std::path::Path;
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

/// `git -C dir ARGS [-- FILE]`, never asking for a password on the terminal (missing
/// credentials are an error, not a prompt the reader's sync hangs on).
fn git(dir: &Path, args: &[&str], file: Option<&Path>) -> Result<Output, GitError> {
    let mut command = Command::new("git");
    command.arg("-C").arg(dir).args(args);
    if let Some(file) = file {
        command.arg("--").arg(file);
    }
    command
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .map_err(|err| GitError::Missing(err.to_string()))
}

/// The first line git wrote about a failure (the command line prints it cleaned).
fn said(output: &Output) -> String {
    let text = String::from_utf8_lossy(&output.stderr);
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("hint:"))
        .unwrap_or("git failed")
        .to_string()
}

/// Whether `dir` is inside a git working tree.
pub fn is_work_tree(dir: &Path) -> bool {
    git(dir, &["rev-parse", "--is-inside-work-tree"], None)
        .is_ok_and(|o| o.status.success() && o.stdout.starts_with(b"true"))
}

/// The remote to share through (the first, `origin` when cloned) and the current branch.
fn remote_and_branch(dir: &Path) -> Result<Option<(String, String)>, GitError> {
    let remotes = git(dir, &["remote"], None)?;
    let Some(remote) = String::from_utf8_lossy(&remotes.stdout)
        .lines()
        .next()
        .map(str::to_string)
    else {
        return Ok(None);
    };
    let branch = git(dir, &["symbolic-ref", "--short", "HEAD"], None)?;
    let branch = String::from_utf8_lossy(&branch.stdout).trim().to_string();
    Ok((!branch.is_empty()).then_some((remote, branch)))
}

/// Brings the others' files in: fetches, and rebases on the remote's branch (undone if it stops
/// on a conflict). Returns false when there is no remote, or nothing on it yet.
pub fn pull(dir: &Path) -> Result<bool, GitError> {
    let Some((remote, branch)) = remote_and_branch(dir)? else {
        return Ok(false);
    };
    let fetched = git(dir, &["fetch", "--quiet", &remote], None)?;
    if !fetched.status.success() {
        return Err(GitError::Pull(said(&fetched)));
    }
    let theirs = format!("refs/remotes/{remote}/{branch}");
    let exists = git(dir, &["rev-parse", "--verify", "--quiet", &theirs], None)?;
    if !exists.status.success() {
        return Ok(false); // an empty remote: the first sync's push starts it
    }
    let born = git(dir, &["rev-parse", "--verify", "--quiet", "HEAD"], None)?;
    if !born.status.success() {
        // A clone made before anyone shared: it starts from the remote's branch.
        let output = git(dir, &["checkout", "--quiet", "-B", &branch, &theirs], None)?;
        return match output.status.success() {
            true => Ok(true),
            false => Err(GitError::Pull(said(&output))),
        };
    }
    let output = git(dir, &["rebase", "--quiet", &theirs], None)?;
    if output.status.success() {
        return Ok(true);
    }
    // A rebase stopped half way is put back as it was.
    let _ = git(dir, &["rebase", "--abort"], None);
    Err(GitError::Pull(said(&output)))
}

/// Commits the reader's `file` (if it changed) with `message`, and pushes what the remote lacks.
pub fn share(dir: &Path, file: &Path, message: &str) -> Result<Shared, GitError> {
    let name = file.file_name().map(Path::new).unwrap_or(file);
    let remote = remote_and_branch(dir)?;
    let mut shared = Shared {
        no_remote: remote.is_none(),
        ..Shared::default()
    };
    let added = git(dir, &["add"], Some(name))?;
    if !added.status.success() {
        return Err(GitError::Commit(said(&added)));
    }
    let unchanged = git(dir, &["diff", "--cached", "--quiet"], Some(name))?
        .status
        .success();
    if !unchanged {
        let committed = git(dir, &["commit", "--quiet", "-m", message], Some(name))?;
        if !committed.status.success() {
            return Err(GitError::Commit(said(&committed)));
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
        None,
    )?;
    let up_to_date = ahead.status.success() && String::from_utf8_lossy(&ahead.stdout).trim() == "0";
    let has_commits = git(dir, &["rev-parse", "--verify", "--quiet", "HEAD"], None)?
        .status
        .success();
    if has_commits && !up_to_date {
        let pushed = git(
            dir,
            &["push", "--quiet", "--set-upstream", &remote, "HEAD"],
            None,
        )?;
        if !pushed.status.success() {
            return Err(GitError::Push(said(&pushed)));
        }
        shared.pushed = true;
    }
    Ok(shared)
}
