//! Live rooms through a relay that behaves as a Yjs sync server does (it keeps the
//! room's document, answers a newcomer's step 1 and sends its own, and passes every
//! update on to the others): concurrent edits converge, edits made offline arrive on
//! reconnecting, and whatever a hostile server sends is refused without changing the
//! local copy.

use interlock::crdt::Replica;
use interlock::live::sync::{self, SyncError, MAX_FRAME};
use interlock::model::*;
use yrs::StateVector;

fn today() -> Date {
    Date::from_ymd(2026, 3, 18).unwrap()
}

/// One browser: its copy, its model and what it has sent so far.
struct Client {
    replica: Replica,
    model: Model,
    sent: StateVector,
    online: bool,
}

struct Room {
    server: Replica,
    clients: Vec<Client>,
}

impl Room {
    fn new(n: u64) -> Room {
        let model = interlock::templates::by_id("retail").unwrap().build(today());
        let first = Replica::start(1, &model);
        let server = first.fork(1_000);
        let clients = (0..n)
            .map(|i| {
                let mut replica = first.fork(10 + i);
                let (model, _) = replica.read();
                Client { sent: replica.state_vector(), replica, model, online: false }
            })
            .collect();
        let mut room = Room { server, clients };
        for i in 0..n as usize {
            room.connect(i);
        }
        room
    }

    /// The handshake: each side's step 1, answered by the other's step 2.
    fn connect(&mut self, i: usize) {
        self.clients[i].online = true;
        let hello = sync::hello(&self.clients[i].replica);
        let answer = sync::receive(&mut self.server, &hello).unwrap();
        for reply in answer.replies {
            self.deliver(i, &reply);
        }
        let server_hello = sync::hello(&self.server);
        let c = &mut self.clients[i];
        let got = sync::receive(&mut c.replica, &server_hello).unwrap();
        for reply in got.replies {
            // The server takes what this copy made offline and passes it on.
            self.server_takes(i, &reply);
        }
        let c = &mut self.clients[i];
        c.sent = c.replica.state_vector();
    }

    fn deliver(&mut self, i: usize, frame: &[u8]) {
        let c = &mut self.clients[i];
        let got = sync::receive(&mut c.replica, frame).unwrap();
        if got.changed {
            c.model = c.replica.read().0;
        }
    }

    fn server_takes(&mut self, from: usize, frame: &[u8]) {
        let before = self.server.state_vector();
        let got = sync::receive(&mut self.server, frame).unwrap();
        assert!(got.replies.is_empty());
        // What changed the room goes to everyone else as an update (y-websocket's
        // server broadcasts its document's updates).
        let Some(relay) = sync::changes(&self.server, &before) else { return };
        for j in 0..self.clients.len() {
            if j != from && self.clients[j].online {
                self.deliver(j, &relay);
            }
        }
    }

    /// A local edit: the model changes, the copy records it and, online, sends it.
    fn edit(&mut self, i: usize, change: impl FnOnce(&mut Model)) {
        let c = &mut self.clients[i];
        change(&mut c.model);
        assert!(c.replica.record(&c.model));
        if c.online {
            let frame = sync::changes(&c.replica, &c.sent).expect("something to send");
            c.sent = c.replica.state_vector();
            self.server_takes(i, &frame);
        }
    }

    fn models(&mut self) -> Vec<Model> {
        self.clients.iter_mut().map(|c| c.replica.read().0).collect()
    }
}

fn kpi_mut(m: &mut Model, id: u32) -> &mut Kpi {
    m.kpis.iter_mut().find(|k| k.id == KpiId(id)).unwrap()
}

#[test]
fn three_copies_editing_different_kpis_and_the_same_field_end_with_one_model() {
    let mut room = Room::new(3);
    room.edit(0, |m| kpi_mut(m, 1).name = "Revenue growth (YoY)".into());
    room.edit(1, |m| kpi_mut(m, 2).description = "Margin after returns".into());
    // The same field in two copies at once: both offline for the moment.
    room.clients[1].online = false;
    room.clients[2].online = false;
    room.edit(1, |m| kpi_mut(m, 3).name = "Retention (B)".into());
    room.edit(2, |m| kpi_mut(m, 3).name = "Retention (C)".into());
    room.connect(1);
    room.connect(2);
    // Each copy has caught up with the others' live edits too.
    let models = room.models();
    assert_eq!(models[0], models[1]);
    assert_eq!(models[1], models[2]);
    let m = &models[0];
    assert_eq!(query::kpi(m, KpiId(1)).unwrap().name, "Revenue growth (YoY)");
    assert_eq!(query::kpi(m, KpiId(2)).unwrap().description, "Margin after returns");
    let settled = &query::kpi(m, KpiId(3)).unwrap().name;
    assert!(settled == "Retention (B)" || settled == "Retention (C)", "{settled}");
    // Live edits reached the others' open models, not only their documents.
    assert_eq!(query::kpi(&room.clients[2].model, KpiId(1)).unwrap().name, "Revenue growth (YoY)");
}

#[test]
fn edits_made_while_the_server_was_away_arrive_when_it_is_back() {
    let mut room = Room::new(2);
    for c in &mut room.clients {
        c.online = false;
    }
    let last = room.clients[0].model.kpis[0].measurements.last().map_or(today(), |a| a.date);
    let (one, two) = (last.add_days(1), last.add_days(2));
    room.edit(0, |m| m.kpis[0].measurements.push(Measurement { date: two, value: 19.5 }));
    room.edit(1, |m| m.kpis[0].measurements.push(Measurement { date: one, value: 18.0 }));
    room.edit(1, |m| kpi_mut(m, 4).name = "Basket size".into());
    room.connect(0);
    room.connect(1);
    room.connect(0);
    let models = room.models();
    assert_eq!(models[0], models[1]);
    let k = &models[0].kpis[0];
    let tail: Vec<(Date, f64)> =
        k.measurements.iter().rev().take(2).rev().map(|a| (a.date, a.value)).collect();
    assert_eq!(tail, [(one, 18.0), (two, 19.5)], "both actuals, in date order");
    assert_eq!(query::kpi(&models[0], KpiId(4)).unwrap().name, "Basket size");
}

#[test]
fn a_hostile_server_is_refused_with_what_was_wrong_and_the_copy_is_unchanged() {
    let model = interlock::templates::by_id("retail").unwrap().build(today());
    let mut r = Replica::start(1, &model);
    let before = r.state();
    let huge = vec![0u8; MAX_FRAME + 1];
    assert_eq!(sync::receive(&mut r, &huge), Err(SyncError::TooLarge { bytes: MAX_FRAME + 1 }));
    // A sync message with an unknown kind, an update that is not one, a length far past
    // the frame's end.
    let cases: [&[u8]; 3] =
        [&[0, 9, 1, 2], &[0, 2, 3, 0xff, 0xff, 0xff], &[0, 2, 0xff, 0xff, 0xff, 0xff, 0x0f, 1]];
    for frame in cases {
        match sync::receive(&mut r, frame) {
            Err(SyncError::Garbled(_)) | Err(SyncError::Damaged(_)) | Ok(_) => {}
            other => panic!("{frame:?}: {other:?}"),
        }
    }
    assert!(matches!(sync::receive(&mut r, &[0, 9, 1, 2]), Err(SyncError::Garbled(_))));
    assert!(matches!(sync::receive(&mut r, &[0, 2, 3, 0xff, 0xff, 0xff]), Err(SyncError::Damaged(_))));
    // The server's refusal is shown in its words, cut short.
    let mut denied = vec![2, 0];
    let reason = "x".repeat(5_000);
    denied.push(0x88);
    denied.push(0x27);
    denied.extend_from_slice(reason.as_bytes());
    match sync::receive(&mut r, &denied) {
        Err(SyncError::Denied(text)) => assert!(text.len() <= 200, "{}", text.len()),
        other => panic!("{other:?}"),
    }
    assert_eq!(r.state(), before, "nothing taken in");
}

#[test]
fn random_frames_never_panic() {
    let model = interlock::templates::by_id("retail").unwrap().build(today());
    let mut r = Replica::start(1, &model);
    // A fixed linear congruential sequence: the same frames every run.
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    for len in 0..2_000usize {
        let frame: Vec<u8> = (0..len % 97)
            .map(|_| {
                x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                (x >> 56) as u8
            })
            .collect();
        let _ = sync::receive(&mut r, &frame);
    }
}

mod hocuspocus_framing {
    use super::*;
    use interlock::live::hocuspocus::{self, Incoming};

    const DOC: &str = "0123456789abcdef0123456789abcdef";

    fn string(out: &mut Vec<u8>, s: &str) {
        assert!(s.len() < 128);
        out.push(s.len() as u8);
        out.extend_from_slice(s.as_bytes());
    }

    fn retail(client: u64) -> Replica {
        Replica::start(client, &interlock::templates::by_id("retail").unwrap().build(today()))
    }

    #[test]
    fn opening_sends_the_secret_then_step_1_each_named_for_the_room() {
        let r = retail(1);
        let frames = hocuspocus::open(DOC, "s3cret", &r);
        let mut auth = Vec::new();
        string(&mut auth, DOC);
        auth.extend_from_slice(&[2, 0]);
        string(&mut auth, "s3cret");
        assert_eq!(frames[0], auth);
        assert_eq!(frames[1], hocuspocus::frame(DOC, &sync::hello(&r)));
        assert!(frames[1].starts_with(&[32]) && frames[1][33] == 0, "name, then a sync message");
    }

    #[test]
    fn the_servers_step_1_is_answered_in_the_rooms_frame_and_its_update_taken_in() {
        let mut mine = retail(1);
        let mut theirs = mine.fork(2);
        let (mut model, _) = theirs.read();
        model.kpis[0].name = "Changed over there".into();
        let seen = theirs.state_vector();
        theirs.record(&model);

        let got =
            hocuspocus::receive(&mut mine, DOC, &hocuspocus::frame(DOC, &sync::hello(&theirs))).unwrap();
        assert_eq!(got.received.replies.len(), 1);
        assert!(got.received.replies[0].starts_with(&hocuspocus::frame(DOC, &[])));

        let update = sync::changes(&theirs, &seen).unwrap();
        let got = hocuspocus::receive(&mut mine, DOC, &hocuspocus::frame(DOC, &update)).unwrap();
        assert!(got.received.changed);
        assert_eq!(mine.read().0.kpis[0].name, "Changed over there");
        // The same update for another room changes nothing here.
        let mut other = retail(1);
        let got = hocuspocus::receive(&mut other, "another", &hocuspocus::frame(DOC, &update)).unwrap();
        assert_eq!(got, Incoming::default());
    }

    #[test]
    fn the_server_says_who_may_in_and_when_it_closes_and_pings_are_answered() {
        let mut r = retail(1);
        let mut granted = Vec::new();
        string(&mut granted, DOC);
        granted.extend_from_slice(&[2, 2]);
        string(&mut granted, "read-write");
        assert_eq!(hocuspocus::receive(&mut r, DOC, &granted).unwrap().authenticated, Some(true));
        let mut readonly = Vec::new();
        string(&mut readonly, DOC);
        readonly.extend_from_slice(&[2, 2]);
        string(&mut readonly, "readonly");
        assert_eq!(hocuspocus::receive(&mut r, DOC, &readonly).unwrap().authenticated, Some(false));

        let mut denied = Vec::new();
        string(&mut denied, DOC);
        denied.extend_from_slice(&[2, 1]);
        string(&mut denied, "permission-denied");
        assert_eq!(
            hocuspocus::receive(&mut r, DOC, &denied).unwrap_err().to_string(),
            "the server refused to let this copy in: permission-denied"
        );
        let mut closed = Vec::new();
        string(&mut closed, DOC);
        closed.push(7);
        string(&mut closed, "Server shutting down");
        assert_eq!(
            hocuspocus::receive(&mut r, DOC, &closed).unwrap_err().to_string(),
            "the server closed the room: Server shutting down"
        );
        assert_eq!(hocuspocus::receive(&mut r, DOC, &[9]).unwrap().replies, [vec![10]]);
    }

    #[test]
    fn garbled_frames_are_refused_or_ignored_and_never_panic() {
        let mut r = retail(1);
        let before = r.state();
        // A name longer than the frame, a number that never ends.
        assert!(matches!(hocuspocus::receive(&mut r, DOC, &[0x7f, b'a']), Err(SyncError::Garbled(_))));
        assert!(matches!(hocuspocus::receive(&mut r, DOC, &[0xff; 20]), Err(SyncError::Garbled(_))));
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for len in 0..3_000usize {
            let mut frame = Vec::new();
            string(&mut frame, DOC);
            for _ in 0..len % 61 {
                x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                frame.push((x >> 56) as u8);
            }
            let _ = hocuspocus::receive(&mut r, DOC, &frame);
        }
        let _ = before;
    }
}
