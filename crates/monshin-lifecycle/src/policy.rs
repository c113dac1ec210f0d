//! [`Policy`]: how the lifecycle rules of **our design** are applied — refused, warned about,
//! or allowed. The guideline's own rules are not in it: they always refuse.
//!
//! | Rule | Source | Default |
//! |---|---|---|
//! | 回答許可フラグ false → no register (`lifecycle.not-answerable`) | guideline 表 2.4-4 項番 36, 2.4-11 項番 23 | refuse |
//! | 未回答 is never registered (`lifecycle.unanswered-not-registrable`) | guideline 表 2.4-6 項番 50, 2.4-12 項番 33 | refuse |
//! | 下書き needs draft validation, 回答済み complete validation | guideline 表 2.4-6 項番 50 (statuses) + our design (modes) | refuse ([`monshin_core::Validated`]) |
//! | 回答済み → 下書き (`lifecycle.answered-to-draft`) | our design | [`Policy::reopen_answered`]: warn |
//! | last page is a page this register updates (`lifecycle.last-page-not-updated`) | our design | [`Policy::last_page_not_updated`]: warn |
//!
//! The guideline forbids neither a citizen reopening an answered form nor a write whose last
//! page did not change, so by default both register and come back as warnings in
//! [`crate::RegisterPlan::warnings`]. An app that wants the stricter behaviour sets
//! [`Policy::strict`].

use crate::error::LifecycleError;

/// What to do when a rule of our design is broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum RuleAction {
    /// Register without a word.
    Allow,
    /// Register, and report the rule in [`crate::RegisterPlan::warnings`].
    #[default]
    Warn,
    /// Refuse the register with the rule's error.
    Refuse,
}

/// The actions for the lifecycle rules of our design.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Policy {
    /// 回答済み registered as 下書き (`lifecycle.answered-to-draft`).
    pub reopen_answered: RuleAction,
    /// The last page is not a page this register updates, or, when nothing changed, not the
    /// page PMH records (`lifecycle.last-page-not-updated`).
    pub last_page_not_updated: RuleAction,
}

impl Policy {
    /// Every rule of our design refuses (monshin's behaviour before it followed the guideline
    /// alone).
    pub fn strict() -> Self {
        Policy {
            reopen_answered: RuleAction::Refuse,
            last_page_not_updated: RuleAction::Refuse,
        }
    }

    /// Only the guideline's rules apply; ours are silent.
    pub fn guideline_only() -> Self {
        Policy {
            reopen_answered: RuleAction::Allow,
            last_page_not_updated: RuleAction::Allow,
        }
    }

    /// Applies `action` to a broken rule.
    pub(crate) fn apply(
        &self,
        action: RuleAction,
        broken: LifecycleError,
        warnings: &mut Vec<LifecycleError>,
    ) -> Result<(), LifecycleError> {
        match action {
            RuleAction::Allow => Ok(()),
            RuleAction::Warn => {
                warnings.push(broken);
                Ok(())
            }
            RuleAction::Refuse => Err(broken),
        }
    }
}
