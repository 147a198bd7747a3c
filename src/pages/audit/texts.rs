//! The audit log's texts.

crate::texts! {
    NavAudit => "审计日志", "Audit log";
    Time => "时间", "Time";
    User => "用户", "User";
    Role => "角色", "Role";
    Operation => "操作", "Operation";
    Kind => "记录", "Record";
    Resource => "资源", "Resource";
    Workspace => "工作空间", "Workspace";
    Status => "状态码", "Status";
    Client => "客户端地址", "Client address";
    RequestId => "请求 ID", "Request ID";
    From => "起始时间（UTC）", "From (UTC)";
    To => "结束时间（UTC）", "To (UTC)";
    TimePlaceholder => "2026-12-05T10:00:00Z", "2026-12-05T10:00:00Z";
    NoRecords => "没有符合条件的记录", "No records match";
    Csv => "下载 CSV", "Download CSV";
    CsvNewest => "CSV 包含符合条件的最新 1000 条记录；更早的记录请缩小时间范围。", "The CSV holds the newest 1000 matching records; narrow the time range for older ones.";
    MayNotRead => "你不能阅读审计日志", "You may not read the audit log";
    KindIntent => "调用前", "Before the call";
    KindResult => "调用后", "After the call";
    KindCall => "调用", "Call";
    KindEvent => "事件", "Event";
    KindCounts => "计数", "Tally";
    KindCheckpoint => "检查点", "Checkpoint";
    Succeeded => "成功", "Succeeded";
    NotSignedIn => "未登录", "Not signed in";
    Refused => "无权限", "Refused";
    NotFound => "不存在", "Not found";
    Conflict => "冲突", "Conflict";
    TooMany => "调用过多", "Too many calls";
    Rejected => "请求有误", "Rejected";
    Failed => "失败", "Failed";
}
