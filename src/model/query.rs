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

/// Positions and adjacency of a model, computed once.
#[derive(Debug, Default)]
pub struct Index {
    kpi_pos: HashMap<KpiId, usize>,
    person_pos: HashMap<PersonId, usize>,
    dept_pos: HashMap<DeptId, usize>,
    term_pos: HashMap<TermId, usize>,
    /// For each KPI position, the positions of its parents (links child -> parent).
    pub parents: Vec<Vec<usize>>,
    /// For each KPI position, the positions of its children.
    pub children: Vec<Vec<usize>>,
}

impl Index {
    pub fn new(m: &Model) -> Index {
        let kpi_pos: HashMap<KpiId, usize> = m.kpis.iter().enumerate().map(|(i, k)| (k.id, i)).collect();
        let mut parents = vec![Vec::new(); m.kpis.len()];
        let mut children = vec![Vec::new(); m.kpis.len()];
        for l in &m.links {
            if let (Some(&c), Some(&p)) = (kpi_pos.get(&l.child), kpi_pos.get(&l.parent)) {
                parents[c].push(p);
                children[p].push(c);
            }
        }
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
        self.kpi_pos.get(&id).copied()
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
        walk(start, |i| &self.parents[i])
    }

    /// Positions of every KPI below `start` in the cascade (not including it).
    pub fn descendants(&self, start: usize) -> Vec<usize> {
        walk(start, |i| &self.children[i])
    }
}

/// Every node reachable from `start` (excluding it), iteratively, each once.
fn walk<'a>(start: usize, next: impl Fn(usize) -> &'a Vec<usize>) -> Vec<usize> {
    let mut out = Vec::new();
    let mut seen = HashSet::from([start]);
    let mut stack = vec![start];
    while let Some(i) = stack.pop() {
        for &n in next(i) {
            if seen.insert(n) {
                out.push(n);
                stack.push(n);
            }
        }
    }
    out
}
