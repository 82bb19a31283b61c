//! The reader's review settings: their names as typed (`retention`, `new-per-day`...), their
//! defaults, and the rule each value follows. The store keeps them as text under those names;
//! a value kept that breaks its rule reads as the default.

/// Tunable settings of reviewing.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Share of cards to be remembered when they come due (FSRS's target).
    pub desired_retention: f32,
    /// Learning steps, in minutes.
    pub learning_steps: Vec<u32>,
    pub relearning_steps: Vec<u32>,
    pub new_per_day: u32,
    pub reviews_per_day: u32,
    /// Longest interval, in days.
    pub maximum_interval: u32,
    /// FSRS parameters; empty for the defaults.
    pub parameters: Vec<f32>,
    /// Review intervals are fuzzed (see [`crate::srs::fuzz`]).
    pub fuzz: bool,
    /// A card answered buries its siblings (the other cards of its cloze or its passage)
    /// until the next day.
    pub bury_siblings: bool,
    /// Lapses that make a card a leech (tagged and suspended); 0 for never.
    pub leech_threshold: u32,
    /// A review session ends after this many minutes, or answers; 0 for no limit.
    pub session_minutes: u32,
    pub session_cards: u32,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            desired_retention: 0.9,
            learning_steps: vec![1, 10],
            relearning_steps: vec![10],
            new_per_day: 20,
            reviews_per_day: 200,
            maximum_interval: 36_500,
            parameters: Vec::new(),
            fuzz: true,
            bury_siblings: true,
            leech_threshold: 8,
            session_minutes: 0,
            session_cards: 0,
        }
    }
}

/// The settings a reader may change, by the names `gloss config` takes.
pub const KEYS: [&str; 11] = [
    "retention",
    "new-per-day",
    "reviews-per-day",
    "learning-steps",
    "relearning-steps",
    "maximum-interval",
    "fuzz",
    "bury-siblings",
    "leech-threshold",
    "session-minutes",
    "session-cards",
];

/// The FSRS parameters fitted by `gloss cards optimize`: kept with the settings, not typed.
pub const PARAMETERS: &str = "fsrs-parameters";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingError {
    #[error("no setting {0:?}; settings: {keys}", keys = KEYS.join(", "))]
    Unknown(String),
    #[error("a deck has no {0} of its own; its own: {keys}", keys = super::deck::DECK_KEYS.join(", "))]
    NotForDecks(String),
    #[error("{value:?} is not a valid {key}: {rule}")]
    Invalid {
        key: &'static str,
        value: String,
        rule: &'static str,
    },
}

/// What a value of `key` must be, in words.
fn rule(key: &str) -> &'static str {
    match key {
        "retention" => "a share from 0.70 to 0.99",
        "new-per-day" | "reviews-per-day" => "a whole number",
        "maximum-interval" => "a whole number of days, at least 1",
        "fuzz" | "bury-siblings" => "on or off",
        "leech-threshold" => "a whole number of lapses (0: never)",
        "session-minutes" | "session-cards" => "a whole number (0: no limit)",
        _ => "minutes from 1 to 1440, separated by spaces (like \"1 10\")",
    }
}

fn switch(value: &str) -> Option<bool> {
    match value {
        "on" => Some(true),
        "off" => Some(false),
        _ => None,
    }
}

fn minutes(value: &str) -> Option<Vec<u32>> {
    value
        .split_whitespace()
        .map(|m| m.parse::<u32>().ok().filter(|m| (1..=1440).contains(m)))
        .collect()
}

/// Checks a value typed for setting `key`; returns it as it is kept (spaces collapsed).
pub fn check(key: &str, value: &str) -> Result<String, SettingError> {
    let Some(&key) = KEYS.iter().find(|&&k| k == key) else {
        return Err(SettingError::Unknown(key.to_string()));
    };
    let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut settings = Settings::default();
    if settings.set(key, &value) {
        Ok(value)
    } else {
        Err(SettingError::Invalid {
            key,
            value,
            rule: rule(key),
        })
    }
}

impl Settings {
    /// The forgetting curve's decay: FSRS-6's last parameter, or its default.
    pub fn decay(&self) -> f32 {
        match self.parameters.len() {
            21 => self.parameters[20],
            _ => fsrs::FSRS6_DEFAULT_DECAY,
        }
    }

    /// Whether a session begun at `since`, with `answers` given since, has reached its limit
    /// at `now`.
    pub fn session_over(&self, since: i64, answers: usize, now: i64) -> bool {
        let cards = self.session_cards > 0 && answers >= self.session_cards as usize;
        let minutes =
            self.session_minutes > 0 && now - since >= i64::from(self.session_minutes) * 60;
        cards || minutes
    }

    /// Settings from kept `(key, value)` pairs; defaults where a value is missing or breaks
    /// its rule.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Settings {
        Settings::default().overridden(pairs)
    }

    /// These settings with `pairs` set over them (a value that breaks its rule is left out).
    pub fn overridden<'a>(&self, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Settings {
        let mut settings = self.clone();
        for (key, value) in pairs {
            settings.set(key, value);
        }
        settings
    }

    /// Sets `key` from `value` if the value follows its rule; returns whether it did.
    fn set(&mut self, key: &str, value: &str) -> bool {
        match key {
            "retention" => match value.parse::<f32>() {
                Ok(r) if (0.7..=0.99).contains(&r) => self.desired_retention = r,
                _ => return false,
            },
            "new-per-day" => match value.parse() {
                Ok(n) => self.new_per_day = n,
                Err(_) => return false,
            },
            "reviews-per-day" => match value.parse() {
                Ok(n) => self.reviews_per_day = n,
                Err(_) => return false,
            },
            "maximum-interval" => match value.parse() {
                Ok(d) if d >= 1 => self.maximum_interval = d,
                _ => return false,
            },
            "fuzz" => match switch(value) {
                Some(on) => self.fuzz = on,
                None => return false,
            },
            "bury-siblings" => match switch(value) {
                Some(on) => self.bury_siblings = on,
                None => return false,
            },
            "leech-threshold" => match value.parse() {
                Ok(n) => self.leech_threshold = n,
                Err(_) => return false,
            },
            "session-minutes" => match value.parse() {
                Ok(n) => self.session_minutes = n,
                Err(_) => return false,
            },
            "session-cards" => match value.parse() {
                Ok(n) => self.session_cards = n,
                Err(_) => return false,
            },
            "learning-steps" => match minutes(value) {
                Some(steps) => self.learning_steps = steps,
                None => return false,
            },
            "relearning-steps" => match minutes(value) {
                Some(steps) => self.relearning_steps = steps,
                None => return false,
            },
            PARAMETERS => {
                self.parameters = value
                    .split(',')
                    .filter_map(|p| p.trim().parse().ok())
                    .collect()
            }
            _ => return false,
        }
        true
    }

    /// Each setting a reader may change, by name, with its value as typed.
    pub fn listed(&self) -> [(&'static str, String); 11] {
        let steps = |v: &[u32]| v.iter().map(u32::to_string).collect::<Vec<_>>().join(" ");
        let switch = |on: bool| if on { "on" } else { "off" }.to_string();
        [
            ("retention", self.desired_retention.to_string()),
            ("new-per-day", self.new_per_day.to_string()),
            ("reviews-per-day", self.reviews_per_day.to_string()),
            ("learning-steps", steps(&self.learning_steps)),
            ("relearning-steps", steps(&self.relearning_steps)),
            ("maximum-interval", self.maximum_interval.to_string()),
            ("fuzz", switch(self.fuzz)),
            ("bury-siblings", switch(self.bury_siblings)),
            ("leech-threshold", self.leech_threshold.to_string()),
            ("session-minutes", self.session_minutes.to_string()),
            ("session-cards", self.session_cards.to_string()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_checked_and_kept_values_read_back() {
        assert_eq!(check("learning-steps", " 1   10 ").unwrap(), "1 10");
        assert_eq!(check("retention", "0.85").unwrap(), "0.85");
        let err = check("retention", "0.5").unwrap_err();
        assert!(err.to_string().contains("0.70 to 0.99"), "{err}");
        assert!(check("learning-steps", "1 0").is_err());
        assert!(check("maximum-interval", "0").is_err());
        assert_eq!(check("fuzz", "off").unwrap(), "off");
        assert!(check("bury-siblings", "no").is_err());
        assert_eq!(check("leech-threshold", "0").unwrap(), "0");
        assert!(matches!(
            check("colour", "1"),
            Err(SettingError::Unknown(_))
        ));

        let kept = [
            ("retention", "0.85"),
            ("new-per-day", "lots"),
            ("learning-steps", "2 20"),
            (PARAMETERS, "0.1, 0.2"),
        ];
        let settings = Settings::from_pairs(kept);
        assert_eq!(settings.desired_retention, 0.85);
        assert_eq!(settings.new_per_day, Settings::default().new_per_day);
        assert_eq!(settings.learning_steps, [2, 20]);
        assert_eq!(settings.parameters, [0.1, 0.2]);
        let listed = settings.listed();
        assert_eq!(listed[3], ("learning-steps", "2 20".to_string()));
        assert!(listed.iter().all(|(k, v)| check(k, v).is_ok()));
    }
}
