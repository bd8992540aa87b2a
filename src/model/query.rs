//! Read-only questions about a model: look-ups by id, names for messages, and graph
//! walks over the cascade and the dependencies.
//!
//! Every walk is iterative with an explicit stack or queue: the WebAssembly stack is
//! 1 MiB, and a chain of 10,000 dependencies must not overflow it. [`Index`] precomputes
//! id -> position maps and the cascade's adjacency once, for code that asks many
//! questions of the same model (the checks, the board).

use std::collections::{HashMap, HashSet, VecDeque};

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

/// Id -> position. Ids are usually dense (1..=n), so a plain vector is the fast path;
/// sparse ids (possible in imported files) fall back to a hash map.
#[derive(Debug)]
enum Positions {
    Dense(Vec<u32>),
    Sparse(HashMap<u32, usize>),
}

impl Default for Positions {
    fn default() -> Self {
        Positions::Dense(Vec::new())
    }
}

impl Positions {
    const NONE: u32 = u32::MAX;

    fn new(ids: impl ExactSizeIterator<Item = u32> + Clone) -> Positions {
        let n = ids.len();
        let max = ids.clone().max().unwrap_or(0) as usize;
        if max <= n.saturating_mul(4) + 64 {
            let mut v = vec![Self::NONE; max + 1];
            for (i, id) in ids.enumerate() {
                v[id as usize] = i as u32;
            }
            Positions::Dense(v)
        } else {
            Positions::Sparse(ids.enumerate().map(|(i, id)| (id, i)).collect())
        }
    }

    fn get(&self, id: u32) -> Option<usize> {
        match self {
            Positions::Dense(v) => {
                v.get(id as usize).copied().filter(|&i| i != Self::NONE).map(|i| i as usize)
            }
            Positions::Sparse(m) => m.get(&id).copied(),
        }
    }
}

/// A graph's edges as one flat array (compressed sparse rows): `adj[i]` is the slice of
/// `i`'s neighbours. Two allocations however many nodes, instead of one per node.
#[derive(Debug, Default, Clone)]
pub struct Adjacency {
    offsets: Vec<usize>,
    targets: Vec<usize>,
}

impl Adjacency {
    /// From `(from, to)` pairs over nodes `0..n`; neighbours keep the pairs' order.
    pub fn from_edges(n: usize, edges: &[(usize, usize)]) -> Adjacency {
        let mut offsets = vec![0; n + 1];
        for &(from, _) in edges {
            offsets[from + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets.clone();
        let mut targets = vec![0; edges.len()];
        for &(from, to) in edges {
            targets[fill[from]] = to;
            fill[from] += 1;
        }
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
    person_pos: HashMap<PersonId, usize>,
    dept_pos: HashMap<DeptId, usize>,
    term_pos: HashMap<TermId, usize>,
    /// For each KPI position, the positions of its parents (links child -> parent).
    pub parents: Adjacency,
    /// For each KPI position, the positions of its children.
    pub children: Adjacency,
}

impl Index {
    pub fn new(m: &Model) -> Index {
        let kpi_pos = Positions::new(m.kpis.iter().map(|k| k.id.0));
        let up: Vec<(usize, usize)> = m
            .links
            .iter()
            .filter_map(|l| Some((kpi_pos.get(l.child.0)?, kpi_pos.get(l.parent.0)?)))
            .collect();
        let down: Vec<(usize, usize)> = up.iter().map(|&(c, p)| (p, c)).collect();
        let n = m.kpis.len();
        let (parents, children) = (Adjacency::from_edges(n, &up), Adjacency::from_edges(n, &down));
        Index {
            person_pos: m.people.iter().enumerate().map(|(i, p)| (p.id, i)).collect(),
            dept_pos: m.departments.iter().enumerate().map(|(i, d)| (d.id, i)).collect(),
            term_pos: m.glossary.iter().enumerate().map(|(i, t)| (t.id, i)).collect(),
            kpi_pos,
            parents,
            children,
        }
    }

    pub fn kpi_pos(&self, id: KpiId) -> Option<usize> {
        self.kpi_pos.get(id.0)
    }

    pub fn kpi<'m>(&self, m: &'m Model, id: KpiId) -> Option<&'m Kpi> {
        self.kpi_pos(id).and_then(|i| m.kpis.get(i))
    }

    pub fn person<'m>(&self, m: &'m Model, id: PersonId) -> Option<&'m Person> {
        self.person_pos.get(&id).and_then(|&i| m.people.get(i))
    }

    pub fn department<'m>(&self, m: &'m Model, id: DeptId) -> Option<&'m Department> {
        self.dept_pos.get(&id).and_then(|&i| m.departments.get(i))
    }

    pub fn term<'m>(&self, m: &'m Model, id: TermId) -> Option<&'m Term> {
        self.term_pos.get(&id).and_then(|&i| m.glossary.get(i))
    }

    /// Positions of every KPI above `start` in the cascade (not including it).
    pub fn ancestors(&self, start: usize) -> Vec<usize> {
        walk(start, &self.parents)
    }

    /// Positions of every KPI below `start` in the cascade (not including it).
    pub fn descendants(&self, start: usize) -> Vec<usize> {
        walk(start, &self.children)
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
