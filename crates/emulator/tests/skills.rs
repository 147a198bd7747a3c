//! The emulator over real HTTP on 127.0.0.1, with a real SQLite file. The skill market: filters, paging, detail and versions.

mod common;

use common::*;

#[tokio::test]
async fn each_skill_filter_narrows_the_list_to_matching_skills() {
    let server = Server::start(&temp_db("filters")).await;
    let t = token(&server.base).await;
    let all = list(&server.base, &t, "limit=100").await;
    assert!(all.total >= 200, "seeded market has {} skills", all.total);
    assert_eq!(all.data.len(), 100);

    let by_name = list(&server.base, &t, "skill_name=%E8%A1%8C%E4%BA%BA&limit=100").await; // 行人
    assert!(by_name.total > 0 && by_name.total < all.total);
    assert!(by_name.data.iter().all(|s| s.name.contains("行人")));
    let fuzzy = list(&server.base, &t, "skill_name=detect&limit=100").await;
    assert!(
        fuzzy.total > 0 && fuzzy.data.iter().all(|s| s.name.to_lowercase().contains("detect")),
        "fuzzy and case-insensitive"
    );

    type Holds = fn(&hilens_model::skills::SkillInfo) -> bool;
    let checks: [(&str, Holds); 6] = [
        ("chip=Ascend%20310", |s| s.chip.as_deref() == Some("Ascend 310")),
        ("platform=LiteOS", |s| s.platform.as_deref() == Some("LiteOS")),
        ("charge_model=0", |s| s.charge_model == Some(0)),
        ("type=lite", |s| s.skill_type.as_deref() == Some("lite")),
        ("status=2", |s| s.status == Some(2)),
        ("charge_models=1%202", |s| matches!(s.charge_model, Some(1 | 2))),
    ];
    for (query, holds) in checks {
        let page = list(&server.base, &t, &format!("{query}&limit=100")).await;
        assert!(page.total > 0 && page.total < all.total, "{query}: {}", page.total);
        assert!(page.data.iter().all(holds), "{query}");
    }
    let devices = list(&server.base, &t, "device_types=Atlas_200_DK%20Windows_PC&limit=100").await;
    assert!(devices.total > 0 && devices.total < all.total);
    assert!(devices.data.iter().all(|s| s.device_types.iter().any(|d| d == "Atlas_200_DK" || d == "Windows_PC")));
    let scenes = list(&server.base, &t, "scenes=%E5%B7%A5%E5%9C%B0&limit=100").await; // 工地
    assert!(scenes.total > 0 && scenes.data.iter().all(|s| s.scenes.iter().any(|x| x == "工地")));
    // Filters that are not in the response body still narrow the list and add up.
    let mut sum = 0;
    for form in ["no_template", "support_template"] {
        sum += list(&server.base, &t, &format!("skill_form={form}")).await.total;
    }
    assert_eq!(sum, all.total);
    let mut sum = 0;
    for source in ["hilens", "ma_pro", "studio"] {
        sum += list(&server.base, &t, &format!("template_source={source}")).await.total;
    }
    assert_eq!(sum, all.total);
    let whitelist = list(&server.base, &t, "permission=whitelist").await.total;
    let public = list(&server.base, &t, "permission=public").await.total;
    assert!(whitelist > 0 && whitelist + public == all.total);
    // Filters combine.
    let both = list(&server.base, &t, "chip=Ascend%20310&charge_model=0&limit=100").await;
    assert!(both.data.iter().all(|s| s.chip.as_deref() == Some("Ascend 310") && s.charge_model == Some(0)));
    server.stop().await;
}

#[tokio::test]
async fn paging_defaults_bounds_and_errors() {
    let server = Server::start(&temp_db("paging")).await;
    let t = token(&server.base).await;
    let first = list(&server.base, &t, "").await;
    assert_eq!(first.data.len(), 10, "default limit is 10");
    let second = list(&server.base, &t, "offset=10").await;
    assert_ne!(first.data[0].skill_id, second.data[0].skill_id);
    let wide = list(&server.base, &t, "limit=20").await;
    assert_eq!(wide.data[10].skill_id, second.data[0].skill_id, "offset 10 continues where page 1 stopped");
    let past_end = list(&server.base, &t, &format!("offset={}", first.total)).await;
    assert!(past_end.data.is_empty());
    assert_eq!(list(&server.base, &t, "limit=1").await.data.len(), 1);
    assert_eq!(list(&server.base, &t, "limit=100").await.data.len(), 100);
    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=ten", "limit"),
        ("offset=-1", "offset"),
        ("chip=M1", "chip"),
        ("skill_name=a%3Cb", "skill_name"),
        ("status=9", "status"),
    ] {
        let (status, body) = get(&server.base, &t, &format!("/v1/skill-market/skills?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(body["error_code"], "HIL.0100");
        assert!(body["error_msg"].as_str().unwrap().contains(field), "{query}: {body}");
    }
    server.stop().await;
}

#[tokio::test]
async fn detail_versions_and_unknown_skill() {
    let server = Server::start(&temp_db("detail")).await;
    let t = token(&server.base).await;
    let page = list(&server.base, &t, "limit=100").await;
    let multi = page.data.iter().find(|s| s.version_num.unwrap_or(0) > 1).expect("a skill with several versions");
    let (status, body) = get(&server.base, &t, &format!("/v1/skill-market/skills/{}", multi.skill_id)).await;
    assert_eq!(status, StatusCode::OK);
    let detail: SkillDetail = serde_json::from_value(body).unwrap();
    assert_eq!(detail.info, *multi);
    assert_eq!(detail.versions.len() as i64, multi.version_num.unwrap());
    let first_version = detail.versions[0].clone();
    let (_, body) =
        get(&server.base, &t, &format!("/v1/skill-market/skills/{}?version={first_version}", multi.skill_id)).await;
    assert_eq!(body["version"], first_version.as_str());
    let (status, _) = get(&server.base, &t, &format!("/v1/skill-market/skills/{}?version=9.9.9", multi.skill_id)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = get(&server.base, &t, "/v1/skill-market/skills/0000000000000000000000000000dead").await;
    assert_eq!((status, body["error_code"].as_str()), (StatusCode::NOT_FOUND, Some("HIL.0404")));
    let lang = reqwest::Client::new()
        .get(format!("{}/v1/skill-market/skills/nope", server.base))
        .header("X-Language", "en-us")
        .send()
        .await
        .unwrap();
    let body: Value = lang.json().await.unwrap();
    assert!(body["error_msg"].as_str().unwrap().starts_with("The requested resource does not exist"), "{body}");
    server.stop().await;
}
