//! Reading the Lua table KOReader writes as a book's sidecar (`return { ["key"] = value, ... }`)
//! as data, never by running it: tables, strings (every escape, long brackets), numbers,
//! booleans and nil, with comments. A table becomes a JSON object (its keys as strings: `[1]`
//! is `"1"`). Nesting is followed with a stack of its own, never by recursion, and bounded.

use serde_json::{Map, Value};

/// Deepest nesting of tables read (KOReader's sidecars nest four deep).
const MOST_NESTED: usize = 64;

/// Reads a sidecar's text into its table.
pub fn parse(text: &str) -> Result<Value, String> {
    let mut p = Parser {
        s: text.as_bytes(),
        at: 0,
        text,
    };
    p.skip_blank();
    if p.s[p.at..].starts_with(b"return") {
        p.at += "return".len();
    }
    // Each open table, and the key its next value goes under.
    let mut stack: Vec<(Map<String, Value>, Option<String>, usize)> = Vec::new();
    let mut done: Option<Value> = None;
    loop {
        p.skip_blank();
        if let Some((_, key, _)) = stack.last_mut() {
            // In a table: its end, or the next field's key.
            if p.eat(b'}') {
                let (map, _, _) = stack.pop().expect("a table is open");
                let value = Value::Object(map);
                if !p.place(&mut stack, value, &mut done) {
                    break;
                }
                continue;
            }
            if key.is_none() {
                let k = p.key()?;
                let (_, key, next) = stack.last_mut().expect("a table is open");
                *key = Some(k.unwrap_or_else(|| {
                    *next += 1;
                    next.to_string()
                }));
                p.skip_blank();
            }
        }
        // A value.
        if p.eat(b'{') {
            if stack.len() >= MOST_NESTED {
                return Err(format!("tables nested more than {MOST_NESTED} deep"));
            }
            stack.push((Map::new(), None, 0));
            continue;
        }
        let value = p.scalar()?;
        if !p.place(&mut stack, value, &mut done) {
            break;
        }
    }
    p.skip_blank();
    if p.at < p.s.len() {
        return Err(p.error("text after the table"));
    }
    done.ok_or_else(|| "no table".to_string())
}

struct Parser<'a> {
    s: &'a [u8],
    at: usize,
    text: &'a str,
}

impl Parser<'_> {
    fn error(&self, what: &str) -> String {
        let line = self.text[..self.at.min(self.text.len())]
            .matches('\n')
            .count()
            + 1;
        format!("{what}, line {line}")
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.s.get(self.at) == Some(&byte) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    /// Whitespace and comments (`-- line`, `--[[ block ]]`).
    fn skip_blank(&mut self) {
        loop {
            while self.s.get(self.at).is_some_and(u8::is_ascii_whitespace) {
                self.at += 1;
            }
            if !self.s[self.at..].starts_with(b"--") {
                return;
            }
            self.at += 2;
            if let Some(level) = self.long_bracket() {
                let close = format!("]{}]", "=".repeat(level));
                self.at = find(self.s, self.at, close.as_bytes())
                    .map_or(self.s.len(), |i| i + close.len());
            } else {
                self.at = find(self.s, self.at, b"\n").map_or(self.s.len(), |i| i + 1);
            }
        }
    }

    /// At `[[` or `[==[`: steps over it and returns its level.
    fn long_bracket(&mut self) -> Option<usize> {
        let rest = &self.s[self.at..];
        if rest.first() != Some(&b'[') {
            return None;
        }
        let level = rest[1..].iter().take_while(|&&b| b == b'=').count();
        (rest.get(1 + level) == Some(&b'[')).then(|| {
            self.at += level + 2;
            level
        })
    }

    /// A field's key: `["name"] =`, `[1] =`, `name =`; `None` for a positional value.
    fn key(&mut self) -> Result<Option<String>, String> {
        let start = self.at;
        if self.s.get(self.at) == Some(&b'[')
            && self.s.get(self.at + 1) != Some(&b'[')
            && self.s.get(self.at + 1) != Some(&b'=')
        {
            self.at += 1;
            self.skip_blank();
            let key = match self.scalar()? {
                Value::String(s) => s,
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => return Err(self.error("a key that is nil")),
            };
            self.skip_blank();
            if !self.eat(b']') {
                return Err(self.error("`]` expected after a key"));
            }
            self.skip_blank();
            if !self.eat(b'=') {
                return Err(self.error("`=` expected after a key"));
            }
            return Ok(Some(key));
        }
        let name_len = self.s[self.at..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
            .count();
        if name_len > 0 && !self.s[self.at].is_ascii_digit() {
            let name = &self.text[self.at..self.at + name_len];
            self.at += name_len;
            self.skip_blank();
            if self.eat(b'=') && !matches!(name, "true" | "false" | "nil") {
                return Ok(Some(name.to_string()));
            }
        }
        self.at = start;
        Ok(None)
    }

    /// A value that is not a table.
    fn scalar(&mut self) -> Result<Value, String> {
        match self.s.get(self.at) {
            Some(b'"' | b'\'') => self.string().map(Value::String),
            Some(b'[') => {
                let level = self
                    .long_bracket()
                    .ok_or_else(|| self.error("a value expected"))?;
                // A newline right after the opening bracket is not part of the string.
                if self.s.get(self.at) == Some(&b'\n') {
                    self.at += 1;
                }
                let close = format!("]{}]", "=".repeat(level));
                let end = find(self.s, self.at, close.as_bytes())
                    .ok_or_else(|| self.error("a long string not closed"))?;
                let value = self.text[self.at..end].to_string();
                self.at = end + close.len();
                Ok(Value::String(value))
            }
            Some(b'-' | b'0'..=b'9' | b'.') => self.number(),
            _ => {
                for (word, value) in [
                    ("true", Value::Bool(true)),
                    ("false", Value::Bool(false)),
                    ("nil", Value::Null),
                ] {
                    if self.s[self.at..].starts_with(word.as_bytes()) {
                        self.at += word.len();
                        return Ok(value);
                    }
                }
                Err(self.error("a value expected"))
            }
        }
    }

    fn number(&mut self) -> Result<Value, String> {
        let start = self.at;
        let negative = self.eat(b'-');
        let hex = self.s[self.at..].starts_with(b"0x") || self.s[self.at..].starts_with(b"0X");
        let digits = self.s[self.at..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-'))
            .count();
        // (`-` and `+` only inside an exponent.)
        let mut end = self.at;
        for (i, &b) in self.s[self.at..self.at + digits].iter().enumerate() {
            if matches!(b, b'+' | b'-') && !matches!(self.s[self.at + i - 1], b'e' | b'E') {
                break;
            }
            end = self.at + i + 1;
        }
        let literal = &self.text[self.at..end];
        self.at = end;
        let value = if hex {
            i64::from_str_radix(&literal[2..], 16)
                .ok()
                .map(|n| Value::from(if negative { -n } else { n }))
        } else if let Ok(n) = literal.parse::<i64>() {
            Some(Value::from(if negative { -n } else { n }))
        } else {
            literal
                .parse::<f64>()
                .ok()
                .and_then(|f| serde_json::Number::from_f64(if negative { -f } else { f }))
                .map(Value::Number)
        };
        value.ok_or_else(|| {
            self.at = start;
            self.error("a number not understood")
        })
    }

    /// A quoted string, its escapes read as Lua reads them.
    fn string(&mut self) -> Result<String, String> {
        let quote = self.s[self.at];
        self.at += 1;
        let mut out: Vec<u8> = Vec::new();
        loop {
            let Some(&b) = self.s.get(self.at) else {
                return Err(self.error("a string not closed"));
            };
            self.at += 1;
            match b {
                _ if b == quote => break,
                b'\n' => return Err(self.error("a line break in a string")),
                b'\\' => {
                    let Some(&e) = self.s.get(self.at) else {
                        return Err(self.error("a string not closed"));
                    };
                    self.at += 1;
                    match e {
                        b'n' | b'\n' => out.push(b'\n'),
                        b't' => out.push(b'\t'),
                        b'r' => out.push(b'\r'),
                        b'a' => out.push(7),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'v' => out.push(11),
                        b'z' => {
                            while self.s.get(self.at).is_some_and(u8::is_ascii_whitespace) {
                                self.at += 1;
                            }
                        }
                        b'x' => {
                            let hex = self
                                .text
                                .get(self.at..self.at + 2)
                                .and_then(|h| u8::from_str_radix(h, 16).ok());
                            out.push(hex.ok_or_else(|| self.error("a bad \\x escape"))?);
                            self.at += 2;
                        }
                        b'u' => {
                            let close = find(self.s, self.at, b"}")
                                .ok_or_else(|| self.error("a bad \\u escape"))?;
                            let code = self
                                .text
                                .get(self.at + 1..close)
                                .and_then(|h| u32::from_str_radix(h, 16).ok())
                                .and_then(char::from_u32);
                            let c = code.ok_or_else(|| self.error("a bad \\u escape"))?;
                            out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                            self.at = close + 1;
                        }
                        b'0'..=b'9' => {
                            let len = self.s[self.at - 1..]
                                .iter()
                                .take(3)
                                .take_while(|b| b.is_ascii_digit())
                                .count();
                            let n: u32 = self.text[self.at - 1..self.at - 1 + len]
                                .parse()
                                .unwrap_or(256);
                            out.push(
                                u8::try_from(n).map_err(|_| self.error("a bad decimal escape"))?,
                            );
                            self.at += len - 1;
                        }
                        other => out.push(other),
                    }
                }
                _ => out.push(b),
            }
        }
        Ok(String::from_utf8_lossy(&out).into_owned())
    }

    /// Puts a finished value into the table open (under its key), or as the whole result;
    /// `false` once the whole is done.
    fn place(
        &mut self,
        stack: &mut [(Map<String, Value>, Option<String>, usize)],
        value: Value,
        done: &mut Option<Value>,
    ) -> bool {
        match stack.last_mut() {
            Some((map, key, _)) => {
                let key = key.take().unwrap_or_default();
                if !value.is_null() {
                    map.insert(key, value);
                }
                self.skip_blank();
                let _ = self.eat(b',') || self.eat(b';');
                true
            }
            None => {
                *done = Some(value);
                false
            }
        }
    }
}

fn find(s: &[u8], from: usize, what: &[u8]) -> Option<usize> {
    s.get(from..)?
        .windows(what.len())
        .position(|w| w == what)
        .map(|i| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sidecar_s_shapes_read_as_data() {
        let text = r#"-- a comment
return {
    ["title"] = "Alice's \"Adventures\"",
    ["pages"] = 156, ["ratio"] = 0.455, ["neg"] = -3,
    ["done"] = true, ["gone"] = nil,
    ["text"] = "line one\
line two\n\u{263A}\65",
    [1] = { [1] = "a", [2] = 'b', [3] = "c" },
    ["list"] = { "x"; "y", },
    plain = [[long
string]],
    --[[ a block
    comment ]]
    ["nested"] = { ["deeper"] = { ["x"] = 1.5e2 } },
}"#;
        let v = parse(text).unwrap();
        assert_eq!(v["title"], "Alice's \"Adventures\"");
        assert_eq!(v["pages"], 156);
        assert_eq!(v["ratio"], 0.455);
        assert_eq!(v["neg"], -3);
        assert_eq!(v["done"], true);
        assert!(v.get("gone").is_none());
        assert_eq!(v["text"], "line one\nline two\n☺A");
        assert_eq!(v["1"]["1"], "a");
        assert_eq!(v["1"]["2"], "b");
        assert_eq!(v["1"]["3"], "c");
        assert_eq!(
            (&v["list"]["1"], &v["list"]["2"]),
            (&"x".into(), &"y".into())
        );
        assert_eq!(v["plain"], "long\nstring");
        assert_eq!(v["nested"]["deeper"]["x"], 150.0);
    }

    #[test]
    fn bad_and_hostile_sidecars_are_refused_not_run() {
        for bad in [
            "return { [\"a\"] = os.execute(\"rm -rf /\") }",
            "return { [\"a\"] = \"open",
            "return { [\"a\"] = 1",
            "return {} junk",
            "",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        let deep = format!("return {}{}", "{".repeat(10_000), "}".repeat(10_000));
        assert!(parse(&deep).unwrap_err().contains("nested"));
    }
}
