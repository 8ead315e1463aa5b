//! Applying events is total, and only the table's moves are taken: a forged event the table does not
//! allow changes nothing.

use crate::engine::Domain;
use crate::{Event, State};

fn event(value: serde_json::Value) -> Event {
    serde_json::from_value(value).unwrap()
}

#[test]
fn a_forged_move_outside_the_table_changes_nothing() {
    let at = "2022-05-01T09:00:00+08:00".parse().unwrap();
    let mut state = State::default();
    state.apply(
        &event(serde_json::json!({"type":"problemsReported","problems":[{"id":"p1","unit":"430171004001",
            "category":"disputes","severity":"minor","description":"纠纷","sources":[{"kind":"hotline","reference":"1"}]}]})),
        at,
    );
    let before = state.clone();
    // Dispatched without being confirmed; closed without being verified; an unknown problem.
    for forged in [
        serde_json::json!({"type":"problemDispatched","problem":"p1","target":"t1","due":"2022-05-10","by":"x"}),
        serde_json::json!({"type":"problemClosed","problem":"p1","feedback":{"satisfied":true}}),
        serde_json::json!({"type":"problemConfirmed","problem":"p9"}),
    ] {
        state.apply(&event(forged), at);
    }
    assert_eq!(state, before);
}
