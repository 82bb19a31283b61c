//! The `gloss` command: parses the command line, runs its command (in `cli`), or starts the
//! reader (in `tui`) where the command leaves it. Errors become one line on stderr and a
//! non-zero exit status.

use std::io;
use std::process::ExitCode;

use anyhow::Result;
use gloss::app::keymap::Keymap;
use gloss::app::{Action, App};
use gloss::cli::run::{Outcome, Start};
use gloss::cli::{self, args::Cli};
use gloss::config;
use gloss::tui::launch::Setup;
use gloss::{clock, library, tui};

fn main() -> ExitCode {
    let cli = match clap::FromArgMatches::from_arg_matches(&cli::args::command().get_matches()) {
        Ok(cli) => cli,
        Err(err) => err.exit(),
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if cli::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            // Errors may quote a file's content: never a control character to the terminal.
            // Written, not printed: a terminal that is gone must not make it a panic.
            let line = format!("gloss: {}\n", cli::clean(&cli::message(&err)));
            let _ = io::Write::write_all(&mut io::stderr(), line.as_bytes());
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    let keys = || {
        let sections = Keymap::default().help(gloss::app::Mode::Library);
        sections.into_iter().map(|s| (s.title, s.lines)).collect()
    };
    if cli::run::print_alone(&cli, &keys)? {
        return Ok(());
    }
    let config_path = cli::run::config_path(&cli)?;
    let setup = cli::run::reads(&cli).then(|| Setup::read(&config_path, cli.width, cli.no_images));
    gloss::wait::on_wait(|| eprintln!("gloss:{}", tui::terminal::WAITING));
    match cli::run::run(cli, &config_path)? {
        Outcome::Done => Ok(()),
        Outcome::Keys => {
            let (settings, warnings) = config::load(&config_path);
            let (keymap, more) = Keymap::build(&settings.keys);
            for warning in warnings.iter().chain(&more) {
                eprintln!("gloss: {}", cli::clean(&warning.to_string()));
            }
            let mut out = io::stdout().lock();
            io::Write::write_all(&mut out, keymap.as_keys_file().as_bytes())?;
            Ok(io::Write::flush(&mut out)?)
        }
        Outcome::Read { store, db, start } => {
            let mut setup = setup.expect("read for the reader's commands");
            let mut app = App::on_library(*store, setup.width);
            setup.prepare(&mut app);
            match start {
                Start::Library if setup.settings.start == config::Start::Last => {
                    app.open_last_read()
                }
                Start::Library => {}
                Start::Review { passages: true, .. } => app.review_passages(),
                Start::Review { scope, .. } => app.review_scope(*scope),
                Start::Cards => app.update(Action::Cards),
                Start::File(file) => app.open_path(&file)?,
                Start::Page(file) => {
                    let format = gloss::document::Format::HTML_RAW;
                    let opened =
                        library::open_file_as(app.store_mut(), &file, format, clock::now())?;
                    app.open_loaded(opened);
                }
                Start::Url { url, raw } => {
                    let opened = cli::run::add(app.store_mut(), &db, &url, raw, 30)?;
                    app.open_loaded(opened);
                }
            }
            setup.run(&mut app)
        }
    }
}
