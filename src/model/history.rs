//! Undo, redo and the change log.
//!
//! A [`Document`] is a model with its history. Every change goes through
//! [`Document::apply`], which applies the edit, appends a change-log line when the edit
//! changes something governance records, and remembers the inverse. Undo applies the
//! inverse and takes the log line back, so undoing every step gives back the original
//! model exactly. The history keeps the last [`History::LIMIT`] steps.

use std::collections::VecDeque;

use super::date::Timestamp;
use super::describe::{describe, Description};
use super::edit::{apply, apply_observed, Edit, EditError};
use super::entities::{ChangeEntry, Model};

/// Who made an edit, when, and why (for the change log).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EditMeta {
    pub at: Timestamp,
    pub by: String,
    pub why: String,
}

#[derive(Clone, Debug)]
struct Step {
    forward: Edit,
    inverse: Edit,
    label: String,
    log: Option<ChangeEntry>,
}

/// The undo and redo stacks.
#[derive(Clone, Debug, Default)]
pub struct History {
    done: VecDeque<Step>,
    undone: Vec<Step>,
}

impl History {
    /// How many steps can be undone.
    pub const LIMIT: usize = 200;

    pub fn can_undo(&self) -> bool {
        !self.done.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.undone.is_empty()
    }

    /// What undo would take back, e.g. "Add KPI “Churn”".
    pub fn undo_label(&self) -> Option<&str> {
        self.done.back().map(|s| s.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.undone.last().map(|s| s.label.as_str())
    }

    pub fn depth(&self) -> usize {
        self.done.len()
    }
}

/// A model and its history.
#[derive(Clone, Debug, Default)]
pub struct Document {
    pub model: Model,
    pub history: History,
}

impl Document {
    pub fn new(model: Model) -> Document {
        Document { model, history: History::default() }
    }

    /// Applies an edit as one undoable step; returns its label.
    pub fn apply(&mut self, edit: Edit, meta: &EditMeta) -> Result<String, EditError> {
        let mut parts = Vec::new();
        let inverse = apply_observed(&mut self.model, edit.clone(), &mut |m, e| {
            parts.push(describe(m, e));
        })?;
        let Description { label, log, kpis } = Description::combine(parts);
        let log = log.then(|| ChangeEntry {
            at: meta.at,
            by: meta.by.clone(),
            what: label.clone(),
            why: meta.why.clone(),
            kpis,
        });
        if let Some(entry) = &log {
            self.model.governance.change_log.push(entry.clone());
        }
        let label = if label.is_empty() { "Edit".to_string() } else { label };
        self.history.done.push_back(Step { forward: edit, inverse, label: label.clone(), log });
        if self.history.done.len() > History::LIMIT {
            self.history.done.pop_front();
        }
        self.history.undone.clear();
        Ok(label)
    }

    /// Takes back the last step; returns its label, or `None` if there is nothing to undo.
    pub fn undo(&mut self) -> Option<Result<String, EditError>> {
        let step = self.history.done.pop_back()?;
        Some(match apply(&mut self.model, step.inverse.clone()) {
            Ok(forward) => {
                // Its own line, wherever it is: after a merge, a colleague's lines may
                // have been added behind it.
                if let Some(entry) = &step.log {
                    let log = &mut self.model.governance.change_log;
                    if let Some(i) = log.iter().rposition(|e| e == entry) {
                        log.remove(i);
                    }
                }
                let label = step.label.clone();
                self.history.undone.push(Step { forward, ..step });
                Ok(label)
            }
            // Cannot happen while all changes go through this document; if it does, the
            // step is dropped rather than left to fail again.
            Err(e) => Err(e),
        })
    }

    /// Re-applies the last undone step.
    pub fn redo(&mut self) -> Option<Result<String, EditError>> {
        let step = self.history.undone.pop()?;
        Some(match apply(&mut self.model, step.forward.clone()) {
            Ok(inverse) => {
                if let Some(entry) = &step.log {
                    self.model.governance.change_log.push(entry.clone());
                }
                let label = step.label.clone();
                self.history.done.push_back(Step { inverse, ..step });
                Ok(label)
            }
            Err(e) => Err(e),
        })
    }
}
