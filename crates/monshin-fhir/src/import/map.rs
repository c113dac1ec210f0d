//! What the import remembers beside the definition: each questionnaire item's linkId, FHIR
//! type, master ID and place, so that responses can be read against it and findings pointed
//! back at FHIR paths.

use std::collections::HashMap;

use monshin_core::ItemType;

/// How a questionnaire item lives in the monshin definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// A top-level group that became a page.
    Page,
    /// A group that does not repeat: a note item for its heading, its items flattened after it.
    FlatGroup,
    /// A repeating group: a monshin group.
    RepeatGroup,
    /// A question (a repeating non-choice question also gets a synthetic monshin group).
    Question,
    /// A display item: a note.
    Display,
    /// A display child used as a question's help text.
    Help,
    /// Not representable; a finding says why.
    Unmapped,
}

/// One choice option: its FHIR value and the monshin code it became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionMap {
    /// `Coding.system`, if a Coding.
    pub system: Option<String>,
    /// The FHIR value as text (`Coding.code`, the string, the integer…).
    pub fhir_code: String,
    /// Text shown for it.
    pub display: Option<String>,
    /// The monshin option code.
    pub code: String,
    /// Marked `questionnaire-optionExclusive`.
    pub exclusive: bool,
}

/// One questionnaire item as mapped.
#[derive(Debug, Clone)]
pub struct Node {
    /// The item's linkId.
    pub link_id: String,
    /// Master ID in the definition (none for pages, help and unmapped items).
    pub master_id: Option<String>,
    /// Master ID of the synthetic group of a repeating non-choice question.
    pub wrapper_group: Option<String>,
    /// How it was mapped.
    pub kind: NodeKind,
    /// FHIR `type` code.
    pub fhir_type: String,
    /// monshin type of a question.
    pub item_type: Option<ItemType>,
    /// FHIR path in the questionnaire.
    pub path: String,
    /// Enclosing item, if any.
    pub parent: Option<usize>,
    /// Items nested under it.
    pub children: Vec<usize>,
    /// `repeats`.
    pub repeats: bool,
    /// `required`.
    pub required: bool,
    /// Has a condition (`enableWhen` or monshin's expression extension).
    pub conditional: bool,
    /// Answer options (choice items).
    pub options: Vec<OptionMap>,
    /// Master ID of the nearest enclosing repeating group (its own, for a repeating group).
    pub repeat_group: Option<String>,
}

/// All mapped items of one questionnaire.
#[derive(Debug, Clone, Default)]
pub struct FormMap {
    /// Items in document (pre-)order.
    pub nodes: Vec<Node>,
    /// Top-level items.
    pub top: Vec<usize>,
    /// linkId → first node with it.
    pub by_link: HashMap<String, usize>,
    /// master ID → node.
    pub by_master: HashMap<String, usize>,
    /// Every linkId in the questionnaire.
    pub link_ids: std::collections::HashSet<String>,
    /// Contained ValueSets by id: their codes as options.
    pub value_sets: HashMap<String, Vec<OptionMap>>,
}

impl FormMap {
    /// The node of a linkId.
    pub fn node(&self, link_id: &str) -> Option<&Node> {
        self.by_link.get(link_id).and_then(|&i| self.nodes.get(i))
    }

    /// The node holding a master ID (or whose synthetic group it is).
    pub fn by_master_id(&self, id: &str) -> Option<&Node> {
        self.by_master.get(id).and_then(|&i| self.nodes.get(i))
    }
}
