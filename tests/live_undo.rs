//! Undo in a live room takes back only this copy's own edits: a colleague's change to
//! another field of the same KPI, or a value they wrote later, stays as they left it.

use interlock::crdt::{OwnEdits, Replica};
use interlock::model::*;

fn today() -> Date {
    Date::from_ymd(2026, 3, 18).unwrap()
}

fn kpi(m: &Model, id: u32) -> &Kpi {
    m.kpis.iter().find(|k| k.id == KpiId(id)).unwrap()
}

fn kpi_mut(m: &mut Model, id: u32) -> &mut Kpi {
    m.kpis.iter_mut().find(|k| k.id == KpiId(id)).unwrap()
}

/// Two browsers in one room, each with its copy and the model it shows.
struct Pair {
    copies: [Replica; 2],
    own: [OwnEdits; 2],
    models: [Model; 2],
}

impl Pair {
    fn new() -> Pair {
        let model = interlock::templates::by_id("retail").unwrap().build(today());
        let first = Replica::start(1, &model);
        let mut a = first.fork(10);
        let mut b = first.fork(11);
        let models = [a.read().0, b.read().0];
        let own = [OwnEdits::track(&mut a), OwnEdits::track(&mut b)];
        Pair { copies: [a, b], own, models }
    }

    /// Copy `i` changes its model and records the change as its own.
    fn edit(&mut self, i: usize, label: &str, change: impl FnOnce(&mut Model)) {
        change(&mut self.models[i]);
        assert!(
            self.own[i].record(&mut self.copies[i], &self.models[i], label),
            "{label} changed the document"
        );
    }

    /// Both copies take what the other has, as the room passes it on.
    fn exchange(&mut self) {
        let [a, b] = &mut self.copies;
        let to_b = a.changes_since(&b.state_vector());
        let to_a = b.changes_since(&a.state_vector());
        b.receive(&to_b).unwrap();
        a.receive(&to_a).unwrap();
        self.models = [a.read().0, b.read().0];
    }

    fn undo(&mut self, i: usize) -> Option<String> {
        let (label, model) = self.own[i].undo(&mut self.copies[i])?;
        self.models[i] = model;
        Some(label)
    }

    fn redo(&mut self, i: usize) -> Option<String> {
        let (label, model) = self.own[i].redo(&mut self.copies[i])?;
        self.models[i] = model;
        Some(label)
    }
}

#[test]
fn undo_takes_back_my_field_and_keeps_a_colleagues_change_to_another_field_of_that_kpi() {
    let mut p = Pair::new();
    let name = kpi(&p.models[0], 1).name.clone();
    p.edit(0, "Rename KPI", |m| kpi_mut(m, 1).name = "Revenue (net)".into());
    p.edit(1, "Describe KPI", |m| kpi_mut(m, 1).description = "Net of returns".into());
    p.exchange();
    assert_eq!(kpi(&p.models[0], 1).name, "Revenue (net)");
    assert_eq!(kpi(&p.models[0], 1).description, "Net of returns");

    assert_eq!(p.own[0].labels(), (Some("Rename KPI"), None));
    assert_eq!(p.undo(0).as_deref(), Some("Rename KPI"));
    let undone = kpi(&p.models[0], 1);
    assert_eq!(undone.name, name, "my rename is taken back");
    assert_eq!(undone.description, "Net of returns", "the colleague's description stays");
    assert_eq!(p.own[0].labels(), (None, Some("Rename KPI")));

    // The undo reaches the colleague like any edit, and their own undo stays theirs.
    p.exchange();
    assert_eq!(kpi(&p.models[1], 1).name, name);
    assert_eq!(p.own[1].labels(), (Some("Describe KPI"), None));
    assert_eq!(p.undo(1).as_deref(), Some("Describe KPI"));
    p.exchange();
    assert_eq!(p.models[0], p.models[1], "both copies show the same model");
    assert_eq!(
        kpi(&p.models[0], 1).description,
        kpi(&interlock::templates::by_id("retail").unwrap().build(today()), 1).description
    );
}

#[test]
fn a_colleagues_edits_are_not_mine_to_undo() {
    let mut p = Pair::new();
    p.edit(1, "Rename KPI", |m| kpi_mut(m, 2).name = "Theirs".into());
    p.exchange();
    assert_eq!(p.own[0].labels(), (None, None));
    assert_eq!(p.undo(0), None, "nothing of mine to undo");
    assert_eq!(kpi(&p.models[0], 2).name, "Theirs");
}

#[test]
fn a_value_a_colleague_wrote_after_mine_is_never_replaced_by_my_undo() {
    let mut p = Pair::new();
    p.edit(0, "Describe KPI", |m| kpi_mut(m, 3).description = "Mine".into());
    p.exchange();
    p.edit(1, "Describe KPI", |m| kpi_mut(m, 3).description = "Theirs, later".into());
    p.edit(0, "Rename KPI", |m| kpi_mut(m, 4).name = "Basket".into());
    p.exchange();
    assert_eq!(p.undo(0).as_deref(), Some("Rename KPI"));
    // My description was overwritten: that step has nothing left to take back.
    assert_eq!(p.undo(0), None);
    assert_eq!(kpi(&p.models[0], 3).description, "Theirs, later");
    assert_eq!(p.own[0].labels().0, None);
}

#[test]
fn redo_puts_back_and_a_new_edit_ends_the_redo() {
    let mut p = Pair::new();
    let before = p.models[0].clone();
    p.edit(0, "Rename KPI", |m| kpi_mut(m, 1).name = "One".into());
    p.edit(0, "Rename KPI again", |m| kpi_mut(m, 1).name = "Two".into());
    assert_eq!(p.undo(0).as_deref(), Some("Rename KPI again"));
    assert_eq!(kpi(&p.models[0], 1).name, "One");
    assert_eq!(p.undo(0).as_deref(), Some("Rename KPI"));
    assert_eq!(p.models[0], before, "undoing everything gives back the model as it was");
    assert_eq!(p.redo(0).as_deref(), Some("Rename KPI"));
    assert_eq!(kpi(&p.models[0], 1).name, "One");
    assert_eq!(p.own[0].labels(), (Some("Rename KPI"), Some("Rename KPI again")));
    p.edit(0, "Describe KPI", |m| kpi_mut(m, 1).description = "New".into());
    assert_eq!(p.own[0].labels(), (Some("Describe KPI"), None), "a new edit ends the redo");
    assert_eq!(p.redo(0), None);
}

#[test]
fn undoing_a_kpi_i_added_removes_it_everywhere_and_redo_brings_it_back() {
    let mut p = Pair::new();
    let mut new = kpi(&p.models[0], 1).clone();
    new.id = p.models[0].next_kpi_id();
    new.name = "Added live".into();
    p.edit(0, "Add KPI", |m| m.kpis.push(new.clone()));
    p.exchange();
    assert!(p.models[1].kpis.iter().any(|k| k.name == "Added live"));
    assert_eq!(p.undo(0).as_deref(), Some("Add KPI"));
    p.exchange();
    assert!(p.models.iter().all(|m| m.kpis.iter().all(|k| k.name != "Added live")));
    assert_eq!(p.redo(0).as_deref(), Some("Add KPI"));
    p.exchange();
    assert!(p.models.iter().all(|m| m.kpis.iter().any(|k| k.name == "Added live")));
}
