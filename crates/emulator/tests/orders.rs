//! The emulator over real HTTP on 127.0.0.1, with a real SQLite file. Skill orders.

mod common;

use common::*;

#[tokio::test]
async fn skill_orders_create_list_show_and_default() {
    let server = Server::start(&temp_db("orders")).await;
    let t = token(&server.base).await;
    let orders = format!("/v1/{}/skill-market/skill-order", KEY.2);
    let free = list(&server.base, &t, "charge_model=0&limit=2").await.data;
    let trial = list(&server.base, &t, "charge_model=2&limit=1").await.data;
    let charged = list(&server.base, &t, "charge_model=1&limit=1").await.data;

    let (status, body) = send(
        reqwest::Method::POST,
        &server.base,
        &t,
        &orders,
        Some(json!({"skill_id": free[0].skill_id, "amount": 3, "commission_flag": 0})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let first = body["order_id"].as_str().unwrap().to_string();
    assert_eq!(first.len(), 32);
    let (status, body) = send(
        reqwest::Method::POST,
        &server.base,
        &t,
        &orders,
        Some(json!({"skill_id": trial[0].skill_id, "amount": "2", "commission_flag": 0})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "amount as text is read: {body}");
    let second = body["order_id"].as_str().unwrap().to_string();

    // Bad input: named field, nothing stored.
    for (body, field, code) in [
        (json!({"skill_id": free[1].skill_id, "amount": 0, "commission_flag": 0}), "amount", StatusCode::BAD_REQUEST),
        (
            json!({"skill_id": free[1].skill_id, "amount": 10001, "commission_flag": 0}),
            "amount",
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({"skill_id": free[1].skill_id, "amount": "three", "commission_flag": 0}),
            "amount",
            StatusCode::BAD_REQUEST,
        ),
        (json!({"skill_id": free[1].skill_id, "commission_flag": 0}), "amount", StatusCode::BAD_REQUEST),
        (
            json!({"skill_id": free[1].skill_id, "amount": 1, "commission_flag": 5}),
            "commission_flag",
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({"skill_id": charged[0].skill_id, "amount": 1, "commission_flag": 0}),
            "skill_id",
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({"skill_id": "0000000000000000000000000000dead", "amount": 1, "commission_flag": 0}),
            "skill_id",
            StatusCode::NOT_FOUND,
        ),
    ] {
        let (status, err) = send(reqwest::Method::POST, &server.base, &t, &orders, Some(body.clone())).await;
        assert_eq!(status, code, "{body}: {err}");
        assert!(err["error_msg"].as_str().unwrap().contains(field), "{body}: {err}");
    }
    let (_, all) = send(reqwest::Method::GET, &server.base, &t, &orders, None).await;
    assert_eq!(all["total"], 2, "failed requests stored nothing: {all}");
    assert_eq!(all["data"][0]["order_id"], second.as_str(), "newest first");
    assert_eq!(all["data"][1]["amount"], 3);
    assert_eq!(all["data"][1]["used_amount"], 0);
    assert_eq!(all["data"][1]["skill_name"], free[0].name.as_str());
    assert!(all["data"][0]["expire_time"].as_i64().is_some(), "a trial order expires");
    assert!(all["data"][1]["expire_time"].is_null(), "a free order does not");

    let (status, one) = send(reqwest::Method::GET, &server.base, &t, &format!("{orders}/{first}"), None).await;
    assert_eq!((status, one["order_id"].as_str()), (StatusCode::OK, Some(first.as_str())));
    assert_eq!(one["is_default"], false);
    let (status, body) = send(reqwest::Method::PUT, &server.base, &t, &format!("{orders}/{first}/default"), None).await;
    assert_eq!((status, body["order_id"].as_str()), (StatusCode::OK, Some(first.as_str())));
    let (_, one) = send(reqwest::Method::GET, &server.base, &t, &format!("{orders}/{first}"), None).await;
    assert_eq!(one["is_default"], true);
    let (status, _) =
        send(reqwest::Method::GET, &server.base, &t, &format!("{orders}/ffffffffffffffffffffffffffffffff"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = send(
        reqwest::Method::PUT,
        &server.base,
        &t,
        &format!("{orders}/ffffffffffffffffffffffffffffffff/default"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let name = urlencode(&free[0].name);
    let (_, filtered) =
        send(reqwest::Method::GET, &server.base, &t, &format!("{orders}?skill_name={name}"), None).await;
    assert_eq!(filtered["total"], 1, "{filtered}");
    let (_, paged) = send(reqwest::Method::GET, &server.base, &t, &format!("{orders}?limit=1&offset=1"), None).await;
    assert_eq!((paged["total"].as_i64(), paged["data"].as_array().unwrap().len()), (Some(2), 1));
    let (status, _) = send(reqwest::Method::GET, &server.base, &t, &format!("{orders}?limit=101"), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Another project's orders are not this token's.
    let (status, _) = send(
        reqwest::Method::GET,
        &server.base,
        &t,
        "/v1/ffffffffffffffffffffffffffffffff/skill-market/skill-order",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    server.stop().await;
}
