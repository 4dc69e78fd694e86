//! Reading a user-supplied JSON file into a `serde_json::Value`, turning every way a
//! file can be broken (missing, empty, huge, not UTF-8, truncated, bad syntax) into
//! a located diagnostic instead of a panic or a bare error.

use crate::diagnostic::{line_column, Diagnostic, JsonPath};
use serde_json::Value;
use std::path::Path;

/// Larger files are refused before parsing. The shipped questionnaire is ~150 KB; a
/// 500-question one stays under 2 MB.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Reads `path` as UTF-8 text, refusing what is too large, not a regular file or
/// not text.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let file = path.display().to_string();
    let bytes = crate::bounded_read::read_regular_file(path, MAX_FILE_BYTES)
        .map_err(|e| Diagnostic::in_file(&file, e.to_string()))?;
    decode_utf8(&file, bytes)
}

pub fn decode_utf8(file: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let (line, column) = line_column(e.as_bytes(), offset);
            Err(Diagnostic::at_position(
                file,
                line,
                column,
                "the file is not valid UTF-8 text (save it as UTF-8)",
            ))
        }
    }
}

/// The text without a leading byte-order mark, which editors on Windows add and
/// JSON parsers refuse. Positions are reported in this text.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Parses JSON text; syntax errors carry line and column.
pub fn parse(file: &str, text: &str) -> Result<Value, Diagnostic> {
    let text = strip_bom(text);
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(Diagnostic::in_file(file, "the document is too large"));
    }
    if text.trim().is_empty() {
        return Err(Diagnostic::in_file(file, "the file is empty"));
    }
    value_from_str(text).map_err(|e| {
        let message = match e.classify() {
            serde_json::error::Category::Eof => {
                "the JSON ends too early (is the file truncated?)".to_string()
            }
            _ => format!("invalid JSON: {}", strip_position(&e.to_string())),
        };
        Diagnostic::at_position(file, e.line(), e.column(), message)
    })
}

/// Parses JSON text into a `Value`, refusing an object that names one key twice.
/// serde_json would keep the last one silently, so `"weight":5,"weight":1000000`
/// would show 5 in an editor and score 1,000,000. Every loader of user JSON
/// (files, bundle members, data embedded in a PDF) parses through here.
pub fn value_from_str(text: &str) -> Result<Value, serde_json::Error> {
    use serde::de::DeserializeSeed;
    let mut de = serde_json::Deserializer::from_str(text);
    let value = UniqueKeys.deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

/// [`value_from_str`] for bytes (UTF-8 is checked by the parser).
pub fn value_from_slice(bytes: &[u8]) -> Result<Value, serde_json::Error> {
    use serde::de::DeserializeSeed;
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = UniqueKeys.deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

/// A `Value` seed whose objects refuse a repeated key. serde_json's own recursion
/// limit still applies: it is enforced by the deserializer, not the visitor.
#[derive(Clone, Copy)]
struct UniqueKeys;

impl<'de> serde::de::DeserializeSeed<'de> for UniqueKeys {
    type Value = Value;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for UniqueKeys {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::from(n))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::from(n))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
        // serde_json never hands over a non-finite number, so this never is Null.
        Ok(serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(serde::de::Error::custom(format!(
                    "the key \"{key}\" appears twice in one object (which one is meant?)"
                )));
            }
            let value = map.next_value_seed(self)?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// serde_json appends " at line L column C"; we report those separately.
fn strip_position(message: &str) -> &str {
    message.split(" at line ").next().unwrap_or(message)
}

/// Deserializes a value whose shape was already checked; reports the path if not.
pub fn from_value<T: serde::de::DeserializeOwned>(
    file: &str,
    value: Value,
) -> Result<T, Diagnostic> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let pointer = e
            .path()
            .iter()
            .map(|seg| format!("/{seg}"))
            .collect::<String>();
        Diagnostic::at_path(
            file,
            JsonPath::from_pointer(&pointer).to_string(),
            e.inner().to_string(),
        )
    })
}
