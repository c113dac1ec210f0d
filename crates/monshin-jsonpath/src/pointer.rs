//! [`JsonPath`]: where a value is in a document, printed as a JSON Pointer (RFC 6901).
//!
//! The one path type of the workspace: monshin-core's shape errors and finding locations and
//! monshin-wire's errors all print `/answers/3/seq`, never `answers[3].seq`. Keys on a path
//! come from the document, so [`JsonPath::key`] keeps a key only when it looks like a field
//! name of our formats and writes `<key>` otherwise.

use std::fmt;

use crate::Segment;

/// One step of a [`JsonPath`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathSegment {
    /// An object member, by field name. Only field names of our models appear here (names that
    /// are not plain ASCII identifiers are replaced by `<key>`).
    Key(String),
    /// An array element, 0-based.
    Index(usize),
}

/// The location of a value inside a document, printed as a JSON Pointer (RFC 6901), e.g.
/// `/forms/0/answerable`. The empty pointer is the document root.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct JsonPath(Vec<PathSegment>);

impl JsonPath {
    /// The document root.
    pub fn root() -> Self {
        JsonPath(Vec::new())
    }

    /// The segments from the root.
    pub fn segments(&self) -> &[PathSegment] {
        &self.0
    }

    /// Is this the document root?
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// This path extended by a field name (`<key>` unless it looks like one of ours).
    pub fn key(mut self, name: &str) -> Self {
        self.0.push(PathSegment::Key(sanitize_key(name)));
        self
    }

    /// This path extended by an array index.
    pub fn index(mut self, i: usize) -> Self {
        self.0.push(PathSegment::Index(i));
        self
    }

    /// This path without its last segment (the root stays the root).
    pub fn parent(mut self) -> Self {
        self.0.pop();
        self
    }

    /// The path as a JSON Pointer string (`""` for the root).
    pub fn to_pointer(&self) -> String {
        self.to_string()
    }

    /// From the segments [`crate::path_of_error`] found; keys are sanitised.
    pub fn from_segments(path: &[Segment]) -> Self {
        path.iter().fold(JsonPath::root(), |out, seg| match seg {
            Segment::Key(key) => out.key(key),
            Segment::Index(index) => out.index(*index),
        })
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for seg in &self.0 {
            match seg {
                PathSegment::Key(k) => {
                    f.write_str("/")?;
                    for c in k.chars() {
                        match c {
                            '~' => f.write_str("~0")?,
                            '/' => f.write_str("~1")?,
                            c => fmt::Write::write_char(f, c)?,
                        }
                    }
                }
                PathSegment::Index(i) => write!(f, "/{i}")?,
            }
        }
        Ok(())
    }
}

/// A short ASCII identifier, as every field name of our formats is (`[A-Za-z0-9_$]{1,64}`).
pub fn is_field_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$')
}

/// Keeps a key only if it looks like one of our field names; anything else could be document
/// content and is replaced.
fn sanitize_key(key: &str) -> String {
    if is_field_name(key) || key == "?" {
        key.to_owned()
    } else {
        "<key>".to_owned()
    }
}
