//! What each record's operation did, in words: the catalogue's operations (by their SDK names,
//! which the log keeps), and the portal's own (sign-in, tokens, roll-outs, ...). Shown in the
//! log's Operation column and its filter; the CSV and the API keep the names.

use std::collections::BTreeMap;

use hilens_model::catalogue::{Operation, ALL as CATALOGUE};
use hilens_model::portal::operation as portal;
use hilens_model::OperationId as Op;

use crate::i18n::Txt;

crate::texts! {
    AddDeploymentNodes => "向应用部署添加设备", "Add devices to a deployment";
    BatchCreateNodeTags => "批量添加设备标签", "Tag several devices";
    CreateConfigMap => "创建配置项", "Create a config map";
    CreateDeployment => "创建应用部署", "Create a deployment";
    CreateNode => "注册设备", "Register a device";
    CreateOrderForm => "创建免费技能订单", "Order a free skill";
    CreateResourceTags => "添加资源标签", "Add tags";
    CreateSecret => "创建密钥", "Create a secret";
    CreateTask => "创建作业", "Create a job";
    CreateWorkSpace => "创建工作空间", "Create a workspace";
    DeleteConfigMap => "删除配置项", "Delete a config map";
    DeleteDeployment => "删除应用部署", "Delete a deployment";
    DeleteNode => "删除设备", "Delete a device";
    DeletePod => "删除实例", "Delete an instance";
    DeleteResourceTag => "删除资源标签", "Remove a tag";
    DeleteSecret => "删除密钥", "Delete a secret";
    DeleteTask => "删除作业", "Delete a job";
    DeleteWorkSpace => "删除工作空间", "Delete a workspace";
    FreezeNode => "将激活订单与设备解绑", "Release a device's activation order";
    ListConfigMaps => "查看配置项列表", "List config maps";
    ListDeviceAlarms => "查看告警", "List alarms";
    ListDevices => "查看基础版设备列表", "List basic-console devices";
    ListFirmwares => "查看固件列表", "List firmware";
    ListPlatformManager => "查看服务订单", "List service orders";
    ListResourceTags => "查看某类资源的标签", "List tags of a resource type";
    ListSecrets => "查看密钥列表", "List secrets";
    ListTasks => "查看作业列表", "List jobs";
    ListWorkSpaces => "查看工作空间列表", "List workspaces";
    SetDefaultOrderForm => "设置默认订单", "Set a default order";
    ShowConfigMap => "查看配置项", "Show a config map";
    ShowDeployment => "查看应用部署", "Show a deployment";
    ShowDeploymentPods => "查看实例列表", "List instances";
    ShowDeployments => "查看应用部署列表", "List deployments";
    ShowNode => "查看设备", "Show a device";
    ShowNodeActivationRecords => "查看激活记录", "List activation records";
    ShowNodes => "查看设备列表", "List devices";
    ShowResourceTags => "查看资源标签", "Show a resource's tags";
    ShowSecret => "查看密钥", "Show a secret";
    ShowSkillInfo => "查看技能", "Show a skill";
    ShowSkillList => "查看技能市场", "List skills";
    ShowSkillOrderInfo => "查看技能订单", "Show a skill order";
    ShowSkillOrderList => "查看技能订单列表", "List skill orders";
    ShowTask => "查看作业", "Show a job";
    ShowUpgradeProgress => "查看固件升级进度", "Show a firmware upgrade's progress";
    ShowWorkSpace => "查看工作空间", "Show a workspace";
    StartAndStopDeployment => "暂停或继续应用部署", "Pause or resume a deployment";
    PauseDeployment => "暂停应用部署", "Pause a deployment";
    ResumeDeployment => "继续应用部署", "Resume a deployment";
    StartAndStopDeploymentPod => "暂停或继续实例", "Pause or resume an instance";
    PausePod => "暂停实例", "Pause an instance";
    ResumePod => "继续实例", "Resume an instance";
    SwitchNodeConnection => "启动或停止设备", "Start or stop a device";
    StartNode => "启动设备", "Start a device";
    StopNode => "停止设备", "Stop a device";
    UnfreezeNode => "用运行服务费订单激活设备", "Activate a device with a service order";
    UpdateConfigMap => "更新配置项", "Update a config map";
    UpdateDeployment => "更新应用部署", "Update a deployment";
    UpdateDeploymentUsingPatch => "修改应用部署的部分设置", "Change part of a deployment";
    UpdateNode => "修改设备", "Edit a device";
    UpdateNodeCert => "更新设备证书", "Renew a device's certificate";
    UpdateNodeFirmware => "升级设备固件", "Upgrade a device's firmware";
    UpdateSecret => "更新密钥", "Update a secret";
    UpdateTask => "编辑作业", "Edit a job";
    UpdateWorkSpace => "修改工作空间", "Edit a workspace";
    SignIn => "登录", "Sign in";
    SignInFailed => "登录失败", "Failed sign-in";
    SignOut => "退出登录", "Sign out";
    TokenCreated => "创建 API 令牌", "Create an API token";
    TokenRevoked => "撤销 API 令牌", "Revoke an API token";
    BindingsChanged => "角色或工作空间变更", "Roles or workspaces changed";
    ReadAuditLog => "阅读审计日志", "Read the audit log";
    Refusals => "拒绝未登录的调用", "Refused callers who were not signed in";
    Retention => "按保留期删除旧记录", "Old records removed (retention)";
    ListRollouts => "查看分批发布列表", "List roll-outs";
    ShowRollout => "查看分批发布", "Show a roll-out";
    PlanRollout => "预览分批发布", "Preview a roll-out";
    CreateRollout => "开始分批发布", "Start a roll-out";
    PauseRollout => "暂停分批发布", "Pause a roll-out";
    ResumeRollout => "继续分批发布", "Resume a roll-out";
    PromoteRollout => "提前进入下一批", "Promote a roll-out";
    AbortRollout => "中止分批发布", "Abort a roll-out";
    RollbackRollout => "回滚分批发布", "Roll back a roll-out";
}

/// A catalogue operation in words (as the filter offers it: an action's kind unsaid).
fn catalogue_text(op: Op) -> Txt {
    match op {
        Op::AddDeploymentNodes => AddDeploymentNodes,
        Op::BatchCreateNodeTags => BatchCreateNodeTags,
        Op::CreateConfigMap => CreateConfigMap,
        Op::CreateDeployment => CreateDeployment,
        Op::CreateNode => CreateNode,
        Op::CreateOrderForm => CreateOrderForm,
        Op::CreateResourceTags => CreateResourceTags,
        Op::CreateSecret => CreateSecret,
        Op::CreateTask => CreateTask,
        Op::CreateWorkSpace => CreateWorkSpace,
        Op::DeleteConfigMap => DeleteConfigMap,
        Op::DeleteDeployment => DeleteDeployment,
        Op::DeleteNode => DeleteNode,
        Op::DeletePod => DeletePod,
        Op::DeleteResourceTag => DeleteResourceTag,
        Op::DeleteSecret => DeleteSecret,
        Op::DeleteTask => DeleteTask,
        Op::DeleteWorkSpace => DeleteWorkSpace,
        Op::FreezeNode => FreezeNode,
        Op::ListConfigMaps => ListConfigMaps,
        Op::ListDeviceAlarms => ListDeviceAlarms,
        Op::ListDevices => ListDevices,
        Op::ListFirmwares => ListFirmwares,
        Op::ListPlatformManager => ListPlatformManager,
        Op::ListResourceTags => ListResourceTags,
        Op::ListSecrets => ListSecrets,
        Op::ListTasks => ListTasks,
        Op::ListWorkSpaces => ListWorkSpaces,
        Op::SetDefaultOrderForm => SetDefaultOrderForm,
        Op::ShowConfigMap => ShowConfigMap,
        Op::ShowDeployment => ShowDeployment,
        Op::ShowDeploymentPods => ShowDeploymentPods,
        Op::ShowDeployments => ShowDeployments,
        Op::ShowNode => ShowNode,
        Op::ShowNodeActivationRecords => ShowNodeActivationRecords,
        Op::ShowNodes => ShowNodes,
        Op::ShowResourceTags => ShowResourceTags,
        Op::ShowSecret => ShowSecret,
        Op::ShowSkillInfo => ShowSkillInfo,
        Op::ShowSkillList => ShowSkillList,
        Op::ShowSkillOrderInfo => ShowSkillOrderInfo,
        Op::ShowSkillOrderList => ShowSkillOrderList,
        Op::ShowTask => ShowTask,
        Op::ShowUpgradeProgress => ShowUpgradeProgress,
        Op::ShowWorkSpace => ShowWorkSpace,
        Op::StartAndStopDeployment => StartAndStopDeployment,
        Op::StartAndStopDeploymentPod => StartAndStopDeploymentPod,
        Op::SwitchNodeConnection => SwitchNodeConnection,
        Op::UnfreezeNode => UnfreezeNode,
        Op::UpdateConfigMap => UpdateConfigMap,
        Op::UpdateDeployment => UpdateDeployment,
        Op::UpdateDeploymentUsingPatch => UpdateDeploymentUsingPatch,
        Op::UpdateNode => UpdateNode,
        Op::UpdateNodeCert => UpdateNodeCert,
        Op::UpdateNodeFirmware => UpdateNodeFirmware,
        Op::UpdateSecret => UpdateSecret,
        Op::UpdateTask => UpdateTask,
        Op::UpdateWorkSpace => UpdateWorkSpace,
    }
}

/// One of the portal's own operations in words.
fn portal_text(name: &str) -> Option<Txt> {
    Some(match name {
        portal::SIGN_IN => SignIn,
        portal::SIGN_IN_FAILED => SignInFailed,
        portal::SIGN_OUT => SignOut,
        portal::TOKEN_CREATED => TokenCreated,
        portal::TOKEN_REVOKED => TokenRevoked,
        portal::BINDINGS_CHANGED => BindingsChanged,
        portal::READ_AUDIT_LOG => ReadAuditLog,
        portal::REFUSALS => Refusals,
        portal::RETENTION => Retention,
        portal::LIST_ROLLOUTS => ListRollouts,
        portal::SHOW_ROLLOUT => ShowRollout,
        portal::PLAN_ROLLOUT => PlanRollout,
        portal::CREATE_ROLLOUT => CreateRollout,
        portal::PAUSE_ROLLOUT => PauseRollout,
        portal::RESUME_ROLLOUT => ResumeRollout,
        portal::PROMOTE_ROLLOUT => PromoteRollout,
        portal::ABORT_ROLLOUT => AbortRollout,
        portal::ROLLBACK_ROLLOUT => RollbackRollout,
        _ => return None,
    })
}

/// The operation named `name` in words; `None` for a name the console does not know (shown
/// as it is).
pub fn operation_text(name: &str) -> Option<Txt> {
    match Operation::by_name(name) {
        Some(op) => Some(catalogue_text(op.id)),
        None => portal_text(name),
    }
}

/// A record's operation in words, its action said where the path names one ("Stop a device"
/// for `switch_node_connection` with `action: stop`).
pub fn record_text(name: &str, params: &BTreeMap<String, String>) -> Option<Txt> {
    let Some(op) = Operation::by_name(name).map(|o| o.id) else { return portal_text(name) };
    Some(match (op, params.get("action").map(String::as_str)) {
        (Op::SwitchNodeConnection, Some("start")) => StartNode,
        (Op::SwitchNodeConnection, Some("stop")) => StopNode,
        (Op::StartAndStopDeployment, Some("pause")) => PauseDeployment,
        (Op::StartAndStopDeployment, Some("resume")) => ResumeDeployment,
        (Op::StartAndStopDeploymentPod, Some("pause")) => PausePod,
        (Op::StartAndStopDeploymentPod, Some("resume")) => ResumePod,
        _ => catalogue_text(op),
    })
}

/// Every operation the log may name, for the filter: (name, words), in the catalogue's order,
/// then the portal's.
pub fn every_operation() -> Vec<(String, Option<Txt>)> {
    CATALOGUE
        .iter()
        .map(|o| (o.name.to_string(), Some(catalogue_text(o.id))))
        .chain(portal::ALL.iter().map(|n| (n.to_string(), portal_text(n))))
        .collect()
}
