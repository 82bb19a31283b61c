use super::*;

fn read(text: &str) -> (Settings, Vec<String>) {
    let mut warnings = Vec::new();
    let settings = parse(text, &Origin::file(Path::new("config.toml")), &mut warnings);
    (settings, warnings.iter().map(|w| w.to_string()).collect())
}

#[test]
fn the_commented_default_is_the_defaults() {
    let (settings, warnings) = read(DEFAULT_CONFIG);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(settings.theme, ThemeChoice::Auto);
    assert_eq!(settings.start, Start::Library);
    assert_eq!(settings.colours, Colours::default());
    assert!(settings.keys.is_empty());
    // Every setting is documented in the default file.
    for (key, _) in KEYS {
        let name = key.rsplit('.').next().unwrap();
        assert!(
            DEFAULT_CONFIG.contains(&format!("# {name} = ")),
            "{key} is not in the default file"
        );
    }
}

#[test]
fn settings_are_read_and_mistakes_name_their_line() {
    let text = "theme = \"light\"\nstart = \"last\"\nwidth = 100\nthme = \"dark\"\n\
                [colors]\nhighlight-2 = \"black on #aabbcc\"\nmatches = \"purple\"\n";
    let (settings, warnings) = read(text);
    assert_eq!(settings.theme, ThemeChoice::Light);
    assert_eq!(settings.start, Start::Last);
    assert_eq!(settings.width, Some(100));
    assert_eq!(
        settings.colours.highlights[1],
        Some(Paint::parse("black on #aabbcc").unwrap())
    );
    assert_eq!(
        settings.colours.matches, None,
        "a bad colour keeps the default"
    );
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].starts_with("config.toml line 4: no setting \"thme\""));
    assert!(warnings[1].starts_with("config.toml line 7: colors.matches"));
    assert!(warnings[1].contains("not a colour"));
}

#[test]
fn bad_values_and_bad_files_keep_the_defaults() {
    let (settings, warnings) = read("theme = \"sepia\"\nwidth = 5\nstart = 3\n");
    assert_eq!(settings.theme, ThemeChoice::Auto);
    assert_eq!(settings.width, None);
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    assert!(warnings[0].contains("line 1: theme should be dark, light"));
    assert!(warnings[1].contains("line 2: width should be"));
    let (settings, warnings) = read("theme = \"light\"\nthis is not toml\n");
    assert_eq!(settings.theme, ThemeChoice::Auto);
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].contains("line 2: not valid TOML"),
        "{warnings:?}"
    );
}

#[test]
fn keys_tables_are_collected_in_order() {
    let (settings, warnings) =
        read("[keys.reading]\nx = \"next-page\"\n[keys.cursor]\nX = \"highlight 2\"\n");
    assert!(warnings.is_empty(), "{warnings:?}");
    let keys: Vec<(&str, &str, usize)> = settings
        .keys
        .iter()
        .map(|k| (k.scope.as_str(), k.keys.as_str(), k.line))
        .collect();
    assert_eq!(keys, [("reading", "x", 2), ("cursor", "X", 4)]);
}

#[test]
fn keys_toml_beside_the_settings_is_read_too() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "theme = \"dark\"\n").unwrap();
    std::fs::write(keys_path(&config), "[reader]\nx = \"next-page\"\n").unwrap();
    let (settings, warnings) = load(&config);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(settings.theme, ThemeChoice::Dark);
    assert_eq!(settings.keys.len(), 1);
    assert!(settings.keys[0].origin.to_string().ends_with("keys.toml"));
    // No files at all: the defaults, and nothing to warn about.
    let (settings, warnings) = load(&dir.path().join("none.toml"));
    assert!(warnings.is_empty());
    assert_eq!(settings.theme, ThemeChoice::Auto);
}

#[test]
fn set_edits_one_line_and_keeps_the_rest() {
    let text =
        "# my settings\ntheme = \"dark\" # I like it dark\n\n[colors]\n# text = \"default\"\n";
    let edited = edit(text, "theme", "light").unwrap();
    assert!(
        edited.starts_with("# my settings\ntheme = \"light\""),
        "{edited}"
    );
    let edited = edit(&edited, "colors.matches", "on 120").unwrap();
    let (settings, warnings) = read(&edited);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        settings.colours.matches,
        Some(Paint::parse("on 120").unwrap())
    );
    assert!(edited.contains("# text = \"default\""));
    let edited = edit(DEFAULT_CONFIG, "width", "90").unwrap();
    assert_eq!(read(&edited).0.width, Some(90));
    assert!(edit(text, "theme", "sepia").is_err());
    assert!(edit(text, "font", "serif").is_err());
}

/// Issue 36: `config set` added `theme = "light"` at the top of the default file, leaving the
/// documented `# theme = "auto"` line below as it was; it now uncomments that line.
#[test]
fn set_uncomments_the_documented_line_in_place() {
    let edited = edit(DEFAULT_CONFIG, "theme", "light").unwrap();
    let before: Vec<&str> = DEFAULT_CONFIG.lines().collect();
    let after: Vec<&str> = edited.lines().collect();
    assert_eq!(before.len(), after.len(), "one line changed, none added");
    let at = before
        .iter()
        .position(|l| *l == "# theme = \"auto\"")
        .unwrap();
    assert_eq!(after[at], "theme = \"light\"");
    assert_eq!(read(&edited).0.theme, ThemeChoice::Light);
    let edited = edit(&edited, "colors.highlight-2", "black on 120").unwrap();
    let at = before
        .iter()
        .position(|l| *l == "# highlight-2 = \"default\"")
        .unwrap();
    assert_eq!(
        edited.lines().nth(at),
        Some("highlight-2 = \"black on 120\"")
    );
    let edited = edit(&edited, "width", "72").unwrap();
    assert!(edited.lines().any(|l| l == "width = 72"), "{edited}");
    assert_eq!(read(&edited).0.width, Some(72));
    // Set once, it is changed where it is.
    let again = edit(&edited, "theme", "dark").unwrap();
    assert_eq!(
        again.lines().nth(
            before
                .iter()
                .position(|l| *l == "# theme = \"auto\"")
                .unwrap()
        ),
        Some("theme = \"dark\"")
    );
    assert_eq!(again.lines().count(), before.len());
}
