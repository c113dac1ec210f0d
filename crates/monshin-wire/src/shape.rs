//! "An object must be a JSON object": deserialisation helpers for struct-typed fields.
//!
//! serde's derived `Deserialize` for structs also accepts a JSON *array* (the positional form),
//! so `"basicFiveInfo": ["…", "…", …]` or `"guideUrls": []` would silently parse. Every field of
//! struct type therefore goes through [`object`], [`optional_object`] or [`objects`]
//! (`#[serde(deserialize_with = …)]`), which ask the deserializer for a map only; the document
//! root goes through [`TopLevel`]. An array in an object's place is then a
//! [`crate::ErrorCode::WrongType`] at that path. The golden tests replace every object of every
//! golden document by an array to check that no field was missed.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map))
    }
}

/// A struct that must be written as a JSON object.
pub(crate) fn object<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    d.deserialize_map(ObjectVisitor(PhantomData))
}

/// An optional struct: `null` or a JSON object (absence is handled by `#[serde(default)]`).
pub(crate) fn optional_object<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct OptionVisitor<T>(PhantomData<T>);

    impl<'de, T: Deserialize<'de>> Visitor<'de> for OptionVisitor<T> {
        type Value = Option<T>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON object or null")
        }

        fn visit_none<E>(self) -> Result<Option<T>, E> {
            Ok(None)
        }

        fn visit_unit<E>(self) -> Result<Option<T>, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
            object(d).map(Some)
        }
    }

    d.deserialize_option(OptionVisitor(PhantomData))
}

/// An array of structs, each written as a JSON object.
pub(crate) fn objects<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct ObjectSeed<T>(PhantomData<T>);

    impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for ObjectSeed<T> {
        type Value = T;

        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
            object(d)
        }
    }

    struct SeqVisitor<T>(PhantomData<T>);

    impl<'de, T: Deserialize<'de>> Visitor<'de> for SeqVisitor<T> {
        type Value = Vec<T>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an array of JSON objects")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            // The pre-scan has bounded the length; the hint is capped all the same.
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
            while let Some(item) = seq.next_element_seed(ObjectSeed(PhantomData))? {
                out.push(item);
            }
            Ok(out)
        }
    }

    d.deserialize_seq(SeqVisitor(PhantomData))
}

/// The document root, which must be a JSON object.
pub(crate) struct TopLevel<T>(pub(crate) T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for TopLevel<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        object(d).map(TopLevel)
    }
}
