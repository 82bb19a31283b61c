//! Who the local reader is, for a reading group: a stable random id, made on first use, and a
//! display name (the login name until one is set with `gloss config set name`).

use super::{Result, Store};
use crate::annotation::Author;

impl Store {
    pub fn me(&mut self) -> Result<Author> {
        let id = match self.setting("user-id")? {
            Some(id) => id,
            None => {
                let id = uuid::Uuid::new_v4().to_string();
                self.set_setting("user-id", &id)?;
                id
            }
        };
        let name = self.setting("name")?.unwrap_or_else(login_name);
        Ok(Author { id, name })
    }
}

/// The login name, as a first display name.
fn login_name() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|n| !n.trim().is_empty()))
        .unwrap_or_else(|| "reader".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reader_gets_a_stable_id_and_a_name() {
        let mut store = Store::open_in_memory().unwrap();
        let me = store.me().unwrap();
        assert_eq!(me.id.len(), 36);
        assert!(!me.name.is_empty());
        assert_eq!(store.me().unwrap().id, me.id, "made once, then kept");
        store.set_setting("name", "Ana").unwrap();
        assert_eq!(store.me().unwrap().name, "Ana");
    }
}
