//! FHIR R4 XML read into the JSON shape the serde types expect.
//!
//! FHIR XML spells a primitive as `<name value="…"/>`, an extension's URL as an attribute and a
//! contained resource as an element named by its type; whether an element repeats is not
//! visible in one document, so the names that repeat in the resources this crate reads are
//! listed here. Narrative `div` content is skipped. Depth and element counts are bounded.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use serde_json::{Map, Value};

use crate::error::FhirError;

/// Elements that are arrays in FHIR JSON (in Questionnaire, QuestionnaireResponse, ValueSet).
const REPEATING: &[&str] = &[
    "item",
    "answer",
    "enableWhen",
    "answerOption",
    "initial",
    "extension",
    "modifierExtension",
    "contained",
    "identifier",
    "coding",
    "contact",
    "telecom",
    "jurisdiction",
    "useContext",
    "code",
    "subjectType",
    "derivedFrom",
    "include",
    "exclude",
    "concept",
    "contains",
    "issue",
];

/// Boolean-valued primitives.
const BOOLEANS: &[&str] = &[
    "valueBoolean",
    "answerBoolean",
    "required",
    "repeats",
    "readOnly",
    "initialSelected",
    "experimental",
];

/// Number-valued primitives (integer and decimal).
const NUMBERS: &[&str] = &[
    "valueInteger",
    "valueDecimal",
    "answerInteger",
    "answerDecimal",
    "maxLength",
    "value",
];

/// Deepest element nesting read.
const MAX_DEPTH: usize = 64;
/// Most elements read.
const MAX_ELEMENTS: usize = 200_000;

struct Frame {
    name: String,
    object: Map<String, Value>,
    /// The `value` attribute of a primitive.
    primitive: Option<String>,
    /// Skipped subtree (narrative XHTML).
    skip: bool,
}

/// Read a FHIR XML resource into a JSON value with `resourceType` set.
pub(crate) fn to_json(text: &str, resource: &'static str) -> Result<Value, FhirError> {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut elements = 0usize;
    let mut root: Option<Value> = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|_| malformed(resource, &stack))?;
        match event {
            Event::Start(start) => {
                elements += 1;
                check_bounds(&stack, elements)?;
                stack.push(open(&start, &stack, resource)?);
            }
            Event::Empty(start) => {
                elements += 1;
                check_bounds(&stack, elements)?;
                let frame = open(&start, &stack, resource)?;
                close(frame, &mut stack, &mut root);
            }
            Event::End(_) => {
                let frame = stack.pop().ok_or_else(|| malformed(resource, &stack))?;
                close(frame, &mut stack, &mut root);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err(malformed(resource, &stack));
    }
    root.ok_or(FhirError::Malformed {
        resource,
        location: "(document)".to_string(),
    })
}

fn check_bounds(stack: &[Frame], elements: usize) -> Result<(), FhirError> {
    if stack.len() >= MAX_DEPTH {
        return Err(FhirError::Limit {
            what: "XML nesting depth",
            limit: MAX_DEPTH,
            location: path(stack),
        });
    }
    if elements > MAX_ELEMENTS {
        return Err(FhirError::Limit {
            what: "XML element count",
            limit: MAX_ELEMENTS,
            location: path(stack),
        });
    }
    Ok(())
}

fn open(
    start: &BytesStart<'_>,
    stack: &[Frame],
    resource: &'static str,
) -> Result<Frame, FhirError> {
    let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
    let skip = name == "div" || stack.last().is_some_and(|f| f.skip);
    let mut frame = Frame {
        name,
        object: Map::new(),
        primitive: None,
        skip,
    };
    if skip {
        return Ok(frame);
    }
    for attr in start.attributes() {
        let attr = attr.map_err(|_| malformed(resource, stack))?;
        let key = String::from_utf8_lossy(attr.key.local_name().as_ref()).into_owned();
        let value = attr
            .unescape_value()
            .map_err(|_| malformed(resource, stack))?
            .into_owned();
        match key.as_str() {
            "value" => frame.primitive = Some(value),
            "url" | "id" => {
                frame.object.insert(key, Value::String(value));
            }
            _ => {}
        }
    }
    Ok(frame)
}

fn close(frame: Frame, stack: &mut [Frame], root: &mut Option<Value>) {
    if frame.skip {
        return;
    }
    let Some(parent) = stack.last_mut() else {
        let mut object = frame.object;
        object.insert("resourceType".to_string(), Value::String(frame.name));
        *root = Some(Value::Object(object));
        return;
    };
    if parent.skip {
        return;
    }
    let value = match frame.primitive {
        Some(text) if frame.object.is_empty() => primitive(&frame.name, text),
        Some(text) => {
            // A primitive with an id or extensions: the value, and the rest as `_name`.
            let key = format!("_{}", frame.name);
            parent.object.insert(key, Value::Object(frame.object));
            primitive(&frame.name, text)
        }
        None => Value::Object(frame.object),
    };
    // A contained resource is an element named by its type inside `contained`.
    if parent.name == "contained" {
        if let Value::Object(mut inner) = value {
            inner.insert("resourceType".to_string(), Value::String(frame.name));
            parent.object = inner;
        }
        return;
    }
    // `code` repeats as a Coding (Questionnaire.code, item.code), never as a primitive
    // (Coding.code, concept.code).
    let repeats = REPEATING.contains(&frame.name.as_str())
        && !(frame.name == "code" && matches!(value, Value::String(_)));
    if repeats {
        let entry = parent
            .object
            .entry(frame.name)
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(items) = entry {
            items.push(value);
        }
    } else {
        parent.object.insert(frame.name, value);
    }
}

fn primitive(name: &str, text: String) -> Value {
    if BOOLEANS.contains(&name) {
        match text.as_str() {
            "true" => return Value::Bool(true),
            "false" => return Value::Bool(false),
            _ => {}
        }
    }
    if NUMBERS.contains(&name) {
        if let Ok(n @ Value::Number(_)) = serde_json::from_str::<Value>(&text) {
            return n;
        }
    }
    Value::String(text)
}

/// Where reading stopped, as the element depth: element names come from the input and are
/// not echoed.
fn path(stack: &[Frame]) -> String {
    if stack.is_empty() {
        "(document)".to_string()
    } else {
        format!("element depth {}", stack.len())
    }
}

fn malformed(resource: &'static str, stack: &[Frame]) -> FhirError {
    FhirError::Malformed {
        resource,
        location: path(stack),
    }
}
