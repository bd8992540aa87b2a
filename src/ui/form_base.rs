//! `use_form_base`: an open form's draft that follows the model underneath it.
//!
//! A form copies an entity into a draft and may stay open while the model changes:
//! another tab's model taken in, an undo, an import. This hook remembers the entity the
//! form started from (its base) and, on every change of the model, rebases the draft
//! (see [`crate::model::rebase`]): fields the user has not touched take the model's new
//! values, fields the user changed keep the user's text. When the entity is gone from
//! the model, `gone` says so and the form refuses to bring it back. On save a form
//! writes [`UseFormBaseReturn::to_save`]: the entity as it is now with only the fields
//! the user changed.

use leptos::prelude::*;

use crate::model::rebase::Rebase;
use crate::model::Model;
use crate::ui::state::AppState;

/// What [`use_form_base`] gives a form.
pub struct UseFormBaseReturn<E: Send + Sync + 'static, D: Send + Sync + 'static> {
    /// The entity as the form last saw it in the model.
    pub base: StoredValue<E>,
    /// The draft of `base`: what the form holds when the user changed nothing.
    pub start: RwSignal<D>,
    /// The entity is no longer in the model (deleted in another tab, undone, replaced).
    pub gone: RwSignal<bool>,
    /// The form is closing with an edit of its own: the change it makes is not followed
    /// (the form and its fields are about to go).
    closing: StoredValue<bool>,
}

impl<E: Send + Sync + 'static, D: Send + Sync + 'static> Clone for UseFormBaseReturn<E, D> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<E: Send + Sync + 'static, D: Send + Sync + 'static> Copy for UseFormBaseReturn<E, D> {}

impl<E, D> UseFormBaseReturn<E, D>
where
    E: Rebase + Clone + Send + Sync + 'static,
    D: Clone + PartialEq + Send + Sync + 'static,
{
    /// What saving writes: `now` (the entity in the model now) with the fields where
    /// `ours` (the draft built) differs from `unchanged` (what the untouched draft
    /// builds, which may differ from the base in form only: trimmed text, a rounded
    /// number, upper-case currency). Without `unchanged` (the base's own draft does not
    /// build), the base itself is compared.
    pub fn to_save(&self, ours: &E, unchanged: Option<E>, now: &E) -> E {
        let unchanged = unchanged.unwrap_or_else(|| self.base.get_value());
        E::rebase(&unchanged, ours, now)
    }

    /// Runs `act`, an edit after which the form closes (save, delete, retire): the
    /// model's change is not followed, as the form is going. If `act` fails, the form
    /// stays and follows the model again.
    pub fn closing_with<T, X>(&self, act: impl FnOnce() -> Result<T, X>) -> Result<T, X> {
        self.closing.set_value(true);
        let out = act();
        if out.is_err() {
            self.closing.set_value(false);
        }
        out
    }

    /// Whether the draft differs from what the form would hold untouched.
    pub fn touched(&self, draft: RwSignal<D>) -> Signal<bool> {
        let start = self.start;
        Signal::derive(move || start.with(|s| draft.with(|d| d != s)))
    }
}

/// Keeps `draft` following the entity `read` finds in the model; `to_draft` turns an
/// entity into the form's draft. `base` is the entity the draft was made from.
pub fn use_form_base<E, D>(
    draft: RwSignal<D>,
    base: E,
    read: impl Fn(&Model) -> Option<E> + 'static,
    to_draft: impl Fn(&E) -> D + 'static,
) -> UseFormBaseReturn<E, D>
where
    E: Clone + PartialEq + Send + Sync + 'static,
    D: Rebase + Clone + PartialEq + Send + Sync + 'static,
{
    let state = AppState::expect();
    let start = RwSignal::new(to_draft(&base));
    let base = StoredValue::new(base);
    let gone = RwSignal::new(false);
    let closing = StoredValue::new(false);
    Effect::watch(
        move || state.doc.track(),
        move |_, _, _| match state.doc.with_untracked(|d| read(&d.model)) {
            // A save that closes the form changes the model first: by the time this
            // runs, the form (and what it owned) may be gone.
            _ if closing.try_get_value().unwrap_or(true)
                || draft.is_disposed()
                || start.is_disposed()
                || base.is_disposed()
                || gone.is_disposed() => {}
            None => {
                if !gone.get_untracked() {
                    gone.set(true);
                }
            }
            Some(now) => {
                if gone.get_untracked() {
                    gone.set(false);
                }
                if base.with_value(|b| *b == now) {
                    return;
                }
                let next = to_draft(&now);
                start.with_untracked(|old| draft.update(|d| *d = D::rebase(old, d, &next)));
                start.set(next);
                base.set_value(now);
            }
        },
        false,
    );
    UseFormBaseReturn { base, start, gone, closing }
}
