//! Where a value sits in JSON text, so that path-located problems can also carry a
//! line and column for the editor. serde_json's `Value` keeps no positions; this
//! walks the (already valid) text along a JSON Pointer and nothing more.

use crate::diagnostic::{line_column, Diagnostic, JsonPath};
use crate::json_document;

/// Byte offset of the value at `pointer` (`/sections/0/id`) in `text`.
pub fn offset_of(text: &str, pointer: &str) -> Option<usize> {
    let tokens: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect();
    let mut cursor = Cursor {
        text: text.as_bytes(),
        at: 0,
    };
    cursor.whitespace();
    for token in &tokens {
        cursor.enter(token)?;
    }
    Some(cursor.at)
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

    /// Moves from the start of an object or array to the start of its member `token`.
    fn enter(&mut self, token: &str) -> Option<()> {
        match self.peek()? {
            b'{' => {
                self.at += 1;
                loop {
                    self.whitespace();
                    if self.peek()? == b'}' {
                        return None;
                    }
                    let key_start = self.at;
                    self.skip_string()?;
                    let key: String =
                        serde_json::from_slice(&self.text[key_start..self.at]).ok()?;
                    self.whitespace();
                    self.at += 1; // ':'
                    self.whitespace();
                    if key == token {
                        return Some(());
                    }
                    self.skip_member()?;
                }
            }
            b'[' => {
                let wanted: usize = token.parse().ok()?;
                self.at += 1;
                for index in 0.. {
                    self.whitespace();
                    if self.peek()? == b']' {
                        return None;
                    }
                    if index == wanted {
                        return Some(());
                    }
                    self.skip_member()?;
                }
                None
            }
            _ => None,
        }
    }

    /// Skips a member's value and the comma after it, if any.
    fn skip_member(&mut self) -> Option<()> {
        self.skip_value()?;
        self.whitespace();
        if self.peek()? == b',' {
            self.at += 1;
        }
        Some(())
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

    fn skip_value(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => self.skip_string(),
            open @ (b'{' | b'[') => {
                let close = if open == b'{' { b'}' } else { b']' };
                self.at += 1;
                loop {
                    self.whitespace();
                    match self.peek()? {
                        c if c == close => {
                            self.at += 1;
                            return Some(());
                        }
                        b',' | b':' => self.at += 1,
                        _ => self.skip_value()?,
                    }
                }
            }
            _ => {
                while !matches!(
                    self.peek(),
                    None | Some(b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t')
                ) {
                    self.at += 1;
                }
                Some(())
            }
        }
    }
}

/// Fills in line and column for diagnostics that have a JSON path into `text`.
pub fn locate_all(text: &str, diagnostics: &mut [Diagnostic]) {
    // Positions in the text as parsed, like those of syntax errors.
    let text = json_document::strip_bom(text);
    for d in diagnostics.iter_mut().filter(|d| d.line.is_none()) {
        let Some(path) = &d.path else { continue };
        // Walk up to the nearest ancestor that exists (a missing field's parent).
        let mut pointer = JsonPath::to_pointer(path);
        loop {
            if let Some(offset) = offset_of(text, &pointer) {
                let (line, column) = line_column(text.as_bytes(), offset);
                d.line = Some(line);
                d.column = Some(column);
                break;
            }
            match pointer.rfind('/') {
                Some(i) => pointer.truncate(i),
                None => break,
            }
        }
    }
}
