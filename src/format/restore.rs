//! From a file's DTO to a trusted model, and back.
//!
//! [`restore`] never fails and never panics: whatever a file holds, it produces a model
//! that keeps every invariant of [`crate::model::edit`] that restore can establish, plus
//! a list of [`Repair`]s saying what it changed and where:
//! - a missing or duplicate id, or one above [`MAX_ID`], is re-issued (references keep
//!   pointing at the first holder);
//! - a reference to something that does not exist is dropped;
//! - a missing name or enum value is filled with a default;
//! - invisible and direction-changing characters are removed from names and tags
//!   ([`crate::model::text::clean_label`]); names and texts over their length limit are
//!   cut; numbers that are not finite or beyond [`limits::MAX_ABS_NUMBER`], and dates
//!   outside [`limits::FIRST_YEAR`]..=[`limits::LAST_YEAR`], are dropped;
//! - actuals are sorted and de-duplicated, a band given upside down is turned round.
//!
//! Two things are kept and reported rather than removed, because the checks explain
//! them better than a silent repair could: links that skip or invert levels, and
//! dependency cycles; so are names that became identical once invisible characters
//! were removed. Restoring an exported model changes nothing and reports nothing.
//!
//! Restore is O(n log n) in the size of the model (sorting actuals; everything else is
//! one pass with hash maps: ids, references, reporting-line loops by colour marking,
//! dependency cycles by an iterative Tarjan pass), and its report is bounded: a kind of
//! repair that repeats is listed a few times and then counted.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::Hash;

use super::dto::*;
use super::limits::{self, excerpt, show_number, thousands, MAX_NAME_CHARS, MAX_TEXT_CHARS};
use crate::model::edit::{validate_settings, MAX_ACTIONS};
use crate::model::text::clean_label;
use crate::model::*;

/// One thing restore changed, or kept but flags, with where it was in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repair {
    /// Where in the file, e.g. `model.kpis[3]`.
    pub at: String,
    pub message: String,
    /// `false` for something kept as it was and only reported (a link that breaks the
    /// levels, a dependency cycle): restoring again reports it again.
    pub changed: bool,
}

/// How many repairs are listed one by one; the rest are counted in one line.
pub const LISTED: usize = 200;
/// How many repairs of one repeating kind (a cycle, a duplicate id, a number out of
/// range...) are listed before the rest of that kind are counted.
pub const LISTED_PER_KIND: usize = 10;

/// Collects repairs, folding repeats of the same kind into one line with a count.
#[derive(Default)]
struct Repairs {
    list: Vec<Repair>,
    counted: BTreeMap<Plural, (usize, String, bool)>,
    /// Listed so far per kind, for [`Repairs::some`].
    per_kind: HashMap<Plural, usize>,
    /// Repairs past [`LISTED`]: how many, where the first was, whether any changed.
    unlisted: (usize, String, bool),
}

/// A repair message in its singular and plural forms; `{n}` is replaced by the count.
type Plural = (&'static str, &'static str);

impl Repairs {
    fn push(&mut self, at: String, message: String, changed: bool) {
        if self.list.len() < LISTED {
            self.list.push(Repair { at, message, changed });
        } else {
            if self.unlisted.0 == 0 {
                self.unlisted.1 = at;
            }
            self.unlisted.0 += 1;
            self.unlisted.2 |= changed;
        }
    }

    fn add(&mut self, at: String, message: String) {
        self.push(at, message, true);
    }

    /// A repair that may repeat for many items: reported once with a count.
    fn count(&mut self, kind: Plural, first_at: String) {
        self.tally(kind, first_at, true);
    }

    fn tally(&mut self, kind: Plural, first_at: String, changed: bool) {
        let e = self.counted.entry(kind).or_insert((0, first_at, changed));
        e.0 += 1;
    }

    /// A repair of a kind that may repeat: the first [`LISTED_PER_KIND`] are listed with
    /// their own message, the rest counted under `more` ("{n} more ...").
    fn some(&mut self, more: Plural, at: String, message: String, changed: bool) {
        let n = self.per_kind.entry(more).or_insert(0);
        *n += 1;
        if *n <= LISTED_PER_KIND {
            self.push(at, message, changed);
        } else {
            self.tally(more, at, changed);
        }
    }

    fn finish(mut self) -> Vec<Repair> {
        for ((one, many), (n, at, changed)) in self.counted {
            let message = if n == 1 { one.to_string() } else { many.replace("{n}", &thousands(n)) };
            let at = if n == 1 { at } else { format!("{at} and {} more", thousands(n - 1)) };
            if self.list.len() < LISTED {
                self.list.push(Repair { at, message, changed });
            } else {
                self.unlisted.0 += n;
                self.unlisted.2 |= changed;
            }
        }
        let (n, at, changed) = self.unlisted;
        if n > 0 {
            self.list.push(Repair {
                at,
                message: format!("{} more repairs and warnings are not listed one by one", thousands(n)),
                changed,
            });
        }
        self.list
    }
}

/// Why an item got a new id.
#[derive(Clone, Copy, PartialEq, Eq)]
enum NewId {
    Missing,
    Duplicate,
    TooLarge,
}

/// Hands out the ids of one list: every id the file gives is claimed first (the first
/// holder keeps it), then the items without a usable one get new ids. Linear overall.
struct Ids {
    alloc: IdAllocator,
    kept: Vec<bool>,
}

impl Ids {
    fn new(wanted: impl Iterator<Item = Option<u32>>) -> Ids {
        let wanted: Vec<Option<u32>> = wanted.collect();
        let mut alloc = IdAllocator::new(wanted.iter().flatten().copied());
        let kept = wanted.iter().map(|w| w.is_some_and(|w| alloc.claim(w))).collect();
        Ids { alloc, kept }
    }

    /// The id of item `i`, which asked for `wanted`, and why it differs if it does.
    fn take(&mut self, i: usize, wanted: Option<u32>) -> (u32, Option<NewId>) {
        match (wanted, self.kept.get(i)) {
            (Some(w), Some(true)) => (w, None),
            (None, _) => (self.alloc.fresh(), Some(NewId::Missing)),
            (Some(w), _) if w > MAX_ID => (self.alloc.fresh(), Some(NewId::TooLarge)),
            (Some(_), _) => (self.alloc.fresh(), Some(NewId::Duplicate)),
        }
    }
}

/// A name or text quoted for a message, at most 60 characters.
fn q(s: &str) -> String {
    format!("\u{201c}{}\u{201d}", excerpt(s))
}

/// A label from the file: invisible characters removed, trimmed, cut to
/// [`MAX_NAME_CHARS`]; `None` when nothing is left. Reports what it did.
fn label(r: &mut Repairs, at: &str, raw: &str) -> (Option<String>, bool) {
    let (clean, invisible) = clean_label(raw);
    if invisible {
        invisible_removed(r, at);
    }
    let trimmed = clean.trim();
    if trimmed.is_empty() {
        return (None, invisible);
    }
    (Some(cut(r, at, trimmed, MAX_NAME_CHARS, "name")), invisible)
}

fn invisible_removed(r: &mut Repairs, at: &str) {
    r.count(
        (
            "a name or tag held invisible or direction-changing characters; they were removed",
            "{n} names or tags held invisible or direction-changing characters; they were removed",
        ),
        at.to_string(),
    );
}

/// A label kept as written (no trimming, so what export wrote comes back the same):
/// only invisible characters removed and the length cut.
fn label_as_is(r: &mut Repairs, at: &str, raw: &str) -> String {
    let (clean, invisible) = clean_label(raw);
    if invisible {
        invisible_removed(r, at);
    }
    cut(r, at, &clean, MAX_NAME_CHARS, "name")
}

/// `text` cut to `max` characters, with a message naming what was cut.
fn cut(r: &mut Repairs, at: &str, text: &str, max: usize, what: &'static str) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((i, _)) => {
            let kept = text[..i].trim_end().to_string();
            r.some(
                (
                    "1 more name or text was too long and was cut",
                    "{n} more names or texts were too long and were cut",
                ),
                at.to_string(),
                format!(
                    "a {what} was {} characters long; it was cut to {} characters: {}",
                    thousands(text.chars().count()),
                    thousands(max),
                    q(&kept)
                ),
                true,
            );
            kept
        }
    }
}

/// Free text from the file, cut to [`MAX_TEXT_CHARS`].
fn text(r: &mut Repairs, at: &str, s: String) -> String {
    if s.len() <= MAX_TEXT_CHARS {
        return s;
    }
    cut(r, at, &s, MAX_TEXT_CHARS, "text")
}

/// A name from the file, or a numbered default when it is missing or empty. The
/// second value says whether invisible characters were removed.
fn name_or(r: &mut Repairs, at: &str, name: Option<String>, noun: &str, n: usize) -> (String, bool) {
    let (cleaned, invisible) = match name {
        Some(s) => label(r, at, &s),
        None => (None, false),
    };
    match cleaned {
        Some(s) => (s, invisible),
        None => {
            let fallback = format!("Untitled {noun} {}", n + 1);
            r.some(
                (
                    "1 more item had no name and got a numbered one",
                    "{n} more items had no name and got numbered ones",
                ),
                at.to_string(),
                format!("a {noun} had no name; it is now called {}", q(&fallback)),
                true,
            );
            (fallback, invisible)
        }
    }
}

/// Warns about names that became identical to another in the same list once invisible
/// characters were removed: they looked alike on purpose or by accident. Linear.
fn same_after_cleaning<'a>(
    r: &mut Repairs,
    list: &str,
    noun: &str,
    names: impl Iterator<Item = (&'a str, bool)>,
) {
    let names: Vec<(&str, bool)> = names.collect();
    if !names.iter().any(|(_, cleaned)| *cleaned) {
        return;
    }
    let mut first: HashMap<&str, usize> = HashMap::with_capacity(names.len());
    for (i, (name, _)) in names.iter().enumerate() {
        first.entry(name).or_insert(i);
    }
    for (i, (name, cleaned)) in names.iter().enumerate() {
        let Some(&j) = first.get(name) else { continue };
        if *cleaned && j != i {
            r.some(
                (
                    "1 more name is the same as another once invisible characters are removed",
                    "{n} more names are the same as others once invisible characters are removed",
                ),
                format!("{list}[{i}]"),
                format!(
                    "the {noun} {} at {list}[{i}] has the same name as the one at {list}[{j}] once invisible \
                     characters are removed; check which is which",
                    q(name)
                ),
                false,
            );
        }
    }
}

fn reissue(
    r: &mut Repairs,
    at: &str,
    noun: &str,
    name: &str,
    old: Option<u32>,
    new: u32,
    why: Option<NewId>,
) {
    match (why, old) {
        (Some(NewId::Duplicate), Some(old)) => r.some(
            (
                "1 more item had an id already in use and got a new one",
                "{n} more items had ids already in use and got new ones",
            ),
            at.to_string(),
            format!("{noun} {} had id {old}, already used by another {noun}; it now has id {new}", q(name)),
            true,
        ),
        (Some(NewId::TooLarge), Some(old)) => r.some(
            (
                "1 more item had an id that is too large and got a new one",
                "{n} more items had ids that are too large and got new ones",
            ),
            at.to_string(),
            format!(
                "{noun} {} had id {old}, above the largest id allowed ({}); it now has id {new}",
                q(name),
                thousands(MAX_ID as usize)
            ),
            true,
        ),
        (Some(_), _) => r.count(
            match noun {
                "department" => {
                    ("a department had no id and got a new one", "{n} departments had no id and got new ones")
                }
                "person" => ("a person had no id and got a new one", "{n} people had no id and got new ones"),
                "KPI" => ("a KPI had no id and got a new one", "{n} KPIs had no id and got new ones"),
                "glossary term" => (
                    "a glossary term had no id and got a new one",
                    "{n} glossary terms had no id and got new ones",
                ),
                "check-in" => {
                    ("a check-in had no id and got a new one", "{n} check-ins had no id and got new ones")
                }
                "review meeting" => (
                    "a review meeting had no id and got a new one",
                    "{n} review meetings had no id and got new ones",
                ),
                "pilot" => ("a pilot had no id and got a new one", "{n} pilots had no id and got new ones"),
                _ => (
                    "a dependency had no id and got a new one",
                    "{n} dependencies had no id and got new ones",
                ),
            },
            at.to_string(),
        ),
        _ => {}
    }
}

/// A number from the file if finite and within ±[`limits::MAX_ABS_NUMBER`]; otherwise
/// dropped with a message naming it.
fn number(r: &mut Repairs, at: &str, what: &str, whose: &str, x: Option<f64>) -> Option<f64> {
    let x = x?;
    if limits::number_in_range(x) {
        return Some(x);
    }
    r.some(
        (
            "1 more number was out of range and was dropped",
            "{n} more numbers were out of range and were dropped",
        ),
        at.to_string(),
        format!(
            "the {what} of {whose} was {}, beyond the largest value allowed (\u{b1}{}); it was dropped",
            show_number(x),
            show_number(limits::MAX_ABS_NUMBER)
        ),
        true,
    );
    None
}

/// A date from the file if within the years allowed; otherwise dropped with a message.
fn date(r: &mut Repairs, at: &str, what: &str, whose: &str, d: Option<Date>) -> Option<Date> {
    let d = d?;
    if limits::date_in_range(d) {
        return Some(d);
    }
    r.some(
        ("1 more date was out of range and was dropped", "{n} more dates were out of range and were dropped"),
        at.to_string(),
        format!(
            "the {what} of {whose} was {d}, outside the years {}-{}; it was dropped",
            limits::FIRST_YEAR,
            limits::LAST_YEAR
        ),
        true,
    );
    None
}

/// The items in their first order without repeats. Linear.
fn dedup<T: Hash + Eq + Clone>(items: impl Iterator<Item = T>) -> Vec<T> {
    let mut seen = HashSet::new();
    items.filter(|x| seen.insert(x.clone())).collect()
}

/// For each edge `(a, b)` of a directed graph on nodes `0..n`, whether it lies on a
/// cycle: whether `a` and `b` are in the same strongly connected component. Tarjan's
/// algorithm with an explicit stack (no recursion, so a 100,000-long chain cannot
/// overflow the browser's stack): O(n + edges).
pub fn edges_on_cycles(n: usize, edges: &[(usize, usize)]) -> Vec<bool> {
    const UNSEEN: usize = usize::MAX;
    // Adjacency in one array: the targets of node v are adj[start[v]..start[v + 1]].
    let mut start = vec![0usize; n + 1];
    for &(a, _) in edges {
        if a < n {
            start[a + 1] += 1;
        }
    }
    for v in 0..n {
        start[v + 1] += start[v];
    }
    let mut fill = start.clone();
    let mut adj = vec![0usize; start[n]];
    for &(a, b) in edges {
        if a < n && b < n {
            adj[fill[a]] = b;
            fill[a] += 1;
        }
    }
    let (mut index, mut low, mut comp) = (vec![UNSEEN; n], vec![0usize; n], vec![UNSEEN; n]);
    let mut on_stack = vec![false; n];
    let (mut stack, mut calls): (Vec<usize>, Vec<(usize, usize)>) = (Vec::new(), Vec::new());
    let (mut counter, mut comps) = (0usize, 0usize);
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        index[root] = counter;
        low[root] = counter;
        counter += 1;
        stack.push(root);
        on_stack[root] = true;
        calls.push((root, start[root]));
        while let Some(&mut (v, ref mut next)) = calls.last_mut() {
            if *next < start[v + 1] {
                let w = adj[*next];
                *next += 1;
                if index[w] == UNSEEN {
                    index[w] = counter;
                    low[w] = counter;
                    counter += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    calls.push((w, start[w]));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(u, _)) = calls.last() {
                low[u] = low[u].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = comps;
                    if w == v {
                        break;
                    }
                }
                comps += 1;
            }
        }
    }
    edges.iter().map(|&(a, b)| a != b && a < n && b < n && comp[a] == comp[b]).collect()
}

/// For each person (by index) whose manager closes a loop in the reporting lines, the
/// one whose manager should be removed: the first in file order on each loop. Colour
/// marking over the manager array: each person is walked once, O(n).
pub fn reporting_loops(managers: &[Option<usize>]) -> Vec<usize> {
    const NEW: u8 = 0;
    const ON_WALK: u8 = 1;
    const DONE: u8 = 2;
    let n = managers.len();
    let mut state = vec![NEW; n];
    let mut pos = vec![0usize; n];
    let mut walk: Vec<usize> = Vec::new();
    let mut cut = Vec::new();
    for s in 0..n {
        if state[s] != NEW {
            continue;
        }
        walk.clear();
        let mut v = s;
        loop {
            state[v] = ON_WALK;
            pos[v] = walk.len();
            walk.push(v);
            match managers[v].filter(|&m| m < n) {
                Some(m) if state[m] == NEW => v = m,
                Some(m) if state[m] == ON_WALK => {
                    if let Some(&first) = walk[pos[m]..].iter().min() {
                        cut.push(first);
                    }
                    break;
                }
                _ => break,
            }
        }
        for &w in &walk {
            state[w] = DONE;
        }
    }
    crate::order::sort(&mut cut);
    cut
}

/// Builds a trusted model from a file's DTO, with what had to be repaired.
pub fn restore(dto: ModelDto) -> (Model, Vec<Repair>) {
    let mut r = Repairs::default();
    let mut m = Model::default();

    // Departments and people first: everything else refers to them.
    let mut dept_ids = Ids::new(dto.departments.iter().map(|d| d.id));
    let mut heads: Vec<Option<u32>> = Vec::with_capacity(dto.departments.len());
    let mut cleaned: Vec<bool> = Vec::with_capacity(dto.departments.len());
    for (i, d) in dto.departments.into_iter().enumerate() {
        let at = format!("model.departments[{i}]");
        let (name, invisible) = name_or(&mut r, &at, d.name, "department", i);
        let (id, why) = dept_ids.take(i, d.id);
        reissue(&mut r, &at, "department", &name, d.id, id, why);
        m.departments.push(Department { id: DeptId(id), name, head: None });
        heads.push(d.head);
        cleaned.push(invisible);
    }
    same_after_cleaning(
        &mut r,
        "model.departments",
        "department",
        m.departments.iter().zip(&cleaned).map(|(d, c)| (d.name.as_str(), *c)),
    );
    let dept_exists: HashSet<u32> = m.departments.iter().map(|d| d.id.0).collect();

    let mut person_ids = Ids::new(dto.people.iter().map(|p| p.id));
    let mut managers: Vec<Option<u32>> = Vec::with_capacity(dto.people.len());
    let mut cleaned: Vec<bool> = Vec::with_capacity(dto.people.len());
    for (i, p) in dto.people.into_iter().enumerate() {
        let at = format!("model.people[{i}]");
        let (name, invisible) = name_or(&mut r, &at, p.name, "person", i);
        let (id, why) = person_ids.take(i, p.id);
        reissue(&mut r, &at, "person", &name, p.id, id, why);
        let department = match p.department {
            Some(d) if !dept_exists.contains(&d) => {
                r.add(
                    at.clone(),
                    format!(
                        "{} belonged to department {d}, which does not exist; the reference was dropped",
                        q(&name)
                    ),
                );
                None
            }
            d => d.map(DeptId),
        };
        let role = label_as_is(&mut r, &at, &p.role);
        m.people.push(Person { id: PersonId(id), name, role, department, manager: None });
        managers.push(p.manager);
        cleaned.push(invisible);
    }
    same_after_cleaning(
        &mut r,
        "model.people",
        "person",
        m.people.iter().zip(&cleaned).map(|(p, c)| (p.name.as_str(), *c)),
    );
    let person_index: HashMap<u32, usize> = m.people.iter().enumerate().map(|(i, p)| (p.id.0, i)).collect();
    let person_ref = |r: &mut Repairs,
                      at: &str,
                      whose: &str,
                      field: &str,
                      p: Option<u32>|
     -> Option<PersonId> {
        match p {
            Some(p) if !person_index.contains_key(&p) => {
                r.add(
                    at.to_string(),
                    format!("the {field} of {whose} was person {p}, who does not exist; the reference was dropped"),
                );
                None
            }
            p => p.map(PersonId),
        }
    };
    for (i, mgr) in managers.into_iter().enumerate() {
        let at = format!("model.people[{i}]");
        let whose = q(&m.people[i].name);
        let mut mgr = person_ref(&mut r, &at, &whose, "manager", mgr);
        if mgr == Some(m.people[i].id) {
            r.add(at.clone(), format!("{whose} was their own manager; the reference was dropped"));
            mgr = None;
        }
        m.people[i].manager = mgr;
    }
    // Break reporting-line loops: on each loop, the first person in the file loses
    // their manager.
    let manager_index: Vec<Option<usize>> =
        m.people.iter().map(|p| p.manager.and_then(|x| person_index.get(&x.0).copied())).collect();
    for i in reporting_loops(&manager_index) {
        let at = format!("model.people[{i}]");
        let message = format!(
            "the reporting line of {} went round in a loop; their manager was removed",
            q(&m.people[i].name)
        );
        r.some(
            (
                "1 more reporting line went round in a loop and was cut",
                "{n} more reporting lines went round in loops and were cut",
            ),
            at,
            message,
            true,
        );
        m.people[i].manager = None;
    }
    for (i, head) in heads.into_iter().enumerate() {
        let at = format!("model.departments[{i}]");
        let whose = format!("department {}", q(&m.departments[i].name));
        m.departments[i].head = person_ref(&mut r, &at, &whose, "head", head);
    }

    // Organisation.
    let org = dto.organisation.unwrap_or_default();
    let defaults = Organisation::default();
    let name = match org.name.and_then(|s| label(&mut r, "model.organisation", &s).0) {
        Some(s) => s,
        None => {
            r.add(
                "model.organisation".into(),
                format!("the organisation had no name; it is now called {}", q(&defaults.name)),
            );
            defaults.name.clone()
        }
    };
    let fiscal = match org.fiscal_year_start {
        Some(mth) if (1..=12).contains(&mth) => mth,
        Some(mth) => {
            r.add(
                "model.organisation.fiscal_year_start".into(),
                format!("the fiscal year started in month {mth}; it now starts in January"),
            );
            1
        }
        None => 1,
    };
    let industry = label_as_is(&mut r, "model.organisation", &org.industry);
    let currency =
        org.currency.filter(|c| !c.trim().is_empty()).map(|c| label_as_is(&mut r, "model.organisation", &c));
    m.organisation = Organisation {
        name,
        industry,
        velocity: org.velocity.unwrap_or_default(),
        fiscal_year_start: fiscal,
        currency: currency.unwrap_or(defaults.currency),
        alignment_owner: person_ref(
            &mut r,
            "model.organisation",
            "the organisation",
            "alignment owner",
            org.alignment_owner,
        ),
    };

    // Glossary.
    let mut term_ids = Ids::new(dto.glossary.iter().map(|t| t.id));
    let mut cleaned: Vec<bool> = Vec::with_capacity(dto.glossary.len());
    for (i, t) in dto.glossary.into_iter().enumerate() {
        let at = format!("model.glossary[{i}]");
        let (name, invisible) = name_or(&mut r, &at, t.name, "glossary term", i);
        let (id, why) = term_ids.take(i, t.id);
        reissue(&mut r, &at, "glossary term", &name, t.id, id, why);
        let owner = person_ref(&mut r, &at, &format!("term {}", q(&name)), "owner", t.owner);
        m.glossary.push(Term {
            id: TermId(id),
            name,
            definition: text(&mut r, &at, t.definition),
            formula: text(&mut r, &at, t.formula),
            unit: t.unit,
            timing: text(&mut r, &at, t.timing),
            currency: text(&mut r, &at, t.currency),
            recognition: text(&mut r, &at, t.recognition),
            source: text(&mut r, &at, t.source),
            example: text(&mut r, &at, t.example),
            owner,
        });
        cleaned.push(invisible);
    }
    same_after_cleaning(
        &mut r,
        "model.glossary",
        "glossary term",
        m.glossary.iter().zip(&cleaned).map(|(t, c)| (t.name.as_str(), *c)),
    );
    let term_exists: HashSet<u32> = m.glossary.iter().map(|t| t.id.0).collect();

    // KPIs.
    let mut kpi_ids = Ids::new(dto.kpis.iter().map(|k| k.id));
    let mut cleaned: Vec<bool> = Vec::with_capacity(dto.kpis.len());
    for (i, k) in dto.kpis.into_iter().enumerate() {
        let at = format!("model.kpis[{i}]");
        let (name, invisible) = name_or(&mut r, &at, k.name, "KPI", i);
        cleaned.push(invisible);
        let (id, why) = kpi_ids.take(i, k.id);
        reissue(&mut r, &at, "KPI", &name, k.id, id, why);
        let whose = format!("KPI {}", q(&name));
        let level = k.level.unwrap_or_else(|| {
            r.count(
                (
                    "a KPI had no level and became a department KPI",
                    "{n} KPIs had no level and became department KPIs",
                ),
                at.clone(),
            );
            Level::Department
        });
        let department = match k.department {
            Some(d) if !dept_exists.contains(&d) => {
                r.add(
                    at.clone(),
                    format!(
                        "{whose} belonged to department {d}, which does not exist; the reference was dropped"
                    ),
                );
                None
            }
            d => d.map(DeptId),
        };
        let owner = match k.owner {
            Some(Owner::Person(p)) => person_ref(&mut r, &at, &whose, "owner", Some(p.0)).map(Owner::Person),
            Some(Owner::Department(d)) if !dept_exists.contains(&d.0) => {
                r.add(at.clone(), format!("the owner of {whose} was department {}, which does not exist; the reference was dropped", d.0));
                None
            }
            Some(Owner::Team(t)) if t.trim().is_empty() => None,
            Some(Owner::Team(t)) => Some(Owner::Team(label_as_is(&mut r, &at, &t))),
            o => o,
        };
        let mut contributors = Vec::with_capacity(k.contributors.len());
        for c in k.contributors {
            let ok = match c {
                Contributor::Person(p) => person_index.contains_key(&p.0),
                Contributor::Department(d) => dept_exists.contains(&d.0),
            };
            if ok {
                contributors.push(c);
            } else {
                r.add(at.clone(), format!("a contributor of {whose} does not exist; it was dropped"));
            }
        }
        let contributors = dedup(contributors.into_iter());
        let term = match k.term {
            Some(t) if !term_exists.contains(&t) => {
                r.add(at.clone(), format!("{whose} was defined by glossary term {t}, which does not exist; the reference was dropped"));
                None
            }
            t => t.map(TermId),
        };
        let mut target = match k.target {
            Some(TargetDto { value: Some(value), upper, due }) => {
                number(&mut r, &at, "target", &whose, Some(value)).map(|value| Target {
                    value,
                    upper: number(&mut r, &at, "upper end of the target band", &whose, upper),
                    due: date(&mut r, &at, "target date", &whose, due),
                })
            }
            Some(_) => {
                r.add(at.clone(), format!("the target of {whose} had no value; it was dropped"));
                None
            }
            None => None,
        };
        if let Some(t) = target.as_mut() {
            if let Some(u) = t.upper {
                if u < t.value {
                    r.add(
                        at.clone(),
                        format!("the target band of {whose} was upside down; its ends were swapped"),
                    );
                    t.upper = Some(t.value);
                    t.value = u;
                }
            }
        }
        let baseline = number(&mut r, &at, "baseline", &whose, k.baseline);
        let thresholds = k.thresholds.and_then(|t| {
            let on = number(&mut r, &at, "on-track threshold", &whose, Some(t.on_track));
            let off = number(&mut r, &at, "off-track threshold", &whose, Some(t.off_track));
            Some(Thresholds { on_track: on?, off_track: off? })
        });
        let mut series = Vec::with_capacity(k.measurements.len());
        for (d, v) in k.measurements {
            if !limits::date_in_range(d) {
                date(&mut r, &at, "actual", &whose, Some(d));
            } else if !limits::number_in_range(v) {
                number(&mut r, &at, &format!("actual on {d}"), &whose, Some(v));
            } else {
                series.push((d, v));
            }
        }
        let sorted = series.windows(2).all(|w| w[0].0 < w[1].0);
        if !sorted {
            let before = series.len();
            // Stable sort keeps file order among equal dates; the last one wins.
            crate::order::sort_by_key(&mut series, |m| m.0);
            let mut dedup: Vec<(Date, f64)> = Vec::with_capacity(series.len());
            for s in series {
                match dedup.last_mut() {
                    Some(last) if last.0 == s.0 => *last = s,
                    _ => dedup.push(s),
                }
            }
            let dropped = before - dedup.len();
            r.add(
                at.clone(),
                if dropped > 0 {
                    format!("the actuals of {whose} were out of date order or repeated a date; sorted, {dropped} repeated date(s) kept once")
                } else {
                    format!("the actuals of {whose} were out of date order; sorted")
                },
            );
            series = dedup;
        }
        let mut tags = Vec::with_capacity(k.tags.len());
        for t in k.tags {
            if let Some(t) = label(&mut r, &at, &t).0 {
                tags.push(t.to_lowercase());
            }
        }
        let tags = dedup(tags.into_iter());
        let cadence = k.cadence.unwrap_or_else(|| {
            r.count(
                (
                    "a KPI had no review cadence; set to monthly",
                    "{n} KPIs had no review cadence; set to monthly",
                ),
                at.clone(),
            );
            Cadence::Monthly
        });
        let lifecycle = match k.retired {
            None => Lifecycle::Active,
            Some(RetiredDto { on: Some(on), reason }) if limits::date_in_range(on) => {
                Lifecycle::Retired { on, reason: text(&mut r, &at, reason) }
            }
            Some(RetiredDto { on: Some(on), .. }) => {
                date(&mut r, &at, "retirement date", &whose, Some(on));
                r.add(at.clone(), format!("{whose} was retired without a usable date; it is active again"));
                Lifecycle::Active
            }
            Some(RetiredDto { on: None, .. }) => {
                r.add(at.clone(), format!("{whose} was retired without a date; it is active again"));
                Lifecycle::Active
            }
        };
        m.kpis.push(Kpi {
            id: KpiId(id),
            name,
            description: text(&mut r, &at, k.description),
            level,
            department,
            owner,
            contributors,
            indicator: k.indicator.unwrap_or_default(),
            kind: k.kind.unwrap_or_default(),
            unit: k.unit.unwrap_or_default(),
            direction: k.direction.unwrap_or_default(),
            baseline,
            target,
            thresholds,
            measurements: series.into_iter().map(|(date, value)| Measurement { date, value }).collect(),
            cadence,
            term,
            data_source: text(&mut r, &at, k.data_source),
            automated: k.automated,
            data_available: k.data_available,
            lifecycle,
            locked: date(&mut r, &at, "lock date", &whose, k.locked),
            tags,
        });
    }
    same_after_cleaning(
        &mut r,
        "model.kpis",
        "KPI",
        m.kpis.iter().zip(&cleaned).map(|(k, c)| (k.name.as_str(), *c)),
    );
    let kpi_index: HashMap<u32, usize> = m.kpis.iter().enumerate().map(|(i, k)| (k.id.0, i)).collect();
    let kpis = &m.kpis;
    let level_of = |id: u32| kpi_index.get(&id).map(|&i| kpis[i].level);
    let kpi_name = |id: u32| kpi_index.get(&id).map_or(id.to_string(), |&i| q(&kpis[i].name));

    // Links.
    let mut seen_links = HashSet::new();
    for (i, l) in dto.links.into_iter().enumerate() {
        let at = format!("model.links[{i}]");
        let (Some(c), Some(p)) = (l.child, l.parent) else {
            r.add(at, "a link without both a child and a parent was dropped".into());
            continue;
        };
        let (Some(cl), Some(pl)) = (level_of(c), level_of(p)) else {
            r.add(
                at,
                format!("the link {c} \u{2192} {p} refers to a KPI that does not exist; it was dropped"),
            );
            continue;
        };
        if c == p {
            r.add(at, format!("the link of {} to itself was dropped", kpi_name(c)));
            continue;
        }
        if !seen_links.insert((c, p)) {
            r.add(
                at,
                format!(
                    "the link {} \u{2192} {} appeared twice; the repeat was dropped",
                    kpi_name(c),
                    kpi_name(p)
                ),
            );
            continue;
        }
        if cl.parent() != Some(pl) {
            r.some(
                (
                    "1 more link does not go one level up; kept, and the checks flag it",
                    "{n} more links do not go one level up; kept, and the checks flag them",
                ),
                at.clone(),
                format!(
                    "the link {} \u{2192} {} does not go one level up; it was kept and the checks flag it",
                    kpi_name(c),
                    kpi_name(p)
                ),
                false,
            );
        }
        let lag_days = match l.lag_days {
            Some(d) if d > limits::MAX_LAG_DAYS => {
                r.add(
                    at.clone(),
                    format!(
                        "the lag of the link {} \u{2192} {} was {} days, more than {} allowed; it was dropped",
                        kpi_name(c),
                        kpi_name(p),
                        thousands(d as usize),
                        thousands(limits::MAX_LAG_DAYS as usize)
                    ),
                );
                None
            }
            d => d,
        };
        m.links.push(Link {
            child: KpiId(c),
            parent: KpiId(p),
            rationale: text(&mut r, &at, l.rationale),
            sign: l.sign.unwrap_or_default(),
            lag_days,
        });
    }

    // Influences.
    let mut seen_infl = HashSet::new();
    for (i, x) in dto.influences.into_iter().enumerate() {
        let at = format!("model.influences[{i}]");
        let (Some(f), Some(t)) = (x.from, x.to) else {
            r.add(at, "an influence without both ends was dropped".into());
            continue;
        };
        if level_of(f).is_none() || level_of(t).is_none() {
            r.add(
                at,
                format!("the influence {f} \u{2192} {t} refers to a KPI that does not exist; it was dropped"),
            );
            continue;
        }
        if f == t || !seen_infl.insert((f, t)) {
            r.add(
                at,
                format!(
                    "the influence of {} on {} was a repeat or on itself; it was dropped",
                    kpi_name(f),
                    kpi_name(t)
                ),
            );
            continue;
        }
        let sign = x.sign.unwrap_or_else(|| {
            r.count(
                (
                    "an influence had no sign; taken as negative",
                    "{n} influences had no sign; taken as negative",
                ),
                at.clone(),
            );
            Sign::Negative
        });
        m.influences.push(Influence { from: KpiId(f), to: KpiId(t), sign, note: text(&mut r, &at, x.note) });
    }

    // Dependencies.
    let mut dep_ids = Ids::new(dto.dependencies.iter().map(|d| d.id));
    let mut dep_at: Vec<usize> = Vec::new();
    for (i, d) in dto.dependencies.into_iter().enumerate() {
        let at = format!("model.dependencies[{i}]");
        let (Some(a), Some(b)) = (d.dependent, d.prerequisite) else {
            r.add(at, "a dependency without both a dependent and a prerequisite was dropped".into());
            continue;
        };
        if level_of(a).is_none() || level_of(b).is_none() || a == b {
            r.add(
                at,
                format!("the dependency of {a} on {b} refers to a missing KPI or to itself; it was dropped"),
            );
            continue;
        }
        let (id, why) = dep_ids.take(i, d.id);
        let whose = format!("the dependency of {} on {}", kpi_name(a), kpi_name(b));
        reissue(&mut r, &at, "dependency", &format!("{} on {}", kpi_name(a), kpi_name(b)), d.id, id, why);
        m.dependencies.push(Dependency {
            id: DependencyId(id),
            dependent: KpiId(a),
            prerequisite: KpiId(b),
            needed_by: date(&mut r, &at, "needed-by date", &whose, d.needed_by),
            committed: date(&mut r, &at, "committed date", &whose, d.committed),
            note: text(&mut r, &at, d.note),
        });
        dep_at.push(i);
    }
    let edges: Vec<(usize, usize)> = m
        .dependencies
        .iter()
        .filter_map(|d| Some((*kpi_index.get(&d.dependent.0)?, *kpi_index.get(&d.prerequisite.0)?)))
        .collect();
    if edges.len() == m.dependencies.len() {
        for ((d, on_cycle), i) in
            m.dependencies.iter().zip(edges_on_cycles(m.kpis.len(), &edges)).zip(&dep_at)
        {
            if on_cycle {
                r.some(
                    (
                        "1 more dependency is part of a cycle; kept, and the checks flag it",
                        "{n} more dependencies are part of cycles; kept, and the checks flag them",
                    ),
                    format!("model.dependencies[{i}]"),
                    format!(
                        "the dependency of {} on {} is part of a cycle; it was kept and the checks flag it",
                        kpi_name(d.dependent.0),
                        kpi_name(d.prerequisite.0)
                    ),
                    false,
                );
            }
        }
    }

    // Governance.
    let g = dto.governance.unwrap_or_default();
    let kpi_exists = |k: u32| kpi_index.contains_key(&k);
    let mut change_log = Vec::with_capacity(g.change_log.len());
    for (i, e) in g.change_log.into_iter().enumerate() {
        let at = format!("model.governance.change_log[{i}]");
        change_log.push(ChangeEntry {
            at: e.at.unwrap_or_default(),
            by: text(&mut r, &at, e.by),
            what: text(&mut r, &at, e.what),
            why: text(&mut r, &at, e.why),
            kpis: e.kpis.into_iter().filter(|k| kpi_exists(*k)).map(KpiId).collect(),
        });
    }
    m.governance.change_log = change_log;
    m.governance.escalate_after = match g.escalate_after {
        Some(0) => {
            r.add(
                "model.governance.escalate_after".into(),
                "escalation after 0 reviews makes no sense; set to 3".into(),
            );
            3
        }
        Some(n) if n > limits::MAX_ESCALATE_AFTER => {
            r.add(
                "model.governance.escalate_after".into(),
                format!(
                    "escalation after {} reviews is more than the {} allowed; set to 3",
                    thousands(n as usize),
                    thousands(limits::MAX_ESCALATE_AFTER as usize)
                ),
            );
            3
        }
        Some(n) => n,
        None => 3,
    };
    m.governance.dispute_resolver =
        person_ref(&mut r, "model.governance", "governance", "dispute resolver", g.dispute_resolver);
    let mut res_ids = Ids::new(g.resolutions.iter().map(|x| x.id));
    for (i, x) in g.resolutions.into_iter().enumerate() {
        let at = format!("model.governance.resolutions[{i}]");
        let on = date(&mut r, &at, "date", "a recorded resolution", x.on);
        match (x.kpis, on) {
            (Some((a, b)), Some(on)) if kpi_exists(a) && kpi_exists(b) && a != b => {
                let (id, _) = res_ids.take(i, x.id);
                m.governance.resolutions.push(Resolution {
                    id: ResolutionId(id),
                    kpis: (KpiId(a.min(b)), KpiId(a.max(b))),
                    by: text(&mut r, &at, x.by),
                    on,
                    how: text(&mut r, &at, x.how),
                });
            }
            _ => r.add(at, "a recorded resolution without two existing KPIs and a date was dropped".into()),
        }
    }
    let mut esc_ids = Ids::new(g.escalations.iter().map(|x| x.id));
    for (i, x) in g.escalations.into_iter().enumerate() {
        let at = format!("model.governance.escalations[{i}]");
        let on = date(&mut r, &at, "date", "a recorded escalation", x.on);
        match (x.kpi, on) {
            (Some(k), Some(on)) if kpi_exists(k) => {
                let (id, _) = esc_ids.take(i, x.id);
                let to = person_ref(&mut r, &at, "an escalation", "recipient", x.to);
                m.governance.escalations.push(Escalation {
                    id: EscalationId(id),
                    kpi: KpiId(k),
                    on,
                    to,
                    note: text(&mut r, &at, x.note),
                });
            }
            _ => r.add(at, "a recorded escalation without an existing KPI and a date was dropped".into()),
        }
    }

    // Assessment, settings, acknowledgements.
    for (q_id, v) in dto.assessment.unwrap_or_default().answers {
        if q_id.chars().count() > MAX_NAME_CHARS {
            r.add(
                "model.assessment.answers".into(),
                format!("an answer to an unknown question {} was dropped", q(&q_id)),
            );
        } else if v <= 4 {
            m.assessment.answers.insert(q_id, v);
        } else {
            r.add(
                format!("model.assessment.answers.{q_id}"),
                format!("the answer {v} is outside 0-4; it was dropped"),
            );
        }
    }
    if let Some(s) = dto.settings {
        match validate_settings(&s).map_err(|e| e.to_string()).and_then(|()| settings_in_range(&s)) {
            Ok(()) => m.settings = s,
            Err(e) => r.add("model.settings".into(), format!("{e}; the default settings are used")),
        }
    }
    let mut acks = HashSet::new();
    for (i, a) in dto.acknowledgements.into_iter().enumerate() {
        let at = format!("model.acknowledgements[{i}]");
        if a.finding.is_empty() || a.finding.len() > MAX_TEXT_CHARS || !acks.insert(a.finding.clone()) {
            r.add(at, "an acknowledgement naming no finding, or a repeat, was dropped".into());
            continue;
        }
        m.acknowledgements.push(Acknowledgement {
            finding: a.finding,
            reason: text(&mut r, &at, a.reason),
            by: text(&mut r, &at, a.by),
            at: a.at.unwrap_or_default(),
        });
    }

    rhythm(&mut r, &mut m, dto.check_ins, dto.meetings, dto.pilots);

    (m, r.finish())
}

/// Check-ins, review meetings and pilots: ids settled, references to KPIs and people
/// that do not exist dropped, one check-in per KPI and period, numbers and dates in
/// range, at most [`MAX_ACTIONS`] actions each. Linear (hash sets of ids).
fn rhythm(
    r: &mut Repairs,
    m: &mut Model,
    check_ins: Vec<CheckInDto>,
    meetings: Vec<MeetingDto>,
    pilots: Vec<PilotDto>,
) {
    let kpis: HashMap<u32, (Level, Cadence, usize)> =
        m.kpis.iter().enumerate().map(|(i, k)| (k.id.0, (k.level, k.cadence, i))).collect();
    let people: HashSet<u32> = m.people.iter().map(|p| p.id.0).collect();
    let fy = m.organisation.fiscal_year_start;
    let kpi_name = |k: u32| kpis.get(&k).map_or(k.to_string(), |x| q(&m.kpis[x.2].name));
    let person = |r: &mut Repairs, at: &str, whose: &str, field: &str, p: Option<u32>| match p {
        Some(p) if !people.contains(&p) => {
            r.some(
                (
                    "1 more reference to a person who does not exist was dropped",
                    "{n} more references to people who do not exist were dropped",
                ),
                at.to_string(),
                format!(
                    "the {field} of {whose} was person {p}, who does not exist; the reference was dropped"
                ),
                true,
            );
            None
        }
        p => p.map(PersonId),
    };
    let actions = |r: &mut Repairs, at: &str, whose: &str, list: Vec<ActionDto>| -> Vec<Action> {
        let n = list.len();
        if n > MAX_ACTIONS {
            r.add(
                at.to_string(),
                format!("{whose} had {} actions; the first {MAX_ACTIONS} were kept", thousands(n)),
            );
        }
        let mut out = Vec::with_capacity(n.min(MAX_ACTIONS));
        for (j, a) in list.into_iter().take(MAX_ACTIONS).enumerate() {
            let at = format!("{at}.actions[{j}]");
            let what = text(r, &at, a.what);
            if what.trim().is_empty() {
                r.some(
                    (
                        "1 more action saying nothing was dropped",
                        "{n} more actions saying nothing were dropped",
                    ),
                    at,
                    format!("an action of {whose} did not say what would be done; it was dropped"),
                    true,
                );
                continue;
            }
            let kpi = match a.kpi {
                Some(k) if !kpis.contains_key(&k) => {
                    r.some(
                        (
                            "1 more action for a KPI that does not exist was unlinked",
                            "{n} more actions for KPIs that do not exist were unlinked",
                        ),
                        at.clone(),
                        format!("an action of {whose} was for KPI {k}, which does not exist; it was kept without a KPI"),
                        true,
                    );
                    None
                }
                k => k.map(KpiId),
            };
            out.push(Action {
                what,
                kpi,
                who: person(r, &at, &format!("an action of {whose}"), "assignee", a.who),
                due: date(r, &at, "due date", "an action", a.due),
                state: a.state.unwrap_or_default(),
            });
        }
        out
    };

    // Which check-ins stay (an existing KPI, a period, the first for its period), before
    // ids are settled, so a dropped one holds no id.
    let mut seen: HashSet<(u32, Date)> = HashSet::with_capacity(check_ins.len());
    let mut kept = Vec::with_capacity(check_ins.len());
    for (i, c) in check_ins.into_iter().enumerate() {
        let at = format!("model.check_ins[{i}]");
        let period = date(r, &at, "period", "a check-in", c.period);
        let (Some(k), Some(period)) = (c.kpi.filter(|k| kpis.contains_key(k)), period) else {
            r.some(
                (
                    "1 more check-in without an existing KPI and a period was dropped",
                    "{n} more check-ins without an existing KPI and a period were dropped",
                ),
                at,
                match c.kpi {
                    Some(k) if !kpis.contains_key(&k) => {
                        format!("a check-in on KPI {k}, which does not exist, was dropped")
                    }
                    _ => "a check-in without a KPI or a period was dropped".into(),
                },
                true,
            );
            continue;
        };
        let p = crate::rhythm::period::of(kpis[&k].1, fy, period);
        if !seen.insert((k, p.start)) {
            r.some(
                (
                    "1 more second check-in for a period was dropped",
                    "{n} more second check-ins for a period were dropped",
                ),
                at,
                format!(
                    "the check-in on {} for {} was a second one for the period {}; the first was kept",
                    kpi_name(k),
                    period.human(),
                    p.label()
                ),
                true,
            );
            continue;
        }
        kept.push((at, k, period, c));
    }
    let mut ids = Ids::new(kept.iter().map(|(_, _, _, c)| c.id));
    for (i, (at, k, period, c)) in kept.into_iter().enumerate() {
        let cadence = kpis[&k].1;
        let whose = format!("the check-in on {} for {}", kpi_name(k), period.human());
        let (id, why) = ids.take(i, c.id);
        let label = format!("{}, {}", kpis.get(&k).map_or("", |x| m.kpis[x.2].name.as_str()), period.human());
        reissue(r, &at, "check-in", &label, c.id, id, why);
        let earliest = period.add_days(-cadence.days());
        let on = match date(r, &at, "date written", &whose, c.on) {
            Some(on) if on < earliest => {
                r.add(
                    at.clone(),
                    format!("{whose} was dated {}, before its period began; it is now dated {}", on, period),
                );
                period
            }
            Some(on) => on,
            None => period,
        };
        let mut forecast = number(r, &at, "forecast", &whose, c.forecast);
        let mut forecast_for = date(r, &at, "forecast date", &whose, c.forecast_for);
        if forecast.is_some() != forecast_for.is_some() {
            r.add(
                at.clone(),
                format!(
                    "{whose} had a forecast without {}; it was dropped",
                    if forecast.is_some() { "a date" } else { "a value" }
                ),
            );
            forecast = None;
            forecast_for = None;
        }
        m.check_ins.push(CheckIn {
            id: CheckInId(id),
            kpi: KpiId(k),
            period,
            on,
            by: person(r, &at, &whose, "author", c.by),
            actual: number(r, &at, "actual", &whose, c.actual),
            confidence: c.confidence.unwrap_or_default(),
            forecast,
            forecast_for,
            variance: text(r, &at, c.variance),
            actions: actions(r, &at, &whose, c.actions),
        });
    }

    let mut ids = Ids::new(meetings.iter().map(|x| x.id));
    for (i, x) in meetings.into_iter().enumerate() {
        let at = format!("model.meetings[{i}]");
        let Some(on) = date(r, &at, "date", "a review meeting", x.on) else {
            r.add(at, "a review meeting without a date was dropped".into());
            continue;
        };
        let forum = x.forum.unwrap_or_else(|| {
            r.add(
                at.clone(),
                format!("the review meeting of {} named no forum; it is taken as monthly", on.human()),
            );
            Cadence::Monthly
        });
        let whose = format!("the {} review of {}", forum.lower(), on.human());
        let (id, why) = ids.take(i, x.id);
        reissue(r, &at, "review meeting", &whose, x.id, id, why);
        let asked = x.kpis.len();
        let reviewed: Vec<KpiId> =
            dedup(x.kpis.into_iter().filter(|k| kpis.contains_key(k))).into_iter().map(KpiId).collect();
        if reviewed.len() < asked {
            r.add(
                at.clone(),
                format!(
                    "{whose} named {} KPIs that do not exist or twice; they were left out",
                    asked - reviewed.len()
                ),
            );
        }
        let decisions: Vec<String> =
            x.decisions.into_iter().map(|d| text(r, &at, d)).filter(|d| !d.trim().is_empty()).collect();
        m.meetings.push(Meeting {
            id: MeetingId(id),
            forum,
            on,
            kpis: reviewed,
            decisions,
            actions: actions(r, &at, &whose, x.actions),
        });
    }

    let mut ids = Ids::new(pilots.iter().map(|x| x.id));
    for (i, x) in pilots.into_iter().enumerate() {
        let at = format!("model.pilots[{i}]");
        let (name, _) = name_or(r, &at, x.name, "pilot", i);
        let whose = format!("the pilot {}", q(&name));
        let Some(start) = date(r, &at, "start", &whose, x.start) else {
            r.add(at, format!("{whose} had no start date; it was dropped"));
            continue;
        };
        let asked = x.kpis.len();
        let chosen: Vec<KpiId> = dedup(
            x.kpis.into_iter().filter(|k| kpis.get(k).is_some_and(|(level, _, _)| *level == Level::Company)),
        )
        .into_iter()
        .map(KpiId)
        .collect();
        if chosen.is_empty() {
            r.add(at, format!("{whose} covered no existing company KPI; it was dropped"));
            continue;
        }
        if chosen.len() < asked {
            r.add(
                at.clone(),
                format!(
                    "{whose} named {} KPIs that are not company KPIs, do not exist or repeat; they were left out",
                    asked - chosen.len()
                ),
            );
        }
        let (id, why) = ids.take(i, x.id);
        reissue(r, &at, "pilot", &name, x.id, id, why);
        let c = x.criteria.unwrap_or_default();
        let mut bounded = |v: Option<f64>, max: f64, what: &str| match v {
            Some(v) if !(0.0..=max).contains(&v) => {
                r.add(
                    at.clone(),
                    format!(
                        "the {what} criterion of {whose} was {}, outside 0-{max}; it was dropped",
                        show_number(v)
                    ),
                );
                None
            }
            v => v,
        };
        let criteria = Criteria {
            variance_cut: bounded(c.variance_cut, 100.0, "forecast variance"),
            cycle_days: bounded(c.cycle_days, 3650.0, "cycle time"),
            adoption: bounded(c.adoption, 100.0, "adoption"),
        };
        m.pilots.push(Pilot {
            id: PilotId(id),
            name,
            start,
            kpis: chosen,
            forums: dedup(x.forums.into_iter()),
            criteria,
        });
    }
}

/// Whether every number in the check settings is at most [`limits::MAX_SETTING`].
fn settings_in_range(s: &Settings) -> Result<(), String> {
    let ranges = [s.company_kpis, s.department_kpis, s.person_kpis, s.leading_per_company_kpi, s.lead_days];
    let numbers = [s.stability_months, s.stale_periods, s.rationale_min_words];
    let largest = ranges.iter().map(|r| r.max.max(r.min)).chain(numbers).max().unwrap_or(0);
    if largest > limits::MAX_SETTING {
        return Err(format!(
            "the check settings hold {}, more than the largest setting allowed ({})",
            thousands(largest as usize),
            thousands(limits::MAX_SETTING as usize)
        ));
    }
    Ok(())
}

/// The file shape of a model (what export and storage write).
pub fn to_dto(m: &Model) -> ModelDto {
    let o = &m.organisation;
    ModelDto {
        organisation: Some(OrganisationDto {
            name: Some(o.name.clone()),
            industry: o.industry.clone(),
            velocity: Some(o.velocity),
            fiscal_year_start: Some(o.fiscal_year_start),
            currency: Some(o.currency.clone()),
            alignment_owner: o.alignment_owner.map(|p| p.0),
        }),
        departments: m
            .departments
            .iter()
            .map(|d| DepartmentDto {
                id: Some(d.id.0),
                name: Some(d.name.clone()),
                head: d.head.map(|p| p.0),
            })
            .collect(),
        people: m
            .people
            .iter()
            .map(|p| PersonDto {
                id: Some(p.id.0),
                name: Some(p.name.clone()),
                role: p.role.clone(),
                department: p.department.map(|d| d.0),
                manager: p.manager.map(|x| x.0),
            })
            .collect(),
        kpis: m.kpis.iter().map(kpi_dto).collect(),
        links: m
            .links
            .iter()
            .map(|l| LinkDto {
                child: Some(l.child.0),
                parent: Some(l.parent.0),
                rationale: l.rationale.clone(),
                sign: (l.sign != Sign::Positive).then_some(l.sign),
                lag_days: l.lag_days,
            })
            .collect(),
        influences: m
            .influences
            .iter()
            .map(|x| InfluenceDto {
                from: Some(x.from.0),
                to: Some(x.to.0),
                sign: Some(x.sign),
                note: x.note.clone(),
            })
            .collect(),
        dependencies: m
            .dependencies
            .iter()
            .map(|d| DependencyDto {
                id: Some(d.id.0),
                dependent: Some(d.dependent.0),
                prerequisite: Some(d.prerequisite.0),
                needed_by: d.needed_by,
                committed: d.committed,
                note: d.note.clone(),
            })
            .collect(),
        glossary: m
            .glossary
            .iter()
            .map(|t| TermDto {
                id: Some(t.id.0),
                name: Some(t.name.clone()),
                definition: t.definition.clone(),
                formula: t.formula.clone(),
                unit: t.unit,
                timing: t.timing.clone(),
                currency: t.currency.clone(),
                recognition: t.recognition.clone(),
                source: t.source.clone(),
                example: t.example.clone(),
                owner: t.owner.map(|p| p.0),
            })
            .collect(),
        governance: Some(GovernanceDto {
            change_log: m
                .governance
                .change_log
                .iter()
                .map(|e| ChangeEntryDto {
                    at: Some(e.at),
                    by: e.by.clone(),
                    what: e.what.clone(),
                    why: e.why.clone(),
                    kpis: e.kpis.iter().map(|k| k.0).collect(),
                })
                .collect(),
            escalate_after: Some(m.governance.escalate_after),
            dispute_resolver: m.governance.dispute_resolver.map(|p| p.0),
            resolutions: m
                .governance
                .resolutions
                .iter()
                .map(|x| ResolutionDto {
                    id: Some(x.id.0),
                    kpis: Some((x.kpis.0 .0, x.kpis.1 .0)),
                    by: x.by.clone(),
                    on: Some(x.on),
                    how: x.how.clone(),
                })
                .collect(),
            escalations: m
                .governance
                .escalations
                .iter()
                .map(|x| EscalationDto {
                    id: Some(x.id.0),
                    kpi: Some(x.kpi.0),
                    on: Some(x.on),
                    to: x.to.map(|p| p.0),
                    note: x.note.clone(),
                })
                .collect(),
        }),
        assessment: (!m.assessment.answers.is_empty())
            .then(|| AssessmentDto { answers: m.assessment.answers.clone() }),
        settings: (m.settings != Settings::default()).then(|| m.settings.clone()),
        acknowledgements: m
            .acknowledgements
            .iter()
            .map(|a| AcknowledgementDto {
                finding: a.finding.clone(),
                reason: a.reason.clone(),
                by: a.by.clone(),
                at: Some(a.at),
            })
            .collect(),
        check_ins: m
            .check_ins
            .iter()
            .map(|c| CheckInDto {
                id: Some(c.id.0),
                kpi: Some(c.kpi.0),
                period: Some(c.period),
                on: Some(c.on),
                by: c.by.map(|p| p.0),
                actual: c.actual,
                confidence: Some(c.confidence),
                forecast: c.forecast,
                forecast_for: c.forecast_for,
                variance: c.variance.clone(),
                actions: action_dtos(&c.actions),
            })
            .collect(),
        meetings: m
            .meetings
            .iter()
            .map(|x| MeetingDto {
                id: Some(x.id.0),
                forum: Some(x.forum),
                on: Some(x.on),
                kpis: x.kpis.iter().map(|k| k.0).collect(),
                decisions: x.decisions.clone(),
                actions: action_dtos(&x.actions),
            })
            .collect(),
        pilots: m
            .pilots
            .iter()
            .map(|x| PilotDto {
                id: Some(x.id.0),
                name: Some(x.name.clone()),
                start: Some(x.start),
                kpis: x.kpis.iter().map(|k| k.0).collect(),
                forums: x.forums.clone(),
                criteria: (x.criteria != Criteria::default()).then_some(CriteriaDto {
                    variance_cut: x.criteria.variance_cut,
                    cycle_days: x.criteria.cycle_days,
                    adoption: x.criteria.adoption,
                }),
            })
            .collect(),
    }
}

fn action_dtos(actions: &[Action]) -> Vec<ActionDto> {
    actions
        .iter()
        .map(|a| ActionDto {
            what: a.what.clone(),
            kpi: a.kpi.map(|k| k.0),
            who: a.who.map(|p| p.0),
            due: a.due,
            state: Some(a.state),
        })
        .collect()
}

fn kpi_dto(k: &Kpi) -> KpiDto {
    KpiDto {
        id: Some(k.id.0),
        name: Some(k.name.clone()),
        description: k.description.clone(),
        level: Some(k.level),
        department: k.department.map(|d| d.0),
        owner: k.owner.clone(),
        contributors: k.contributors.clone(),
        indicator: Some(k.indicator),
        kind: Some(k.kind),
        unit: Some(k.unit),
        direction: Some(k.direction),
        baseline: k.baseline,
        target: k.target.map(|t| TargetDto { value: Some(t.value), upper: t.upper, due: t.due }),
        thresholds: k.thresholds.map(|t| ThresholdsDto { on_track: t.on_track, off_track: t.off_track }),
        measurements: k.measurements.iter().map(|m| (m.date, m.value)).collect(),
        cadence: Some(k.cadence),
        term: k.term.map(|t| t.0),
        data_source: k.data_source.clone(),
        automated: k.automated,
        data_available: k.data_available,
        retired: match &k.lifecycle {
            Lifecycle::Active => None,
            Lifecycle::Retired { on, reason } => Some(RetiredDto { on: Some(*on), reason: reason.clone() }),
        },
        locked: k.locked,
        tags: k.tags.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_on_cycles_are_those_inside_a_strongly_connected_component() {
        // (nodes, edges, which edges are on a cycle)
        type Case<'a> = (usize, &'a [(usize, usize)], &'a [bool]);
        let cases: [Case; 5] = [
            (2, &[(0, 1)], &[false]),
            (2, &[(0, 1), (1, 0)], &[true, true]),
            (4, &[(0, 1), (1, 2), (2, 0), (2, 3)], &[true, true, true, false]),
            // Two cycles joined by a one-way edge: the join is not on a cycle.
            (4, &[(0, 1), (1, 0), (1, 2), (2, 3), (3, 2)], &[true, true, false, true, true]),
            (3, &[(0, 1), (0, 1), (1, 2)], &[false, false, false]),
        ];
        for (n, edges, want) in cases {
            assert_eq!(edges_on_cycles(n, edges), want, "{edges:?}");
        }
        // A 200,000-long ring needs no recursion.
        let n = 200_000;
        let ring: Vec<(usize, usize)> = (0..n).map(|i| (i, (i + 1) % n)).collect();
        assert!(edges_on_cycles(n, &ring).iter().all(|&c| c));
        let chain: Vec<(usize, usize)> = (0..n - 1).map(|i| (i, i + 1)).collect();
        assert!(edges_on_cycles(n, &chain).iter().all(|&c| !c));
    }

    #[test]
    fn each_reporting_loop_is_cut_once_at_its_first_person() {
        let cases: [(&[Option<usize>], &[usize]); 5] = [
            (&[None, Some(0)], &[]),
            (&[Some(1), Some(0)], &[0]),
            // 0 reports into the loop 1 -> 2 -> 1 but is not on it.
            (&[Some(1), Some(2), Some(1)], &[1]),
            (&[Some(2), Some(0), Some(1), Some(4), Some(3)], &[0, 3]),
            (&[Some(9)], &[]),
        ];
        for (managers, want) in cases {
            assert_eq!(reporting_loops(managers), want, "{managers:?}");
        }
        let n = 100_000;
        let chain: Vec<Option<usize>> = (0..n).map(|i| (i + 1 < n).then_some(i + 1)).collect();
        assert!(reporting_loops(&chain).is_empty());
        let ring: Vec<Option<usize>> = (0..n).map(|i| Some((i + 1) % n)).collect();
        assert_eq!(reporting_loops(&ring), [0]);
    }

    #[test]
    fn a_repeating_repair_is_listed_a_few_times_then_counted() {
        let mut r = Repairs::default();
        for i in 0..25 {
            r.some(("1 more thing", "{n} more things"), format!("x[{i}]"), format!("thing {i}"), false);
        }
        let got: Vec<(String, String, bool)> =
            r.finish().into_iter().map(|x| (x.at, x.message, x.changed)).collect();
        assert_eq!(got.len(), LISTED_PER_KIND + 1);
        assert_eq!(got[0], ("x[0]".into(), "thing 0".into(), false));
        assert_eq!(got[LISTED_PER_KIND], ("x[10] and 14 more".into(), "15 more things".into(), false));
    }
}
