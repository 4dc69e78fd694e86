//! JSON Schemas generated from the Rust types (schemars) and used to check user
//! files before they are deserialized, so that every structural problem is reported
//! at once with its JSON path. The same schemas are shipped in `questionnaires/`
//! for editors; a test fails when a shipped copy is stale.

use crate::diagnostic::{Diagnostic, JsonPath};
use serde_json::Value;

/// The schema of `T`, as pretty JSON text ending in a newline.
pub fn schema_text<T: schemars::JsonSchema>() -> String {
    let schema = schemars::schema_for!(T);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serializes");
    text.push('\n');
    text
}

/// A compiled validator for `T`'s schema.
pub struct Checker {
    validator: jsonschema::Validator,
}

impl Checker {
    pub fn for_type<T: schemars::JsonSchema>() -> Checker {
        let schema = serde_json::to_value(schemars::schema_for!(T)).expect("a schema serializes");
        let validator = jsonschema::validator_for(&schema).expect("generated schemas are valid");
        Checker { validator }
    }

    /// Every structural problem in `value`, each with its JSON path.
    pub fn check(&self, file: &str, value: &Value) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = self
            .validator
            .iter_errors(value)
            .map(|e| {
                let pointer = e.instance_path().to_string();
                let instance = value.pointer(&pointer);
                Diagnostic::at_path(
                    file,
                    JsonPath::from_pointer(&pointer).to_string(),
                    plain_message(&e.to_string(), instance),
                )
            })
            .collect();
        out.dedup();
        out
    }
}

/// jsonschema quotes whole objects in some messages; a buyer needs the rule, not
/// a dump of the value.
fn plain_message(message: &str, instance: Option<&Value>) -> String {
    let kind = |v: &Value| match v {
        Value::Object(_) => "this object",
        Value::Array(_) => "this list",
        Value::String(_) => "this text",
        Value::Number(_) => "this number",
        Value::Bool(_) => "this value",
        Value::Null => "null",
    };
    if message.contains("is not valid under any of the schemas")
        || message.contains("is valid under more than one of the schemas")
    {
        let what = instance.map(kind).unwrap_or("this value");
        let hint = match instance.and_then(|v| v.get("type")).and_then(Value::as_str) {
            Some(t) => format!(" (check the fields allowed for type \"{t}\")"),
            None => String::new(),
        };
        return format!("{what} does not match any of the allowed forms{hint}");
    }
    if message.len() > 240 {
        let mut short: String = message.chars().take(200).collect();
        short.push('…');
        return short;
    }
    message.to_string()
}
