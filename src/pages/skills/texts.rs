//! The skill market's texts (the orders of skills use them too).

use crate::i18n::Txt;

crate::texts! {
    NavSkills => "技能市场", "Skill market";
    SkillName => "技能名称", "Skill name";
    SkillNamePlaceholder => "按名称搜索（模糊匹配）", "Search by name (fuzzy)";
    Chip => "芯片", "Chip";
    Platform => "平台", "Platform";
    ChargeModel => "收费模式", "Charge model";
    SkillType => "技能类型", "Skill type";
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
    NoSkills => "没有符合条件的技能", "No skill matches these filters";
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
    FormatFile => "文件", "File";
    FormatImage => "容器镜像", "Container image";
    UnitQps => "按 QPS 计费", "By queries per second (QPS)";
    UnitRoad => "按视频路数计费", "By video channel";
    UnitInstance => "按实例计费", "By instance";
    Amount => "购买个数", "Amount";
    FreeOrder => "免费订单", "Free order";
    Deploy => "部署到设备", "Deploy to devices";
    FreeOrderHint => "为该技能创建免费订单（免费或试用技能）", "Create a free order for this skill (free or trial skills)";
    CreateOrder => "创建订单", "Create order";
    OrderCreated => "订单已创建", "Order created";
    ViewOrders => "查看订单", "View orders";
    Working => "处理中…", "Working…";
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
}

pub fn charge_model(model: i64) -> Option<Txt> {
    [Charge0, Charge1, Charge2, Charge3, Charge4].get(usize::try_from(model).ok()?).copied()
}

pub fn review_status(status: i64) -> Option<Txt> {
    [Status0, Status1, Status2].get(usize::try_from(status).ok()?).copied()
}

pub fn skill_form(f: &str) -> Option<Txt> {
    match f {
        "no_template" => Some(FormNoTemplate),
        "support_template" => Some(FormTemplate),
        _ => None,
    }
}

pub fn permission(p: &str) -> Option<Txt> {
    match p {
        "public" => Some(PermPublic),
        "whitelist" => Some(PermWhitelist),
        _ => None,
    }
}

/// A skill's package format (`format`: file or image).
pub fn format_text(f: &str) -> Option<Txt> {
    match f {
        "file" => Some(FormatFile),
        "image" => Some(FormatImage),
        _ => None,
    }
}

/// How a skill is billed (`measure_unit`: qps, road or instance).
pub fn measure_unit_text(u: &str) -> Option<Txt> {
    match u {
        "qps" => Some(UnitQps),
        "road" => Some(UnitRoad),
        "instance" => Some(UnitInstance),
        _ => None,
    }
}

/// A skill's type (`skill_type`: standard or lite).
pub fn skill_type(t: &str) -> Option<Txt> {
    match t {
        "standard" => Some(TypeStandard),
        "lite" => Some(TypeLite),
        _ => None,
    }
}
