//! Jobs of a deployment (reference 5.5): each runs on every pod of its deployment, and its
//! counters say how many pods run it (pods that run), wait (pods pending), or failed (pods whose
//! device is gone). Streams may not exceed the smallest `channel_limit` of the deployment's apps.

mod store;

use hilens_model::common::PageQuery;
use hilens_model::query::Params;
use hilens_model::tasks::{TaskId, TaskInfo, TaskList, TaskRequest, TaskStatus, DEFAULT_LIMIT};

use crate::clock;
use crate::deployments;
use crate::op::{ok, parse_body, Ctx, Failure, Reply};

/// This domain's tables: tasks.
pub const TABLES: crate::db::Tables = crate::db::Tables { name: "tasks", schema: store::SCHEMA, seed: None };

fn not_found(what: &str, id: &str) -> Failure {
    Failure::not_found(format!("{what} {id}"))
}

fn deployment(conn: &rusqlite::Connection, ctx: &Ctx) -> Result<deployments::DeploymentRow, Failure> {
    let id = ctx.param("deployment_id");
    deployments::get(conn, ctx.project(), id)?.ok_or_else(|| not_found("deployment_id", id))
}

fn info(
    conn: &rusqlite::Connection,
    ctx: &Ctx,
    d: &deployments::DeploymentRow,
    t: store::TaskRow,
) -> Result<TaskInfo, Failure> {
    let delay = ctx.app.connect_delay_ms;
    let now = clock::now_ms();
    let mut out = TaskInfo {
        task_id: t.task_id,
        user_task_id: t.request.data.task_id.clone(),
        name: t.request.name,
        description: t.request.description,
        timestamp: t.request.timestamp.unwrap_or_else(|| clock::market_time(t.created_ms / 1000)),
        streams: t.request.data.streams,
        start_time_info: t.request.data.start_time_info,
        source_usage_estimate: t.request.data.source_usage_estimate,
        ..Default::default()
    };
    for pod in deployments::pods_of(conn, ctx.project(), &d.id, delay)? {
        let (status, reason) = deployments::pod_status(&pod, d, now, ctx.app.life());
        let task_status = match status {
            "Running" => {
                out.cur_pod_number += 1;
                "Running"
            }
            "Pending" => {
                out.pending_pod_number += 1;
                "Pending"
            }
            "Unknown" | "Failed" => {
                out.fail_pod_number += 1;
                "Failed"
            }
            _ => "Stopped",
        };
        out.sum_pod_number += 1;
        out.task_status.push(TaskStatus {
            pod_name: deployments::pod_name(&d.name, &pod.id),
            pod_id: pod.id,
            task_status: task_status.into(),
            cause: if task_status == "Failed" { reason } else { None },
        });
    }
    Ok(out)
}

/// `POST /v3/{project_id}/ai-mgr/deployments/{deployment_id}/tasks`.
pub fn create(ctx: &Ctx) -> Reply {
    let req: TaskRequest = parse_body(ctx.body)?;
    let conn = ctx.app.db.conn();
    let d = deployment(&conn, ctx)?;
    req.validate(d.template.channel_limit())?;
    let task_id = crate::ids::random_hex(16);
    if !store::put(&conn, ctx.project(), &d.id, &task_id, &req)? {
        return Err(Failure::conflict(format!("name {} already exists", req.name)));
    }
    ok(&TaskId { task_id })
}

/// `POST /v3/{project_id}/ai-mgr/deployments/{deployment_id}/task/{task_id}`: replaces the job.
pub fn update(ctx: &Ctx) -> Reply {
    let req: TaskRequest = parse_body(ctx.body)?;
    let conn = ctx.app.db.conn();
    let d = deployment(&conn, ctx)?;
    let task_id = ctx.param("task_id");
    store::get(&conn, ctx.project(), &d.id, task_id)?.ok_or_else(|| not_found("task_id", task_id))?;
    req.validate(d.template.channel_limit())?;
    if !store::put(&conn, ctx.project(), &d.id, task_id, &req)? {
        return Err(Failure::conflict(format!("name {} already exists", req.name)));
    }
    ok(&TaskId { task_id: task_id.into() })
}

/// `GET /v3/{project_id}/ai-mgr/deployments/{deployment_id}/tasks`, newest first.
pub fn list(ctx: &Ctx) -> Reply {
    let PageQuery { offset, limit } = PageQuery::from_pairs(ctx.query)?;
    let conn = ctx.app.db.conn();
    let d = deployment(&conn, ctx)?;
    let (count, rows) = store::list(&conn, ctx.project(), &d.id, offset.unwrap_or(0), limit.unwrap_or(DEFAULT_LIMIT))?;
    let tasks = rows.into_iter().map(|t| info(&conn, ctx, &d, t)).collect::<Result<Vec<_>, _>>()?;
    ok(&TaskList { count, tasks })
}

/// `GET /v3/{project_id}/ai-mgr/deployments/{deployment_id}/tasks/{task_id}`.
pub fn show(ctx: &Ctx) -> Reply {
    let conn = ctx.app.db.conn();
    let d = deployment(&conn, ctx)?;
    let task_id = ctx.param("task_id");
    let t = store::get(&conn, ctx.project(), &d.id, task_id)?.ok_or_else(|| not_found("task_id", task_id))?;
    ok(&info(&conn, ctx, &d, t)?)
}

/// `DELETE /v3/{project_id}/ai-mgr/deployments/{deployment_id}/tasks/{task_id}`.
pub fn delete(ctx: &Ctx) -> Reply {
    let conn = ctx.app.db.conn();
    let d = deployment(&conn, ctx)?;
    let task_id = ctx.param("task_id");
    if store::delete(&conn, ctx.project(), &d.id, task_id)? {
        ok(&TaskId { task_id: task_id.into() })
    } else {
        Err(not_found("task_id", task_id))
    }
}
