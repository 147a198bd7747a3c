//! Every text the console shows, in Chinese and English, in one table. Components ask for a
//! key; the current language (a signal) picks the text, so switching is instant.

use hilens_model::Lang;

macro_rules! texts {
    ($($key:ident => $zh:expr, $en:expr;)*) => {
        /// A text of the UI.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum T { $($key),* }

        impl T {
            pub const ALL: &'static [T] = &[$(T::$key),*];

            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((T::$key, Lang::Zh) => $zh, (T::$key, Lang::En) => $en,)*
                }
            }
        }
    };
}

texts! {
    Product => "华为 HiLens 控制台", "Huawei HiLens Console";
    SignIn => "登录", "Sign in";
    SigningIn => "正在登录…", "Signing in…";
    SignOut => "退出", "Sign out";
    SignInFailed => "登录失败", "Sign-in failed";
    SignInTitle => "登录到 HiLens", "Sign in to HiLens";
    DemoHint => "本地模式：已填入演示账号", "Local mode: the demo account is filled in";
    Domain => "帐号名", "Account (domain)";
    User => "用户名", "User name";
    Password => "密码", "Password";
    ProjectOptional => "项目（可选，ID 或名称）", "Project (optional, id or name)";
    Project => "项目", "Project";
    Language => "语言", "Language";
    NavSkills => "技能市场", "Skill market";
    NavOrders => "技能订单", "Skill orders";
    NavDevices => "设备管理", "Devices";
    NavFirmware => "固件管理", "Firmware";
    NavDeployments => "应用部署", "Deployments";
    NavInstances => "应用实例", "Instances";
    NavJobs => "作业管理", "Jobs";
    NavConfigMaps => "配置项", "Config maps";
    NavSecrets => "密钥", "Secrets";
    NavTags => "标签", "Tags";
    NavWorkspaces => "工作空间", "Workspaces";
    NavAlarms => "告警", "Alarms";
    Soon => "即将推出", "coming soon";
    SkillName => "技能名称", "Skill name";
    SkillNamePlaceholder => "按名称搜索（模糊匹配）", "Search by name (fuzzy)";
    Chip => "芯片", "Chip";
    Platform => "平台", "Platform";
    ChargeModel => "收费模式", "Charge model";
    SkillType => "技能类型", "Skill type";
    Any => "全部", "Any";
    Search => "搜索", "Search";
    Reset => "重置", "Reset";
    Version => "版本", "Version";
    Versions => "版本列表", "Versions";
    Developer => "开发者", "Developer";
    Installs => "安装次数", "Installs";
    Updated => "更新时间", "Updated";
    Published => "发布时间", "Published";
    Status => "审核状态", "Review status";
    DeviceTypes => "设备类型", "Device types";
    Scenes => "适用场景", "Scenes";
    Description => "描述", "Description";
    Format => "技能格式", "Format";
    Size => "大小", "Size";
    Channels => "通道数", "Channels";
    MeasureUnit => "计费单位", "Billing unit";
    SkillId => "技能 ID", "Skill ID";
    Total => "共", "Total";
    Items => "条", "items";
    Page => "页", "Page";
    PageSize => "每页", "Per page";
    Previous => "上一页", "Previous";
    Next => "下一页", "Next";
    Loading => "加载中…", "Loading…";
    NoSkills => "没有符合条件的技能", "No skill matches these filters";
    Retry => "重试", "Retry";
    Copied => "已复制", "Copied";
    Cancelled => "已取消", "Cancelled";
    Finished => "已完成", "Finished";
    Running => "进行中", "Running";
    Progress => "进度", "Progress";
    BulkActions => "批量操作", "Bulk actions";
    Selected => "项已选", "selected";
    ClearSelection => "取消选择", "Clear selection";
    SelectRow => "选择此行", "Select this row";
    SelectPage => "选择本页全部", "Select every row on this page";
    PartFailed => "这部分控制台未能加载（网络中断或版本已更新）。", "This part of the console could not be loaded (the network failed, or a new version is out).";
    BackToMarket => "返回技能市场", "Back to the skill market";
    NotFound => "页面不存在", "Page not found";
    ErrorCode => "错误码", "Error code";
    RequestId => "请求 ID", "Request ID";
    NetworkError => "网络错误", "Network error";
    ServerError => "服务端错误", "Server error";
    Charge0 => "永久免费", "Free";
    Charge1 => "收费", "Charged";
    Charge2 => "30 天试用", "30-day trial";
    Charge3 => "365 天试用", "365-day trial";
    Charge4 => "收费（永久使用）", "Charged (perpetual)";
    Status0 => "待审核", "Pending";
    Status1 => "审核通过", "Approved";
    Status2 => "审核不通过", "Rejected";
    TypeStandard => "标准技能", "Standard";
    TypeLite => "轻量技能", "Lite";
    OrderId => "订单 ID", "Order ID";
    Amount => "购买个数", "Amount";
    UsedAmount => "已使用", "Used";
    Expires => "到期时间", "Expires";
    Never => "永不过期", "Never";
    DefaultOrder => "默认订单", "Default";
    SetDefault => "设为默认", "Set as default";
    FreeOrder => "免费订单", "Free order";
    FreeOrderHint => "为该技能创建免费订单（免费或试用技能）", "Create a free order for this skill (free or trial skills)";
    CreateOrder => "创建订单", "Create order";
    OrderCreated => "订单已创建", "Order created";
    ViewOrders => "查看订单", "View orders";
    NoOrders => "还没有订单", "No orders yet";
    Working => "处理中…", "Working…";
    Notifications => "通知", "Notifications";
    Copy => "复制", "Copy";
    Close => "关闭", "Close";
    Theme => "主题", "Theme";
    ThemeSystem => "跟随系统", "System";
    ThemeLight => "浅色", "Light";
    ThemeDark => "深色", "Dark";
    Workspace => "工作空间", "Workspace";
    Shortcuts => "键盘快捷键", "Keyboard shortcuts";
    ShortcutSearch => "聚焦本页搜索框", "Focus the page's search box";
    SkillForm => "技能形态", "Skill form";
    FormNoTemplate => "不支持模板", "No template";
    FormTemplate => "支持模板", "Supports templates";
    Permission => "可见范围", "Permission";
    PermPublic => "公开", "Public";
    PermWhitelist => "白名单", "Whitelist";
    TemplateSource => "模板来源", "Template source";
    ChargeModels => "收费模式（多选）", "Charge models (any of)";
    DeviceTypesPlaceholder => "多个以空格分隔", "Separate several with spaces";
    MoreFilters => "更多筛选", "More filters";
    Layout => "显示方式", "Layout";
    LayoutTable => "表格", "Table";
    LayoutCards => "卡片", "Cards";
    OrderDefaultSet => "已设为默认订单", "Set as the default order";
    LastUpdated => "更新于", "Updated";
    Refresh => "刷新", "Refresh";
    Cancel => "取消", "Cancel";
    TypeToConfirm => "请输入名称以确认：", "Type the name to confirm:";
    Delete => "删除", "Delete";
}

impl T {
    pub fn charge_model(model: i64) -> Option<T> {
        [T::Charge0, T::Charge1, T::Charge2, T::Charge3, T::Charge4].get(usize::try_from(model).ok()?).copied()
    }

    pub fn review_status(status: i64) -> Option<T> {
        [T::Status0, T::Status1, T::Status2].get(usize::try_from(status).ok()?).copied()
    }

    pub fn skill_form(f: &str) -> Option<T> {
        match f {
            "no_template" => Some(T::FormNoTemplate),
            "support_template" => Some(T::FormTemplate),
            _ => None,
        }
    }

    pub fn permission(p: &str) -> Option<T> {
        match p {
            "public" => Some(T::PermPublic),
            "whitelist" => Some(T::PermWhitelist),
            _ => None,
        }
    }

    pub fn skill_type(t: &str) -> Option<T> {
        match t {
            "standard" => Some(T::TypeStandard),
            "lite" => Some(T::TypeLite),
            _ => None,
        }
    }
}

/// The text for `key`, following the UI language, for views. Every call returns the same
/// closure type, so the bundle holds one copy of the code that renders a text (a distinct
/// `move || app.t(..)` closure per text costs a copy each). Call it inside a component.
pub fn tr(key: T) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let app = crate::state::use_app();
    move || app.t(key)
}

/// What the language switch offers.
pub const LANGUAGES: &[(Lang, &str, &str)] = &[(Lang::Zh, "zh-CN", "中文"), (Lang::En, "en-US", "English")];
