use super::*;

fn request(body: serde_json::Value) -> RolloutRequest {
    serde_json::from_value(body).unwrap()
}

fn field_of(body: serde_json::Value) -> String {
    request(body).validate().unwrap_err().field
}

#[test]
fn a_request_reads_defaults_and_wave_targets() {
    let r =
        request(serde_json::json!({"deployment_id": "d1", "version": "2.0.0", "waves": [1, "10%", "50", " 100% "]}));
    assert_eq!(r.validate(), Ok(()));
    assert_eq!(
        r.waves,
        [WaveTarget::Count(1), WaveTarget::Percent(10), WaveTarget::Count(50), WaveTarget::Percent(100)]
    );
    assert_eq!((r.max_failures, r.wave_timeout_seconds, r.on_failure.as_str()), (1, 300, "pause"));
    assert_eq!((r.kind(), r.rolls_back()), (KIND_CHANGE, false));
    assert_eq!(serde_json::to_value(&r.waves).unwrap(), serde_json::json!([1, "10%", 50, "100%"]));
    let add = request(serde_json::json!({"deployment_id": "d1", "add_node_ids": ["n1"], "waves": ["100%"]}));
    assert_eq!((add.validate(), add.kind()), (Ok(()), KIND_ADD_DEVICES));
}

#[test]
fn each_broken_rule_names_its_field() {
    use serde_json::json;
    let base = |extra: serde_json::Value| {
        let mut b = json!({"deployment_id": "d1", "version": "2.0.0", "waves": ["100%"]});
        for (k, v) in extra.as_object().unwrap() {
            b[k] = v.clone();
        }
        b
    };
    for (extra, field) in [
        (json!({"deployment_id": ""}), "deployment_id"),
        (json!({"deployment_id": "a/b"}), "deployment_id"),
        (json!({"add_node_ids": ["n1"]}), "add_node_ids"),
        (json!({"add_node_tags": [{"key": "site", "value": "sz"}]}), "add_node_tags"),
        (json!({"version": "2 0"}), "version"),
        (json!({"envs": []}), "envs"),
        (json!({"envs": [{"name": "9X", "value": "1"}]}), "envs[0].name"),
        (json!({"waves": []}), "waves"),
        (json!({"waves": [0, "100%"]}), "waves[0]"),
        (json!({"waves": [1, "101%"]}), "waves[1]"),
        (json!({"waves": [1, "ten%"]}), "waves[1]"),
        (json!({"waves": [1, null]}), "waves[1]"),
        (json!({"waves": vec![1; 21]}), "waves"),
        (json!({"soak_seconds": -1}), "soak_seconds"),
        (json!({"soak_seconds": 86401}), "soak_seconds"),
        (json!({"max_failures": 0}), "max_failures"),
        (json!({"max_failure_percent": 0}), "max_failure_percent"),
        (json!({"wave_timeout_seconds": 0}), "wave_timeout_seconds"),
        (json!({"on_failure": "continue"}), "on_failure"),
    ] {
        assert_eq!(field_of(base(extra.clone())), field, "{extra}");
    }
    assert_eq!(field_of(json!({"deployment_id": "d1", "waves": ["100%"]})), "version", "neither a change nor devices");
    assert_eq!(
        field_of(
            json!({"deployment_id": "d1", "add_node_ids": ["n1"], "add_node_tags": [{"key": "a", "value": "b"}], "waves": [1]})
        ),
        "add_node_tags"
    );
    assert_eq!(field_of(json!({"deployment_id": "d1", "add_node_ids": [], "waves": [1]})), "add_node_ids");
    let err = request(base(json!({"on_failure": "continue"}))).validate().unwrap_err();
    assert!(err.message(crate::Lang::En).contains("pause, rollback"), "{err:?}");
}

#[test]
fn waves_resolve_to_rising_cumulative_ends() {
    let w = |v: serde_json::Value| serde_json::from_value::<Vec<WaveTarget>>(v).unwrap();
    use serde_json::json;
    // The issue's example over 30 devices: 1, 3, 15, 30.
    assert_eq!(resolve_waves(&w(json!([1, "10%", "50%", "100%"])), 30), Ok(vec![1, 3, 15, 30]));
    // Percentages round up; a wave that adds nobody is skipped.
    assert_eq!(resolve_waves(&w(json!(["1%", "2%", "100%"])), 10), Ok(vec![1, 10]));
    assert_eq!(resolve_waves(&w(json!([1, 1, 3])), 3), Ok(vec![1, 3]));
    // A count beyond the devices covers them all.
    assert_eq!(resolve_waves(&w(json!([2, 50])), 4), Ok(vec![2, 4]));
    let err = resolve_waves(&w(json!([5, "10%", "100%"])), 30).unwrap_err();
    assert_eq!((err.field.as_str(), err.rule), ("waves[1]", "order"));
    let err = resolve_waves(&w(json!([1, "50%"])), 30).unwrap_err();
    assert_eq!((err.field.as_str(), err.rule), ("waves[1]", "cover"));
    assert!(err.message(crate::Lang::En).contains("every device (30)"), "{err:?}");

    let devices: Vec<PlannedDevice> =
        (1..=5).map(|i| PlannedDevice { id: format!("n{i}"), name: format!("cam-{i}") }).collect();
    let waves = plan_waves(&w(json!([1, "60%", "100%"])), &devices).unwrap();
    let ids: Vec<Vec<&str>> = waves.iter().map(|w| w.devices.iter().map(|d| d.id.as_str()).collect()).collect();
    assert_eq!(ids, [vec!["n1"], vec!["n2", "n3"], vec!["n4", "n5"]]);
    assert_eq!(waves.iter().map(|w| (w.index, w.target)).collect::<Vec<_>>(), [(1, 1), (2, 3), (3, 5)]);
    assert!(waves.iter().flat_map(|w| &w.devices).all(|d| d.step == DeviceStep::Waiting));
}

#[test]
fn new_names_are_deterministic_and_keep_the_name_rule() {
    assert_eq!(new_deployment_name("gate-cam", 2), "gate-cam-r2");
    assert_eq!(new_deployment_name("gate-cam-r2", 3), "gate-cam-r3");
    assert_eq!(rollout_base_name("gate-cam-r12"), "gate-cam");
    assert_eq!(rollout_base_name("gate-cam-rx"), "gate-cam-rx");
    assert_eq!(rollout_number("gate-cam", "gate-cam-r7"), Some(7));
    assert_eq!(rollout_number("gate-cam", "gate-cam-r"), None);
    assert_eq!(rollout_number("gate-cam", "gate-camera-r7"), None);
    let long = "a234567890-234567890-234567890-2";
    for (old, n) in [(long, 2), ("a-------------------------------", 10), ("r1", 2), ("x", 99999)] {
        let name = new_deployment_name(old, n);
        assert_eq!(check_new_name(&name), Ok(()), "{old} → {name}");
        assert!(name.ends_with(&format!("-r{n}")), "{name}");
    }
    assert_eq!(new_deployment_name(long, 2), "a234567890-234567890-23456789-r2", "cut to 32 characters");
}

#[test]
fn the_gate_counts_failures_in_the_rollout_and_shares_of_the_wave() {
    let s = RolloutSettings { max_failures: 3, max_failure_percent: Some(50), ..RolloutSettings::default() };
    assert_eq!(gate_trips(&s, 0, 0, 4), None);
    assert_eq!(gate_trips(&s, 2, 1, 4), None);
    assert!(gate_trips(&s, 2, 2, 4).unwrap().contains("max_failure_percent 50%"));
    assert!(gate_trips(&s, 3, 0, 4).unwrap().contains("max_failures 3"));
    let default = RolloutSettings { max_failures: 1, ..RolloutSettings::default() };
    assert!(gate_trips(&default, 1, 1, 10).is_some(), "the first failure trips the default gate");
}

#[test]
fn states_allow_what_the_issue_says() {
    use RolloutAction as A;
    use RolloutState as S;
    let f = Direction::Forward;
    assert!(S::Running.allows(f, A::Pause).is_ok());
    assert!(S::Paused.allows(f, A::Resume).is_ok());
    assert!(S::Paused.allows(f, A::Promote).is_ok());
    assert!(S::Paused.allows(Direction::Back, A::Promote).is_err());
    assert!(S::RollingBack.allows(Direction::Back, A::Rollback).is_err());
    for s in [S::Aborted, S::Failed] {
        for a in A::ALL {
            assert_eq!(s.allows(f, a).is_ok(), a == A::Rollback, "{s:?} {a:?}");
        }
        assert!(s.allows(f, A::Resume).unwrap_err().1.contains("only rollback"));
    }
    for s in [S::Succeeded, S::RolledBack] {
        assert!(A::ALL.iter().all(|a| s.allows(f, *a).is_err()), "{s:?} has ended");
        assert!(!s.is_active());
    }
    assert!(S::Running.is_active() && S::Paused.is_active() && S::RollingBack.is_active());
    assert!(!S::Aborted.is_active() && !S::Failed.is_active());
    for s in S::ALL {
        assert_eq!(S::parse(s.name()), Some(s));
        assert_eq!(serde_json::to_value(s).unwrap(), s.name());
    }
    for a in A::ALL {
        assert_eq!(A::parse(a.name()), Some(a));
    }
}

#[test]
fn the_list_query_names_its_broken_rule() {
    use crate::query::Params;
    let pairs = |q: &[(&str, &str)]| q.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>();
    let q =
        RolloutQuery::from_pairs(&pairs(&[("deployment_id", "d1"), ("state", "paused"), ("dry_run", "1")])).unwrap();
    assert!(q.is_dry_run());
    for (k, v) in [("state", "sleeping"), ("limit", "101"), ("dry_run", "yes")] {
        assert_eq!(RolloutQuery::from_pairs(&pairs(&[(k, v)])).unwrap_err().field, k);
    }
}

#[test]
fn waves_typed_as_text_read_as_the_request_has_them() {
    assert_eq!(
        parse_waves("1, 10%,50%  100%"),
        [WaveTarget::Count(1), WaveTarget::Percent(10), WaveTarget::Percent(50), WaveTarget::Percent(100)]
    );
    assert_eq!(parse_waves("1,10% , 100 %"), [WaveTarget::Count(1), WaveTarget::Percent(10), WaveTarget::Percent(100)]);
    assert_eq!(validate_waves_text("waves", "1, 10%, 100%"), Ok(()));
    assert_eq!(validate_waves_text("waves", "").unwrap_err().field, "waves");
    let e = validate_waves_text("waves", "1, 0%, 100%").unwrap_err();
    assert_eq!((e.field.as_str(), e.rule, e.en.as_str()), ("waves[1]", "range", "wave 2: must be from 1% to 100%"));
    assert_eq!(validate_waves_text("waves", "1, half").unwrap_err().rule, "format");
    let many = vec!["1"; MAX_WAVES + 1].join(",");
    assert_eq!(validate_waves_text("waves", &many).unwrap_err().rule, "max_items");
}

#[test]
fn a_holder_reads_the_fields_of_a_whole_rollout() {
    let whole = Rollout {
        id: "ro-1".into(),
        deployment_id: "d1".into(),
        new_deployment_id: Some("d2".into()),
        state: Some(RolloutState::Paused),
        waves: vec![Wave { index: 1, target: 1, ..Wave::default() }],
        ..Rollout::default()
    };
    let json = serde_json::to_string(&RolloutList { total: 1, rollouts: vec![whole] }).unwrap();
    let list: RolloutList<RolloutHolder> = serde_json::from_str(&json).unwrap();
    assert_eq!(
        list.rollouts,
        [RolloutHolder { id: "ro-1".into(), deployment_id: "d1".into(), new_deployment_id: Some("d2".into()) }]
    );
}
