//! The Access page's texts.

crate::texts! {
    NavAccess => "我的访问", "Access";
    WhoAmI => "我是谁", "Who I am";
    User => "用户", "User";
    Account => "帐号", "Account";
    Project => "项目", "Project";
    SignedInWith => "登录方式", "Signed in with";
    Role => "角色", "Role";
    Workspaces => "工作空间", "Workspaces";
    AllWorkspaces => "全部工作空间", "Every workspace";
    Groups => "用户组", "Groups";
    SessionEnds => "会话到期", "Session ends";
    Permissions => "我可以做什么", "What I may do";
    PermissionsHint => "每个操作需要一项权限；没有权限的操作在控制台中显示为不可用，并说明原因。", "Every operation needs one permission; what you may not do shows disabled in the console, with the reason.";
    MethodUsers => "本地帐号（用户名和密码）", "A local account (user name and password)";
    MethodOidc => "组织的身份提供方（OpenID Connect）", "The organisation's identity provider (OpenID Connect)";
    MethodHeader => "单点登录网关", "The single sign-on gateway";
    MethodIam => "IAM 帐号", "An IAM account";
    MethodNone => "无需登录", "Nobody signs in";
    MethodToken => "API 令牌", "An API token";
    Tokens => "我的 API 令牌", "My API tokens";
    TokensHint => "脚本用令牌调用 API（Authorization: Bearer …），权限不超过令牌的角色，也不超过你在使用时的权限。", "Scripts call the API with a token (Authorization: Bearer …): it may do what its role allows, never more than you may at the time of use.";
    TokensNotOffered => "API 令牌只在通过本代理登录时提供：本地帐号、OpenID Connect 或单点登录网关。你在这里的登录方式没有令牌。", "API tokens are made where people sign in through this proxy: with a local account, OpenID Connect or a single sign-on gateway. The way you signed in here has none.";
    NoTokens => "还没有令牌", "No tokens yet";
    TokenName => "名称", "Name";
    TokenRole => "角色", "Role";
    MyRole => "我的角色", "My role";
    Created => "创建时间", "Created";
    Expires => "到期时间", "Expires";
    Owner => "所有者", "Owner";
    ExpiresInDays => "有效天数（1–365）", "Valid for days (1–365)";
    NewToken => "创建令牌", "New token";
    Create => "创建", "Create";
    Creating => "正在创建…", "Creating…";
    TokenCreated => "令牌已创建", "Token created";
    ShownOnce => "请现在复制：此令牌只显示这一次。", "Copy it now: this token is not shown again.";
    TokenValue => "令牌", "Token";
    Done => "我已复制", "I have copied it";
    Revoke => "撤销", "Revoke";
    RevokeToken => "撤销令牌", "Revoke token";
    Revoked => "令牌已撤销", "Token revoked";
    EveryonesTokens => "所有人的 API 令牌", "Everyone's API tokens";
    RoleViewer => "查看者", "Viewer";
    RoleOperator => "操作员", "Operator";
    RoleAdmin => "管理员", "Admin";
    RoleIam => "HiLens IAM", "HiLens IAM";
    RoleAnonymous => "匿名（无需登录）", "Anonymous (no sign-in)";
    OtherPermissions => "其他", "Other";
    OverSkills => "技能市场", "Skill market";
    OverOrders => "技能订单", "Skill orders";
    OverWorkspaces => "工作空间", "Workspaces";
    OverFirmware => "固件", "Firmware";
    OverServiceOrders => "运行服务费订单", "Service orders";
    OverActivation => "设备激活", "Device activation";
    OverAlarms => "告警", "Alarms";
    OverDevices => "设备", "Devices";
    OverTags => "标签", "Tags";
    OverDeployments => "部署", "Deployments";
    OverInstances => "实例", "Instances";
    OverJobs => "作业", "Jobs";
    OverConfigmaps => "配置项", "Config maps";
    OverSecrets => "密钥", "Secrets";
    OverAudit => "审计日志", "Audit log";
    OverTokens => "API 令牌", "API tokens";
    MayRead => "查看", "view";
    MayWrite => "创建和修改", "create and change";
    MayChange => "修改", "change";
    MayActivate => "激活和停用", "activate and deactivate";
    MayTag => "添加和删除", "add and remove";
    MayOrder => "下单和设为默认", "order and set the default";
    MayPause => "暂停和恢复", "pause and resume";
    MayReissue => "注册和重新签发证书", "register and re-issue certificates";
    MayDelete => "删除", "delete";
    MayOperate => "启动和停止", "start and stop";
    MayUpgrade => "升级设备", "upgrade devices";
    MayRollout => "分批发布", "roll out";
    MayReveal => "查看密钥值", "see their values";
    MayAdmin => "管理所有人的令牌", "manage everyone's";
}

/// A permission (`devices:operate`) in words: what it is over, and what it allows there;
/// `None` for one the console does not know (shown by its name).
pub fn permission_words(name: &str) -> Option<(crate::i18n::Txt, crate::i18n::Txt)> {
    let (domain, verb) = name.split_once(':')?;
    let over = match domain {
        "skills" => OverSkills,
        "orders" => OverOrders,
        "workspaces" => OverWorkspaces,
        "firmware" => OverFirmware,
        "service_orders" => OverServiceOrders,
        "activation" => OverActivation,
        "alarms" => OverAlarms,
        "devices" => OverDevices,
        "tags" => OverTags,
        "deployments" => OverDeployments,
        "instances" => OverInstances,
        "jobs" => OverJobs,
        "configmaps" => OverConfigmaps,
        "secrets" => OverSecrets,
        "audit" => OverAudit,
        "tokens" => OverTokens,
        _ => return None,
    };
    // Where a verb means something narrower in a domain, its own words (what its operations do).
    let may = match (domain, verb) {
        ("devices", "write") => MayChange,
        ("activation", "write") => MayActivate,
        ("tags", "write") => MayTag,
        ("orders", "write") => MayOrder,
        ("deployments" | "instances", "operate") => MayPause,
        ("devices", "provision") => MayReissue,
        (_, "read") => MayRead,
        (_, "write") => MayWrite,
        (_, "delete") => MayDelete,
        (_, "operate") => MayOperate,
        (_, "upgrade") => MayUpgrade,
        (_, "rollout") => MayRollout,
        (_, "reveal") => MayReveal,
        (_, "admin") => MayAdmin,
        _ => return None,
    };
    Some((over, may))
}

/// A role in words: the built-in roles, `iam` (HiLens IAM decides) and `anonymous` (nobody
/// signs in); `None` for a custom role of the roles file (shown by its name).
pub fn role_text(role: &str) -> Option<crate::i18n::Txt> {
    use hilens_model::{BuiltinRole, ANONYMOUS_ROLE, IAM_ROLE};
    Some(match BuiltinRole::parse(role) {
        Some(BuiltinRole::Viewer) => RoleViewer,
        Some(BuiltinRole::Operator) => RoleOperator,
        Some(BuiltinRole::Admin) => RoleAdmin,
        None if role == IAM_ROLE => RoleIam,
        None if role == ANONYMOUS_ROLE => RoleAnonymous,
        None => return None,
    })
}
