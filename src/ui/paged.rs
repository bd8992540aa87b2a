//! Long tables show their first rows and a "Show more" button, so a screen opened on a
//! model with thousands of people, terms or dependencies renders in bounded time.

use leptos::prelude::*;

/// Rows a long table shows at first, and adds with each "Show more".
pub const PAGE: usize = 200;

/// A "Show N more" button under a table holding `total` rows of which `shown` are
/// rendered; nothing when all are shown.
#[component]
pub fn ShowMore(
    /// How many rows are rendered now; the button adds [`PAGE`].
    shown: RwSignal<usize>,
    /// How many rows there are in all.
    #[prop(into)]
    total: Signal<usize>,
    /// What the rows are, in the plural ("people").
    noun: &'static str,
) -> impl IntoView {
    move || {
        let left = total.get().saturating_sub(shown.get());
        (left > 0).then(|| {
            view! {
                <p class="show-more">
                    <button type="button" data-testid="show-more" on:click=move |_| shown.update(|s| *s += PAGE)>
                        {format!("Show {} more ({left} {noun} not shown)", PAGE.min(left))}
                    </button>
                </p>
            }
        })
    }
}
