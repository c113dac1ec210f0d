//! A [`Library`]: a catalogue with the source definitions and fragments it names, so that a
//! resolved list entry becomes a compiled form.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Catalogue, DefinitionRef};
use crate::error::{parse_json, Document, Error};
use crate::fragment::{expand, Fragments, SourceFinding};
use crate::limits::Limits;
use crate::CompiledForm;

/// A catalogue, its source definitions (by `id`) and the fragments they include.
#[derive(Debug, Clone)]
pub struct Library {
    /// The catalogue.
    pub catalogue: Catalogue,
    sources: BTreeMap<String, (String, String)>,
    fragments: Fragments,
    limits: Limits,
}

/// Why a definition named by the catalogue cannot be compiled.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LibraryError {
    /// `library.unknown-definition`: no source definition has this `id`.
    #[error("no definition `{0}` in the library")]
    UnknownDefinition(String),
    /// `library.version-mismatch`: the source has another `version` than the catalogue names.
    #[error("definition `{id}` is version `{found}`, the catalogue names `{expected}`")]
    VersionMismatch {
        /// The definition's id.
        id: String,
        /// The version the catalogue names.
        expected: String,
        /// The source's version.
        found: String,
    },
    /// `library.source`: the source's includes or parameters have errors.
    #[error("definition `{id}` does not expand: {} problem(s)", .findings.len())]
    Source {
        /// The definition's id.
        id: String,
        /// The problems.
        findings: Vec<SourceFinding>,
    },
    /// `library.definition`: the expanded definition is not valid.
    #[error("definition `{id}`: {error}")]
    Definition {
        /// The definition's id.
        id: String,
        /// The error.
        error: Error,
    },
}

impl LibraryError {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            LibraryError::UnknownDefinition(_) => "library.unknown-definition",
            LibraryError::VersionMismatch { .. } => "library.version-mismatch",
            LibraryError::Source { .. } => "library.source",
            LibraryError::Definition { .. } => "library.definition",
        }
    }
}

#[derive(Deserialize)]
struct Identity {
    id: String,
    version: String,
}

impl Library {
    /// A library from the catalogue's JSON, source definitions and fragments (JSON texts).
    pub fn from_texts<'t>(
        catalogue: &str,
        sources: impl IntoIterator<Item = &'t str>,
        fragments: impl IntoIterator<Item = &'t str>,
        limits: &Limits,
    ) -> Result<Library, Error> {
        let catalogue = Catalogue::from_json(catalogue.as_bytes(), limits)?;
        let mut by_id = BTreeMap::new();
        for source in sources {
            let identity: Identity = parse_json(
                Document::Definition,
                source.as_bytes(),
                limits.max_definition_bytes,
            )?;
            by_id.insert(identity.id, (identity.version, source.to_owned()));
        }
        let mut set = Fragments::new();
        for fragment in fragments {
            set.insert_json(fragment.as_bytes(), limits)?;
        }
        Ok(Library {
            catalogue,
            sources: by_id,
            fragments: set,
            limits: limits.clone(),
        })
    }

    /// The fragments of the library.
    pub fn fragments(&self) -> &Fragments {
        &self.fragments
    }

    /// The source text of definition `id`.
    pub fn source(&self, id: &str) -> Option<&str> {
        self.sources.get(id).map(|(_, s)| s.as_str())
    }

    /// The definition `definition` expanded with `params` and compiled.
    pub fn compile(
        &self,
        definition: &DefinitionRef,
        params: &BTreeMap<String, String>,
    ) -> Result<CompiledForm, LibraryError> {
        let id = definition.id.clone();
        let (version, source) = self
            .sources
            .get(&definition.id)
            .ok_or_else(|| LibraryError::UnknownDefinition(id.clone()))?;
        if *version != definition.version {
            return Err(LibraryError::VersionMismatch {
                id,
                expected: definition.version.clone(),
                found: version.clone(),
            });
        }
        let expansion =
            expand(source.as_bytes(), &self.fragments, params, &self.limits).map_err(|error| {
                LibraryError::Definition {
                    id: id.clone(),
                    error,
                }
            })?;
        let Some(def) = expansion.definition else {
            return Err(LibraryError::Source {
                id,
                findings: expansion.findings,
            });
        };
        CompiledForm::compile(def, &self.limits)
            .map_err(|error| LibraryError::Definition { id, error })
    }
}
