//! Read-only questions about a model: look-ups by id, names for messages, and graph
//! walks over the cascade and the dependencies.
//!
//! Every walk is iterative with an explicit stack or queue: the WebAssembly stack is
//! 1 MiB, and a chain of 10,000 dependencies must not overflow it. [`Index`] precomputes
//! id -> position maps and the cascade's adjacency once, for code that asks many
//! questions of the same model (the checks, the board). [`Components`] orders a graph
//! sinks first, so a value can be carried up a cascade in one pass, cycles included.
//!
//! The free look-ups ([`kpi`], [`person`], …) scan a list: fine once, quadratic in a
//! loop. Views that show one row per entity take their numbers from the one-pass
//! helpers instead: [`owned_counts`], [`term_usage`], [`department_counts`],
//! [`kpi_choices`], [`Index::kpi_name`], and [`Reporting`] for who may manage whom.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::OnceLock;

use super::entities::*;
use super::ids::*;

pub fn kpi(m: &Model, id: KpiId) -> Option<&Kpi> {
    m.kpis.iter().find(|k| k.id == id)
}

pub fn person(m: &Model, id: PersonId) -> Option<&Person> {
    m.people.iter().find(|p| p.id == id)
}

pub fn department(m: &Model, id: DeptId) -> Option<&Department> {
    m.departments.iter().find(|d| d.id == id)
}

pub fn term(m: &Model, id: TermId) -> Option<&Term> {
    m.glossary.iter().find(|t| t.id == id)
}

/// The KPI's name, or its id if it does not exist.
pub fn kpi_name(m: &Model, id: KpiId) -> String {
    kpi(m, id).map_or_else(|| id.to_string(), |k| k.name.clone())
}

pub fn person_name(m: &Model, id: PersonId) -> String {
    person(m, id).map_or_else(|| id.to_string(), |p| p.name.clone())
}

/// The name of the person `id` names, if any and if they exist.
pub fn person_name_of(m: &Model, id: Option<PersonId>) -> Option<String> {
    id.and_then(|p| person(m, p)).map(|p| p.name.clone())
}

pub fn department_name(m: &Model, id: DeptId) -> String {
    department(m, id).map_or_else(|| id.to_string(), |d| d.name.clone())
}

/// Who or what owns the KPI, as shown to people.
pub fn owner_label(m: &Model, k: &Kpi) -> String {
    match &k.owner {
        Some(Owner::Person(p)) => person_name(m, *p),
        Some(Owner::Department(d)) => format!("{} (department)", department_name(m, *d)),
        Some(Owner::Team(t)) => format!("{t} (team)"),
        None => "No owner".into(),
    }
}

/// The path from `from` up the cascade (child -> parent) to `to`, excluding `from`;
/// `None` if `to` cannot be reached.
pub fn path_up(m: &Model, from: KpiId, to: KpiId) -> Option<Vec<KpiId>> {
    let mut parents: HashMap<KpiId, Vec<KpiId>> = HashMap::new();
    for l in &m.links {
        parents.entry(l.child).or_default().push(l.parent);
    }
    bfs_path(from, to, |k| parents.get(&k).cloned().unwrap_or_default())
}

/// The path from `from` to `to` following "depends on" (dependent -> prerequisite),
/// excluding `from`; `None` if there is none.
pub fn dependency_path<'a>(
    deps: impl Iterator<Item = &'a Dependency>,
    from: KpiId,
    to: KpiId,
) -> Option<Vec<KpiId>> {
    let mut next: HashMap<KpiId, Vec<KpiId>> = HashMap::new();
    for d in deps {
        next.entry(d.dependent).or_default().push(d.prerequisite);
    }
    bfs_path(from, to, |k| next.get(&k).cloned().unwrap_or_default())
}

/// Breadth-first search returning the path (excluding `from`, including `to`).
fn bfs_path(from: KpiId, to: KpiId, next: impl Fn(KpiId) -> Vec<KpiId>) -> Option<Vec<KpiId>> {
    if from == to {
        return Some(vec![]);
    }
    let mut came_from: HashMap<KpiId, KpiId> = HashMap::new();
    let mut queue = VecDeque::from([from]);
    let mut seen = HashSet::from([from]);
    while let Some(k) = queue.pop_front() {
        for n in next(k) {
            if !seen.insert(n) {
                continue;
            }
            came_from.insert(n, k);
            if n == to {
                let mut path = vec![to];
                let mut cur = to;
                while let Some(&p) = came_from.get(&cur) {
                    if p == from {
                        break;
                    }
                    path.push(p);
                    cur = p;
                }
                path.reverse();
                return Some(path);
            }
            queue.push_back(n);
        }
    }
    None
}

/// Id -> position, for any kind of entity. Ids are usually dense (1..=n), so a plain
/// vector is the fast path; sparse ids (possible in imported files) go to a small
/// open-addressed table of (id, position) pairs, probed in place, so a look-up is one or
/// two reads of one array and never hashes with a keyed hasher.
#[derive(Debug, PartialEq)]
enum Positions {
    Dense(Vec<u32>),
    /// Slots of `(id, position)`, a power of two of them and at most half full; an empty
    /// slot holds position [`Positions::NONE`]. As in the dense case, a repeated id
    /// keeps its last position (a model's ids are unique).
    Sparse(Vec<(u32, u32)>),
}

impl Default for Positions {
    fn default() -> Self {
        Positions::Dense(Vec::new())
    }
}

impl Positions {
    const NONE: u32 = u32::MAX;

    fn new(ids: impl Iterator<Item = u32>) -> Positions {
        // One pass over the entities (each id is a read of another cache line of a large
        // list); the largest id and the placing then read this compact copy.
        let ids: Vec<u32> = ids.collect();
        let n = ids.len();
        let max = ids.iter().copied().max().unwrap_or(0) as usize;
        if max <= n.saturating_mul(4) + 64 {
            let mut v = vec![Self::NONE; max + 1];
            for (i, &id) in ids.iter().enumerate() {
                v[id as usize] = i as u32;
            }
            Positions::Dense(v)
        } else {
            let mut slots = vec![(0, Self::NONE); (2 * n).next_power_of_two()];
            let mask = slots.len() - 1;
            for (i, &id) in ids.iter().enumerate() {
                let mut at = Self::slot(id, mask);
                while slots[at].1 != Self::NONE && slots[at].0 != id {
                    at = (at + 1) & mask;
                }
                slots[at] = (id, i as u32);
            }
            Positions::Sparse(slots)
        }
    }

    /// Where an id's probe starts (Fibonacci hashing).
    fn slot(id: u32, mask: usize) -> usize {
        (u64::from(id).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize & mask
    }

    fn get(&self, id: u32) -> Option<usize> {
        match self {
            Positions::Dense(v) => {
                v.get(id as usize).copied().filter(|&i| i != Self::NONE).map(|i| i as usize)
            }
            Positions::Sparse(slots) => {
                let mask = slots.len() - 1;
                let mut at = Self::slot(id, mask);
                loop {
                    let (key, i) = slots[at];
                    if i == Self::NONE {
                        return None;
                    }
                    if key == id {
                        return Some(i as usize);
                    }
                    at = (at + 1) & mask;
                }
            }
        }
    }
}

/// A graph's edges as one flat array (compressed sparse rows): `adj[i]` is the slice of
/// `i`'s neighbours. Two allocations however many nodes, instead of one per node.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Adjacency {
    offsets: Vec<usize>,
    targets: Vec<usize>,
}

impl Adjacency {
    /// From `(from, to)` pairs over nodes `0..n`; neighbours keep the pairs' order.
    pub fn from_edges(n: usize, edges: &[(usize, usize)]) -> Adjacency {
        Adjacency::from_pairs(n, edges.iter().copied())
    }

    /// From `(to, from)` pairs: the graph of `edges` reversed, without a reversed copy of
    /// them; neighbours keep the pairs' order.
    pub fn from_reversed_edges(n: usize, edges: &[(usize, usize)]) -> Adjacency {
        Adjacency::from_pairs(n, edges.iter().map(|&(to, from)| (from, to)))
    }

    /// From `(from, to)` pairs read twice (to count, then to place), so a filtered or
    /// reversed view of an edge list needs no copy of it; neighbours keep the pairs' order.
    pub fn from_pairs(n: usize, edges: impl Iterator<Item = (usize, usize)> + Clone) -> Adjacency {
        let mut offsets = vec![0; n + 1];
        for (from, _) in edges.clone() {
            offsets[from + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        // Each edge goes to its node's next free slot, the node's start counting up as it
        // fills (so no second array the size of the model); each start then ends where
        // the next node's began, and they shift back by one node.
        let mut targets = vec![0; offsets[n]];
        for (from, to) in edges {
            targets[offsets[from]] = to;
            offsets[from] += 1;
        }
        offsets.copy_within(0..n, 1);
        offsets[0] = 0;
        Adjacency { offsets, targets }
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl std::ops::Index<usize> for Adjacency {
    type Output = [usize];
    fn index(&self, i: usize) -> &[usize] {
        &self.targets[self.offsets[i]..self.offsets[i + 1]]
    }
}

/// Positions and adjacency of a model, computed once.
#[derive(Debug, Default)]
pub struct Index {
    kpi_pos: Positions,
    /// People and terms are placed on the first look-up: most passes over a large model
    /// never ask, and a pass over 100,000 people they do not need is a trip to memory.
    person_pos: OnceLock<Positions>,
    dept_pos: Positions,
    term_pos: OnceLock<Positions>,
    /// Every link whose ends exist, as (child, parent) positions, in the model's order.
    links: Vec<(usize, usize)>,
    /// The adjacency lists are built on first use: the evidence score and the traces
    /// only walk down, and a list is three arrays the size of the model.
    parents: OnceLock<Adjacency>,
    children: OnceLock<Adjacency>,
    kpis: usize,
}

/// Two indexes are equal when they place the same KPIs, departments and links at the
/// same positions. What is placed on first use (people, terms, the adjacency lists)
/// follows from those or from the model that asks, and is not compared.
impl PartialEq for Index {
    fn eq(&self, other: &Index) -> bool {
        (self.kpis, &self.kpi_pos, &self.dept_pos, &self.links)
            == (other.kpis, &other.kpi_pos, &other.dept_pos, &other.links)
    }
}

impl Index {
    pub fn new(m: &Model) -> Index {
        let dept_pos = Positions::new(m.departments.iter().map(|d| d.id.0));
        Index::placed(m, Positions::new(m.kpis.iter().map(|k| k.id.0)), dept_pos)
    }

    /// Like [`Index::new`], calling `visit` with each KPI's position and the KPI in the
    /// same pass that reads the ids. A caller that reads every KPI anyway then reads each
    /// once: at 100,000 KPIs (about 30 MB of them) a second pass comes from memory again.
    pub fn visiting(m: &Model, mut visit: impl FnMut(usize, &Kpi)) -> Index {
        let dept_pos = Positions::new(m.departments.iter().map(|d| d.id.0));
        let kpi_pos = Positions::new(m.kpis.iter().enumerate().map(|(i, k)| {
            visit(i, k);
            k.id.0
        }));
        Index::placed(m, kpi_pos, dept_pos)
    }

    /// The index from the KPIs' and departments' positions: the links' ends placed.
    fn placed(m: &Model, kpi_pos: Positions, dept_pos: Positions) -> Index {
        let links: Vec<(usize, usize)> = m
            .links
            .iter()
            .filter_map(|l| Some((kpi_pos.get(l.child.0)?, kpi_pos.get(l.parent.0)?)))
            .collect();
        Index {
            person_pos: OnceLock::new(),
            dept_pos,
            term_pos: OnceLock::new(),
            kpi_pos,
            links,
            parents: OnceLock::new(),
            children: OnceLock::new(),
            kpis: m.kpis.len(),
        }
    }

    /// For each KPI position, the positions of its parents (links child -> parent), in
    /// the order of the links.
    pub fn parents(&self) -> &Adjacency {
        self.parents.get_or_init(|| Adjacency::from_edges(self.kpis, &self.links))
    }

    /// For each KPI position, the positions of its children, in the order of the links.
    pub fn children(&self) -> &Adjacency {
        self.children.get_or_init(|| Adjacency::from_reversed_edges(self.kpis, &self.links))
    }

    /// Every link whose ends exist, as (child, parent) positions, in the model's order.
    pub fn links(&self) -> &[(usize, usize)] {
        &self.links
    }

    pub fn kpi_pos(&self, id: KpiId) -> Option<usize> {
        self.kpi_pos.get(id.0)
    }

    pub fn kpi<'m>(&self, m: &'m Model, id: KpiId) -> Option<&'m Kpi> {
        self.kpi_pos(id).and_then(|i| m.kpis.get(i))
    }

    pub fn person<'m>(&self, m: &'m Model, id: PersonId) -> Option<&'m Person> {
        let positions = self.person_pos.get_or_init(|| Positions::new(m.people.iter().map(|p| p.id.0)));
        positions.get(id.0).and_then(|i| m.people.get(i))
    }

    /// The department's position in `m.departments`.
    pub fn department_pos(&self, id: DeptId) -> Option<usize> {
        self.dept_pos.get(id.0)
    }

    pub fn department<'m>(&self, m: &'m Model, id: DeptId) -> Option<&'m Department> {
        self.department_pos(id).and_then(|i| m.departments.get(i))
    }

    pub fn term<'m>(&self, m: &'m Model, id: TermId) -> Option<&'m Term> {
        let positions = self.term_pos.get_or_init(|| Positions::new(m.glossary.iter().map(|t| t.id.0)));
        positions.get(id.0).and_then(|i| m.glossary.get(i))
    }

    /// The KPI's name, or its id if it does not exist.
    pub fn kpi_name(&self, m: &Model, id: KpiId) -> String {
        self.kpi(m, id).map_or_else(|| id.to_string(), |k| k.name.clone())
    }

    pub fn person_name(&self, m: &Model, id: PersonId) -> String {
        self.person(m, id).map_or_else(|| id.to_string(), |p| p.name.clone())
    }

    pub fn department_name(&self, m: &Model, id: DeptId) -> String {
        self.department(m, id).map_or_else(|| id.to_string(), |d| d.name.clone())
    }

    /// Like [`owner_label`], with constant-time look-ups.
    pub fn owner_label(&self, m: &Model, k: &Kpi) -> String {
        match &k.owner {
            Some(Owner::Person(p)) => self.person_name(m, *p),
            Some(Owner::Department(d)) => format!("{} (department)", self.department_name(m, *d)),
            Some(Owner::Team(t)) => format!("{t} (team)"),
            None => "No owner".into(),
        }
    }

    /// The path from `from` up the cascade to `to`, excluding `from`, like [`path_up`]
    /// without building a map: O(what is above `from`).
    pub fn path_up(&self, m: &Model, from: KpiId, to: KpiId) -> Option<Vec<KpiId>> {
        let (f, t) = (self.kpi_pos(from)?, self.kpi_pos(to)?);
        if f == t {
            return Some(Vec::new());
        }
        let mut came_from: HashMap<usize, usize> = HashMap::from([(f, f)]);
        let mut queue = VecDeque::from([f]);
        while let Some(i) = queue.pop_front() {
            for &p in &self.parents()[i] {
                if came_from.contains_key(&p) {
                    continue;
                }
                came_from.insert(p, i);
                if p == t {
                    let mut path = vec![m.kpis[t].id];
                    let mut at = i;
                    while at != f {
                        path.push(m.kpis[at].id);
                        at = came_from[&at];
                    }
                    path.reverse();
                    return Some(path);
                }
                queue.push_back(p);
            }
        }
        None
    }

    /// Positions of every KPI above `start` in the cascade (not including it).
    pub fn ancestors(&self, start: usize) -> Vec<usize> {
        walk(start, self.parents())
    }

    /// Positions of every KPI below `start` in the cascade (not including it).
    pub fn descendants(&self, start: usize) -> Vec<usize> {
        walk(start, self.children())
    }
}

/// Every node reachable from `start` (excluding it), iteratively, each once.
fn walk(start: usize, next: &Adjacency) -> Vec<usize> {
    let mut out = Vec::new();
    let mut seen = vec![false; next.len()];
    seen[start] = true;
    let mut stack = vec![start];
    while let Some(i) = stack.pop() {
        for &n in &next[i] {
            if !seen[n] {
                seen[n] = true;
                out.push(n);
                stack.push(n);
            }
        }
    }
    out
}

/// The strongly connected components of a graph, sinks first: every component comes
/// after all the components it reaches, so a pass in this order sees a node's
/// successors (outside its own component) before the node. Iterative Tarjan, O(n + m).
#[derive(Debug, Default, Clone)]
pub struct Components {
    /// For each node, the number of its component (its position in the order).
    pub of: Vec<usize>,
    /// Nodes of all components, component after component.
    members: Vec<usize>,
    /// Where each component's nodes start in `members` (one more entry than components).
    starts: Vec<usize>,
}

impl Components {
    pub fn new(edges: &Adjacency) -> Components {
        const UNSEEN: u32 = u32::MAX;
        let n = edges.len();
        // Visit numbers and frames in 32 bits: half the memory traffic of a large model.
        let mut index = vec![UNSEEN; n];
        let mut low = vec![0u32; n];
        let mut on_stack = vec![false; n];
        let mut stack: Vec<u32> = Vec::new();
        // Sized once for the most components there can be (every node its own, as on a
        // chain) rather than grown by doubling: each doubling of a buffer the size of a
        // large model is another large allocation and copy.
        let mut starts = Vec::with_capacity(n + 1);
        starts.push(0);
        let mut out = Components { of: vec![0; n], members: Vec::with_capacity(n), starts };
        let mut next = 0u32;
        // Frames of (node, next edge to look at); one buffer for every root.
        let mut frames: Vec<(u32, u32)> = Vec::new();
        for root in 0..n {
            if index[root] != UNSEEN {
                continue;
            }
            frames.push((root as u32, 0));
            index[root] = next;
            low[root] = next;
            next += 1;
            stack.push(root as u32);
            on_stack[root] = true;
            while let Some(&mut (v, ref mut e)) = frames.last_mut() {
                let v = v as usize;
                if (*e as usize) < edges[v].len() {
                    let w = edges[v][*e as usize];
                    *e += 1;
                    if index[w] == UNSEEN {
                        index[w] = next;
                        low[w] = next;
                        next += 1;
                        stack.push(w as u32);
                        on_stack[w] = true;
                        frames.push((w as u32, 0));
                    } else if on_stack[w] {
                        low[v] = low[v].min(index[w]);
                    }
                } else {
                    frames.pop();
                    if let Some(&(parent, _)) = frames.last() {
                        let parent = parent as usize;
                        low[parent] = low[parent].min(low[v]);
                    }
                    if low[v] == index[v] {
                        let c = out.starts.len() - 1;
                        let from = out.members.len();
                        while let Some(w) = stack.pop() {
                            let w = w as usize;
                            on_stack[w] = false;
                            out.of[w] = c;
                            out.members.push(w);
                            if w == v {
                                break;
                            }
                        }
                        out.members[from..].reverse();
                        out.starts.push(out.members.len());
                    }
                }
            }
        }
        out
    }

    /// Number of components.
    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The nodes of component `c`, in the order the walk met them.
    pub fn members(&self, c: usize) -> &[usize] {
        &self.members[self.starts[c]..self.starts[c + 1]]
    }
}

/// How many KPIs each person owns, in one pass (the people editor's "Owns" column).
pub fn owned_counts(m: &Model) -> HashMap<PersonId, usize> {
    let mut out: HashMap<PersonId, usize> = HashMap::new();
    for k in &m.kpis {
        if let Some(p) = k.owner_person() {
            *out.entry(p).or_default() += 1;
        }
    }
    out
}

/// How many KPIs point at each glossary term, in one pass (the glossary's "used by").
pub fn term_usage(m: &Model) -> HashMap<TermId, usize> {
    let mut out: HashMap<TermId, usize> = HashMap::new();
    for t in m.kpis.iter().filter_map(|k| k.term) {
        *out.entry(t).or_default() += 1;
    }
    out
}

/// How many KPIs each department has, in one pass (the departments editor).
pub fn department_counts(m: &Model) -> HashMap<DeptId, usize> {
    let mut out: HashMap<DeptId, usize> = HashMap::new();
    for d in m.kpis.iter().filter_map(|k| k.department) {
        *out.entry(d).or_default() += 1;
    }
    out
}

/// Every active KPI as a choice: id and "Name (Department)", company KPIs first, then
/// by label. O(n log n) (the dependencies editor's pickers).
pub fn kpi_choices(m: &Model) -> Vec<(KpiId, String)> {
    let departments: HashMap<DeptId, &str> = m.departments.iter().map(|d| (d.id, d.name.as_str())).collect();
    let mut v: Vec<(Level, String, KpiId)> = m
        .kpis
        .iter()
        .filter(|k| k.is_active())
        .map(|k| {
            let place = match k.department {
                None => "Company".to_string(),
                Some(d) => departments.get(&d).map_or_else(|| d.to_string(), |n| n.to_string()),
            };
            (k.level, format!("{} ({place})", k.name), k.id)
        })
        .collect();
    crate::order::sort_by(&mut v, |a, b| (a.0 as u8, &a.1).cmp(&(b.0 as u8, &b.1)));
    v.into_iter().map(|(_, label, id)| (id, label)).collect()
}

/// The reporting line, computed once: who reports to whom, directly or not, answered
/// in constant time (a person cannot be managed by anyone who reports to them). O(P).
#[derive(Debug, Default)]
pub struct Reporting {
    pos: HashMap<PersonId, usize>,
    /// Per person: when a depth-first walk down the reporting line enters and leaves
    /// them; everyone who reports to them is entered in between. `None` for people in
    /// a loop of managers (only possible in a crafted file).
    span: Vec<Option<(usize, usize)>>,
}

impl Reporting {
    pub fn new(m: &Model) -> Reporting {
        let pos: HashMap<PersonId, usize> = m.people.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
        let n = m.people.len();
        let manager: Vec<Option<usize>> =
            m.people.iter().map(|p| p.manager.and_then(|x| pos.get(&x).copied())).collect();
        let edges: Vec<(usize, usize)> =
            manager.iter().enumerate().filter_map(|(i, mg)| mg.map(|mg| (mg, i))).collect();
        let reports = Adjacency::from_edges(n, &edges);
        let mut span = vec![None; n];
        let mut clock = 0;
        for root in (0..n).filter(|&i| manager[i].is_none()) {
            let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
            let mut enter = vec![(root, clock)];
            clock += 1;
            while let Some(&mut (v, ref mut e)) = stack.last_mut() {
                if let Some(&w) = reports[v].get(*e) {
                    *e += 1;
                    stack.push((w, 0));
                    enter.push((w, clock));
                    clock += 1;
                } else {
                    stack.pop();
                    if let Some((who, at)) = enter.pop() {
                        span[who] = Some((at, clock));
                    }
                }
            }
        }
        Reporting { pos, span }
    }

    /// Whether `person` reports to `manager`, directly or through others (or is them).
    pub fn reports_to(&self, person: PersonId, manager: PersonId) -> bool {
        let span = |p: PersonId| self.pos.get(&p).and_then(|&i| self.span[i]);
        match (span(person), span(manager)) {
            (Some((a, _)), Some((from, to))) => from <= a && a < to,
            _ => person == manager,
        }
    }

    /// Whether `manager` may be set as `person`'s manager without a loop.
    pub fn can_manage(&self, manager: PersonId, person: PersonId) -> bool {
        manager != person
            && self.pos.contains_key(&manager)
            && self.span(manager).is_some()
            && !self.reports_to(manager, person)
    }

    fn span(&self, p: PersonId) -> Option<(usize, usize)> {
        self.pos.get(&p).and_then(|&i| self.span[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: u32, manager: Option<u32>) -> Person {
        Person {
            id: PersonId(id),
            name: format!("P{id}"),
            role: String::new(),
            department: None,
            manager: manager.map(PersonId),
        }
    }

    #[test]
    fn the_reporting_line_answers_who_may_manage_whom() {
        // 1 <- 2 <- 3, 1 <- 4; 5 alone; 6 <-> 7 a loop from a crafted file.
        let people = vec![
            person(1, None),
            person(2, Some(1)),
            person(3, Some(2)),
            person(4, Some(1)),
            person(5, None),
            person(6, Some(7)),
            person(7, Some(6)),
        ];
        let m = Model { people, ..Model::default() };
        let r = Reporting::new(&m);
        let cases = [(3, 1, true), (1, 3, false), (4, 2, false), (5, 1, false), (3, 3, true)];
        for (who, to, want) in cases {
            assert_eq!(r.reports_to(PersonId(who), PersonId(to)), want, "{who} reports to {to}");
        }
        // 3 cannot manage 1 (1 is above 3); 5 can manage anyone; nobody in the loop.
        assert!(!r.can_manage(PersonId(3), PersonId(1)));
        assert!(r.can_manage(PersonId(1), PersonId(5)) && r.can_manage(PersonId(5), PersonId(2)));
        assert!(!r.can_manage(PersonId(6), PersonId(1)) && !r.can_manage(PersonId(2), PersonId(2)));
    }

    #[test]
    fn a_ten_thousand_deep_reporting_line_is_answered_without_overflow() {
        let m = Model {
            people: (1..=10_000).map(|i| person(i, (i > 1).then_some(i - 1))).collect(),
            ..Model::default()
        };
        let r = Reporting::new(&m);
        assert!(r.reports_to(PersonId(10_000), PersonId(1)));
        assert!(!r.can_manage(PersonId(10_000), PersonId(1)) && r.can_manage(PersonId(1), PersonId(10_000)));
    }

    #[test]
    fn counts_for_the_editors_come_from_one_pass() {
        let mut m = Model::default();
        m.departments.push(Department { id: DeptId(1), name: "Sales".into(), head: None });
        for i in 1..=4 {
            let mut k =
                Kpi::new(KpiId(i), format!("K{i}"), if i == 1 { Level::Company } else { Level::Department });
            k.owner = Some(Owner::Person(PersonId(i % 2)));
            k.term = (i > 2).then_some(TermId(9));
            k.department = (i > 1).then_some(DeptId(1));
            m.kpis.push(k);
        }
        assert_eq!(owned_counts(&m)[&PersonId(0)], 2);
        assert_eq!(term_usage(&m)[&TermId(9)], 2);
        assert_eq!(department_counts(&m)[&DeptId(1)], 3);
        let labels: Vec<String> = kpi_choices(&m).into_iter().map(|(_, l)| l).collect();
        assert_eq!(labels, ["K1 (Company)", "K2 (Sales)", "K3 (Sales)", "K4 (Sales)"]);
        let idx = Index::new(&m);
        assert_eq!(idx.kpi_name(&m, KpiId(3)), "K3");
        m.links = vec![Link::new(KpiId(4), KpiId(2), ""), Link::new(KpiId(2), KpiId(1), "")];
        let idx = Index::new(&m);
        assert_eq!(idx.path_up(&m, KpiId(4), KpiId(1)), path_up(&m, KpiId(4), KpiId(1)));
        assert_eq!(idx.path_up(&m, KpiId(4), KpiId(1)), Some(vec![KpiId(2), KpiId(1)]));
        assert_eq!(idx.path_up(&m, KpiId(1), KpiId(4)), None);
    }
}
