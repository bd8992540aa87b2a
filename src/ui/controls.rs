//! Form controls bound to a field of a draft held in a signal.
//!
//! Each helper takes the draft signal and two plain functions, one reading the field and
//! one writing it, so every form binds its fields the same way and stays short. Values
//! are always rendered as text or properties, never as HTML.

use leptos::prelude::*;

/// A labelled field with an optional inline error (announced to screen readers).
#[component]
pub fn Field(
    /// The visible label.
    label: &'static str,
    /// The id of the control inside, for the label's `for`.
    id: &'static str,
    /// A short hint under the control.
    #[prop(optional)]
    hint: &'static str,
    /// The error to show, if any.
    #[prop(into, optional)]
    error: Signal<Option<String>>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some)>
            <label for=id>{label}</label>
            {children()}
            {(!hint.is_empty()).then(|| view! { <p class="hint">{hint}</p> })}
            <Show when=move || error.with(Option::is_some)>
                <p class="field-error" role="alert" data-testid=format!("error-{id}")>
                    {move || error.get().unwrap_or_default()}
                </p>
            </Show>
        </div>
    }
}

/// A text input bound to a string field.
pub fn text_input<D: Send + Sync + 'static>(
    draft: RwSignal<D>,
    id: &'static str,
    get: fn(&D) -> String,
    set: fn(&mut D, String),
) -> impl IntoView {
    input(draft, id, "text", None, get, set)
}

/// A text input for a number or a date, kept as text until the form is saved.
pub fn typed_input<D: Send + Sync + 'static>(
    draft: RwSignal<D>,
    id: &'static str,
    kind: &'static str,
    get: fn(&D) -> String,
    set: fn(&mut D, String),
) -> impl IntoView {
    input(draft, id, kind, (kind == "text").then_some("decimal"), get, set)
}

fn input<D: Send + Sync + 'static>(
    draft: RwSignal<D>,
    id: &'static str,
    kind: &'static str,
    inputmode: Option<&'static str>,
    get: fn(&D) -> String,
    set: fn(&mut D, String),
) -> impl IntoView {
    view! {
        <input
            id=id
            type=kind
            inputmode=inputmode
            data-testid=id
            prop:value=move || draft.with(get)
            on:input=move |ev| draft.update(|d| set(d, event_target_value(&ev)))
        />
    }
}

/// A multi-line text field.
pub fn text_area<D: Send + Sync + 'static>(
    draft: RwSignal<D>,
    id: &'static str,
    get: fn(&D) -> String,
    set: fn(&mut D, String),
) -> impl IntoView {
    view! {
        <textarea
            id=id
            rows="2"
            data-testid=id
            prop:value=move || draft.with(get)
            on:input=move |ev| draft.update(|d| set(d, event_target_value(&ev)))
        ></textarea>
    }
}

/// A checkbox bound to a boolean field.
pub fn checkbox<D: Send + Sync + 'static>(
    draft: RwSignal<D>,
    id: &'static str,
    get: fn(&D) -> bool,
    set: fn(&mut D, bool),
) -> impl IntoView {
    view! {
        <input
            id=id
            type="checkbox"
            data-testid=id
            prop:checked=move || draft.with(get)
            on:change=move |ev| draft.update(|d| set(d, event_target_checked(&ev)))
        />
    }
}

/// A select over a fixed list of values (enum variants).
pub fn enum_select<D: Send + Sync + 'static, T: Copy + PartialEq + Send + Sync + 'static>(
    draft: RwSignal<D>,
    id: &'static str,
    options: &'static [T],
    label: fn(T) -> &'static str,
    get: fn(&D) -> T,
    set: fn(&mut D, T),
) -> impl IntoView {
    view! {
        <select
            id=id
            data-testid=id
            on:change=move |ev| {
                if let Some(v) = event_target_value(&ev).parse::<usize>().ok().and_then(|i| options.get(i)) {
                    draft.update(|d| set(d, *v));
                }
            }
        >
            {options
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    let o = *o;
                    view! {
                        <option value=i.to_string() prop:selected=move || draft.with(get) == o>
                            {label(o)}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}

/// A select over choices computed from the model: `(value, label)` pairs, with an
/// optional "none" entry.
pub fn choice_select<D: Send + Sync + 'static>(
    draft: RwSignal<D>,
    id: &'static str,
    none_label: Option<&'static str>,
    choices: Signal<Vec<(String, String)>>,
    get: fn(&D) -> String,
    set: fn(&mut D, String),
) -> impl IntoView {
    view! {
        <select id=id data-testid=id on:change=move |ev| draft.update(|d| set(d, event_target_value(&ev)))>
            {none_label.map(|l| view! { <option value="" prop:selected=move || draft.with(get).is_empty()>{l}</option> })}
            {move || {
                choices
                    .get()
                    .into_iter()
                    .map(|(value, label)| {
                        let v = value.clone();
                        view! {
                            <option value=value prop:selected=move || draft.with(get) == v>
                                {label}
                            </option>
                        }
                    })
                    .collect_view()
            }}
        </select>
    }
}
