//! Where a value sits in JSON text, so that path-located problems can also carry a
//! line and column for the editor. serde_json's `Value` keeps no positions; this
//! walks the (already valid) text once and nothing more.
//!
//! Locating is linear in the size of the text however many problems there are: a
//! hostile file with 20,000 problems must not cost 20,000 passes over 16 MiB (that
//! took minutes, holding the app's lock meanwhile). One walk finds the offsets of
//! every wanted pointer, one sweep turns all offsets into lines and columns.

use crate::diagnostic::{Diagnostic, JsonPath};
use crate::json_document;
use std::collections::{HashMap, HashSet};

/// Deeper than serde_json's own recursion limit (128), so any text it parsed can be
/// walked; deeper text is not located rather than overflowing the stack.
const MAX_DEPTH: usize = 256;

/// Byte offset of the value at `pointer` (`/sections/0/id`) in `text`.
pub fn offset_of(text: &str, pointer: &str) -> Option<usize> {
    let wanted = HashSet::from([pointer.to_string()]);
    offsets_of(text, &wanted).remove(pointer)
}

/// Byte offsets of the values at each of the `wanted` pointers that exist in `text`,
/// in one pass over it.
fn offsets_of(text: &str, wanted: &HashSet<String>) -> HashMap<String, usize> {
    // The containers to descend into: every proper ancestor of a wanted pointer.
    let mut ancestors = HashSet::new();
    for pointer in wanted {
        let mut p = pointer.as_str();
        while let Some(i) = p.rfind('/') {
            p = &p[..i];
            if !ancestors.insert(p.to_string()) {
                break; // its own ancestors are in already
            }
        }
    }
    let mut walk = Walk {
        cursor: Cursor {
            text: text.as_bytes(),
            at: 0,
        },
        wanted,
        ancestors: &ancestors,
        found: HashMap::new(),
    };
    let mut path = String::new();
    // A walk that stops early (text it cannot follow) keeps what it found so far.
    let _ = walk.value(&mut path, 0);
    walk.found
}

struct Walk<'a> {
    cursor: Cursor<'a>,
    wanted: &'a HashSet<String>,
    ancestors: &'a HashSet<String>,
    found: HashMap<String, usize>,
}

impl Walk<'_> {
    /// Walks the value at the cursor, whose pointer is `path`, recording wanted
    /// offsets and descending only where a wanted pointer lies beneath.
    fn value(&mut self, path: &mut String, depth: usize) -> Option<()> {
        self.cursor.whitespace();
        if self.wanted.contains(path.as_str()) {
            self.found.insert(path.clone(), self.cursor.at);
        }
        if !self.ancestors.contains(path.as_str()) || depth > MAX_DEPTH {
            return self.cursor.skip_value();
        }
        match self.cursor.peek()? {
            b'{' => {
                self.cursor.at += 1;
                loop {
                    self.cursor.whitespace();
                    match self.cursor.peek()? {
                        b'}' => {
                            self.cursor.at += 1;
                            return Some(());
                        }
                        b',' => self.cursor.at += 1,
                        _ => {
                            let key_start = self.cursor.at;
                            self.cursor.skip_string()?;
                            let key: String = serde_json::from_slice(
                                &self.cursor.text[key_start..self.cursor.at],
                            )
                            .ok()?;
                            self.cursor.whitespace();
                            self.cursor.at += 1; // ':'
                            let len = path.len();
                            path.push('/');
                            path.push_str(&key.replace('~', "~0").replace('/', "~1"));
                            self.value(path, depth + 1)?;
                            path.truncate(len);
                        }
                    }
                }
            }
            b'[' => {
                self.cursor.at += 1;
                let mut index = 0usize;
                loop {
                    self.cursor.whitespace();
                    match self.cursor.peek()? {
                        b']' => {
                            self.cursor.at += 1;
                            return Some(());
                        }
                        b',' => self.cursor.at += 1,
                        _ => {
                            let len = path.len();
                            path.push('/');
                            path.push_str(&index.to_string());
                            self.value(path, depth + 1)?;
                            path.truncate(len);
                            index += 1;
                        }
                    }
                }
            }
            _ => self.cursor.skip_value(),
        }
    }
}

struct Cursor<'a> {
    text: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.at += 1;
        }
    }

    fn skip_string(&mut self) -> Option<()> {
        self.at += 1; // opening quote
        loop {
            match self.peek()? {
                b'\\' => self.at += 2,
                b'"' => {
                    self.at += 1;
                    return Some(());
                }
                _ => self.at += 1,
            }
        }
    }

    /// Skips one value, iteratively: nesting depth costs no stack.
    fn skip_value(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            match self.peek()? {
                b'"' => self.skip_string()?,
                b'{' | b'[' => {
                    depth += 1;
                    self.at += 1;
                }
                b'}' | b']' => {
                    depth = depth.checked_sub(1)?;
                    self.at += 1;
                }
                b',' | b':' if depth > 0 => self.at += 1,
                b' ' | b'\n' | b'\r' | b'\t' if depth > 0 => self.whitespace(),
                _ if depth > 0 => self.skip_scalar(),
                _ => {
                    self.skip_scalar();
                    return Some(());
                }
            }
            if depth == 0 {
                return Some(());
            }
        }
    }

    fn skip_scalar(&mut self) {
        while !matches!(
            self.peek(),
            None | Some(b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t' | b':')
        ) {
            self.at += 1;
        }
    }
}

/// Lines and columns (1-based, columns in characters) of byte `offsets` in `text`,
/// in one sweep over it.
fn lines_and_columns(text: &[u8], offsets: &[usize]) -> HashMap<usize, (usize, usize)> {
    let mut sorted: Vec<usize> = offsets.iter().map(|&o| o.min(text.len())).collect();
    sorted.sort_unstable();
    sorted.dedup();
    let mut out = HashMap::with_capacity(sorted.len());
    let (mut line, mut column) = (1usize, 1usize);
    let mut next = sorted.iter().peekable();
    for (at, &byte) in text.iter().enumerate() {
        while next.peek().is_some_and(|&&o| o == at) {
            out.insert(at, (line, column));
            next.next();
        }
        if next.peek().is_none() {
            break;
        }
        if byte == b'\n' {
            line += 1;
            column = 1;
        } else if byte & 0xC0 != 0x80 {
            // A character starts here (not a UTF-8 continuation byte).
            column += 1;
        }
    }
    for &o in next {
        out.insert(o, (line, column));
    }
    out
}

/// Fills in line and column for diagnostics that have a JSON path into `text`: the
/// value's own position, or its nearest ancestor's when it is missing (a missing
/// field is shown at its object).
pub fn locate_all(text: &str, diagnostics: &mut [Diagnostic]) {
    // Positions in the text as parsed, like those of syntax errors.
    let text = json_document::strip_bom(text);
    let pointers: Vec<Option<String>> = diagnostics
        .iter()
        .map(|d| match (&d.path, d.line) {
            (Some(path), None) => Some(JsonPath::to_pointer(path)),
            _ => None,
        })
        .collect();
    let mut wanted = HashSet::new();
    for pointer in pointers.iter().flatten() {
        let mut p = pointer.as_str();
        loop {
            wanted.insert(p.to_string());
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => break,
            }
        }
    }
    if wanted.is_empty() {
        return;
    }
    let found = offsets_of(text, &wanted);
    let nearest = |pointer: &str| -> Option<usize> {
        let mut p = pointer;
        loop {
            if let Some(&offset) = found.get(p) {
                return Some(offset);
            }
            p = &p[..p.rfind('/')?];
        }
    };
    let offsets: Vec<Option<usize>> = pointers
        .iter()
        .map(|p| p.as_deref().and_then(nearest))
        .collect();
    let positions = lines_and_columns(
        text.as_bytes(),
        &offsets.iter().flatten().copied().collect::<Vec<_>>(),
    );
    for (d, offset) in diagnostics.iter_mut().zip(offsets) {
        if let Some((line, column)) = offset.and_then(|o| positions.get(&o.min(text.len()))) {
            d.line = Some(*line);
            d.column = Some(*column);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::line_column;

    const TEXT: &str = "{\n  \"a\": [1, {\"b~/c\": \"x\"}],\n  \"é\": {\"d\": null}\n}";

    #[test]
    fn offsets_match_the_values_start() {
        for (pointer, starts_with) in [
            ("", "{"),
            ("/a", "[1"),
            ("/a/0", "1"),
            ("/a/1/b~0~1c", "\"x\""),
            ("/é/d", "null"),
        ] {
            let at = offset_of(TEXT, pointer).unwrap_or_else(|| panic!("{pointer}"));
            assert!(
                TEXT[at..].starts_with(starts_with),
                "{pointer}: {}",
                &TEXT[at..]
            );
        }
        assert_eq!(offset_of(TEXT, "/a/2"), None);
        assert_eq!(offset_of(TEXT, "/zz"), None);
    }

    #[test]
    fn one_sweep_agrees_with_line_column() {
        let offsets: Vec<usize> = (0..=TEXT.len())
            .filter(|&o| TEXT.is_char_boundary(o))
            .collect();
        let swept = lines_and_columns(TEXT.as_bytes(), &offsets);
        for o in offsets {
            assert_eq!(swept[&o], line_column(TEXT.as_bytes(), o), "offset {o}");
        }
    }

    #[test]
    fn missing_values_are_shown_at_their_nearest_ancestor() {
        let mut d = vec![
            Diagnostic::at_path("f", JsonPath::from_pointer("/é/missing").to_string(), "m"),
            Diagnostic::at_path("f", JsonPath::from_pointer("/a/1/b~0~1c").to_string(), "m"),
        ];
        locate_all(TEXT, &mut d);
        assert_eq!((d[0].line, d[0].column), (Some(3), Some(8)));
        assert_eq!((d[1].line, d[1].column), (Some(2), Some(21)));
    }
}
