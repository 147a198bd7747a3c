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
