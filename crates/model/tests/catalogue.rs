use hilens_model::catalogue::{Segment, ALL};
use hilens_model::{match_operation, Method, Operation};

#[test]
fn the_catalogue_has_the_58_sdk_operations_with_unique_names() {
    assert_eq!(ALL.len(), 58);
    let mut names: Vec<&str> = ALL.iter().map(|op| op.name).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 58);
    for extra in ["start_and_stop_deployment", "update_node_cert", "set_default_order_form"] {
        assert!(Operation::by_name(extra).is_some(), "{extra}");
    }
}

#[test]
fn every_path_template_parses() {
    for op in ALL {
        assert!(op.path.starts_with("/v"), "{}", op.path);
        for seg in op.segments() {
            match seg {
                Segment::Literal(l) => {
                    assert!(!l.is_empty() && !l.contains(['{', '}']), "{}: {l}", op.path);
                }
                Segment::Param(p) => {
                    assert!(p.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{}: {p}", op.path)
                }
            }
        }
        let params = op.path_params();
        let mut unique = params.clone();
        unique.dedup();
        assert_eq!(params, unique, "{}", op.path);
    }
}

#[test]
fn every_operation_matches_its_own_filled_template() {
    for op in ALL {
        let params: Vec<(&str, String)> = op.path_params().into_iter().map(|p| (p, format!("v-{p}"))).collect();
        let borrowed: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let path = op.build_path(&borrowed);
        let m = match_operation(op.method, &path).unwrap_or_else(|| panic!("{path}"));
        assert_eq!(m.operation.name, op.name, "{path}");
        for (k, v) in &params {
            assert_eq!(m.param(k), Some(v.as_str()));
        }
    }
}

#[test]
fn matching_is_exact() {
    let p = "/v1/skill-market/skills";
    assert_eq!(match_operation(Method::Get, p).unwrap().operation.name, "show_skill_list");
    let detail = match_operation(Method::Get, "/v1/skill-market/skills/abc%20d").unwrap();
    assert_eq!((detail.operation.name, detail.param("skill_id")), ("show_skill_info", Some("abc d")));
    for bad in [
        "/v1/skill-market/skills/",
        "/v1/skill-market/skills/..",
        "/v1/skill-market/skills/.",
        "/v1/skill-market/skills/%2e%2e",
        "/v1/skill-market/skills/a/b",
        "/v1/skill-market/skills/a%2Fb",
        "/v1/skill-market/skills/a%5Cb",
        "/v1/skill-market/skills/a%0Ab",
        "/v1/skill-market/skills/%zz",
        "/v1/skill-market//skills",
        "/v1/skill-market/skills/x/../../../etc",
        "/v9/skill-market/skills",
        "/api/v1/skill-market/skills",
        "v1/skill-market/skills",
        "/",
        "",
    ] {
        assert!(match_operation(Method::Get, bad).is_none(), "{bad}");
    }
    assert!(match_operation(Method::Delete, p).is_none());
}

#[test]
fn literal_segments_win_over_parameters() {
    let m = match_operation(Method::Get, "/v3/p1/ai-mgr/nodes/n1").unwrap();
    assert_eq!(m.operation.name, "show_node");
    let m = match_operation(Method::Get, "/v3/p1/ai-mgr/nodes/tags").unwrap();
    assert_eq!(m.operation.name, "show_node");
    let m = match_operation(Method::Get, "/v3/p1/tag-mgr/nodes/tags").unwrap();
    assert_eq!(m.operation.name, "list_resource_tags");
    let m = match_operation(Method::Delete, "/v3/p1/ai-mgr/deployments/d1/pod1").unwrap();
    assert_eq!(m.operation.name, "delete_pod");
    assert!(m.operation.is_project_scoped());
    assert!(!Operation::by_name("show_skill_list").unwrap().is_project_scoped());
}

/// The catalogue is the SDK's: compared line by line with shared/sdk/operations.tsv when it is
/// beside the checkout (it is for developers and CI).
#[test]
fn the_catalogue_equals_the_sdk_operations_file() {
    let tsv = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/sdk/operations.tsv");
    let Ok(text) = std::fs::read_to_string(&tsv) else {
        // CI always has shared/ beside the clone: there a missing file is a failure.
        assert!(std::env::var_os("CI").is_none(), "{} is missing", tsv.display());
        eprintln!("skipped: {} is not there", tsv.display());
        return;
    };
    let mut rows = 0;
    for line in text.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let op = Operation::by_name(cols[1]).unwrap_or_else(|| panic!("missing {}", cols[1]));
        assert_eq!(op.method.as_str(), cols[3], "{}", cols[1]);
        assert_eq!(op.path, cols[4], "{}", cols[1]);
        let query: Vec<&str> = op.query.iter().map(|p| p.name).collect();
        let tsv_query: Vec<&str> =
            cols[7].split(';').filter(|s| !s.is_empty()).map(|p| p.split(':').next().unwrap()).collect();
        assert_eq!(query, tsv_query, "{}", cols[1]);
        rows += 1;
    }
    assert_eq!(rows, 58);
}

#[test]
fn every_operation_id_finds_its_own_entry() {
    for (i, op) in ALL.iter().enumerate() {
        assert_eq!(op.id as usize, i, "{}", op.name);
        assert_eq!(Operation::get(op.id).name, op.name);
        assert_eq!(op.id.name(), op.name);
    }
}
