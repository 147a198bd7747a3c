//! The console's texts, in Chinese and English: the common set here (`T`), each domain's own in
//! its folder's `texts.rs`. Components ask for a [`Txt`]; the current language (a signal) picks
//! the text, so switching is instant.

use hilens_model::Lang;

/// A text of the UI in both languages; `key` names it (tests, debugging).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Txt {
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

impl Txt {
    pub fn text(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }
}

/// Declares a set of texts as constants of a type of their own (`T::SignIn` here, a domain's
/// `S::…` in its `texts.rs`), with `ALL` for the test that checks both languages are there.
#[macro_export]
macro_rules! texts {
    ($(#[$meta:meta])* pub struct $name:ident { $($key:ident => $zh:expr, $en:expr;)* }) => {
        $(#[$meta])*
        pub struct $name;

        #[allow(non_upper_case_globals)]
        impl $name {
            $(pub const $key: $crate::i18n::Txt = $crate::i18n::Txt { key: stringify!($key), zh: $zh, en: $en };)*
            pub const ALL: &'static [$crate::i18n::Txt] = &[$($name::$key),*];
        }
    };
}

crate::texts! {
    /// The texts every page shares: the shell, sign-in, paging, errors, actions.
    pub struct T {
        Product => "华为 HiLens 控制台", "Huawei HiLens Console";
        SignIn => "登录", "Sign in";
        SigningIn => "正在登录…", "Signing in…";
        SignOut => "退出", "Sign out";
        Menu => "菜单", "Menu";
        SkipToContent => "跳到主要内容", "Skip to content";
        SignInFailed => "登录失败", "Sign-in failed";
        SignInTitle => "登录到 HiLens", "Sign in to HiLens";
        SignInOidc => "使用组织帐号登录", "Sign in with your organisation's account";
        DemoHint => "本地模式：已填入演示账号", "Local mode: the demo account is filled in";
        Domain => "帐号名", "Account (domain)";
        User => "用户名", "User name";
        Password => "密码", "Password";
        ProjectOptional => "项目（可选，ID 或名称）", "Project (optional, id or name)";
        Project => "项目", "Project";
        Language => "语言", "Language";
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
        Any => "全部", "Any";
        Search => "搜索", "Search";
        Reset => "重置", "Reset";
        Total => "共", "Total";
        Items => "条", "items";
        Item => "条", "item";
        Page => "页", "Page";
        PageSize => "每页", "Per page";
        Previous => "上一页", "Previous";
        Next => "下一页", "Next";
        Loading => "加载中…", "Loading…";
        Retry => "重试", "Retry";
        MoveUp => "上移", "Move up";
        MoveDown => "下移", "Move down";
        Remove => "删除", "Remove";
        AddRow => "添加一行", "Add a row";
        Add => "添加", "Add";
        Overview => "概览", "Overview";
        Copied => "已复制", "Copied";
        Cancelled => "已取消", "Cancelled";
        Finished => "已完成", "Finished";
        Running => "进行中", "Running";
        Progress => "进度", "Progress";
        Columns => "显示列", "Columns";
        Reveal => "显示", "Show";
        Hide => "隐藏", "Hide";
        PasteLines => "粘贴 KEY=value 行", "Paste KEY=value lines";
        ApplyPaste => "用粘贴的内容替换现有各行", "Replace the rows with the paste";
        AppendPaste => "把粘贴的内容加在后面", "Add the pasted rows after these";
        UploadEnv => "上传 .env 文件", "Upload a .env file";
        BulkActions => "批量操作", "Bulk actions";
        Selected => "项已选", "selected";
        ClearSelection => "取消选择", "Clear selection";
        SelectRow => "选择此行", "Select this row";
        SelectPage => "选择本页全部", "Select every row on this page";
        PartFailed => "这部分控制台未能加载（网络中断或版本已更新）。", "This part of the console could not be loaded (the network failed, or a new version is out).";
        BackToMarket => "返回技能市场", "Back to the skill market";
        BackToOverview => "返回概览", "Back to the overview";
        NotFound => "页面不存在", "Page not found";
        ErrorCode => "错误码", "Error code";
        RequestId => "请求 ID", "Request ID";
        NetworkError => "网络错误", "Network error";
        ServerError => "服务端错误", "Server error";
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
        LastUpdated => "更新于", "Updated";
        Refresh => "刷新", "Refresh";
        Cancel => "取消", "Cancel";
        Delete => "删除", "Delete";
        TypeToConfirm => "请输入名称以确认：", "Type the name to confirm:";
        NeedsViewer => "需要查看者角色", "Needs the viewer role";
        NeedsOperator => "需要操作员角色", "Needs the operator role";
        NeedsAdmin => "需要管理员角色", "Needs the admin role";
        FieldRefused => "HiLens 拒绝了一个值：", "HiLens refused a value:";
        CloudSaid => "HiLens 返回：", "HiLens answered:";
        Undo => "撤销", "Undo";
        NoAnswer => "长时间没有结果", "No outcome after a long wait";
    }
}

/// The text for `key`, following the UI language, for views. Every call returns the same
/// closure type, so the bundle holds one copy of the code that renders a text (a distinct
/// `move || app.t(..)` closure per text costs a copy each). Call it inside a component.
pub fn tr(key: Txt) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let app = crate::state::use_app();
    move || app.t(key)
}
