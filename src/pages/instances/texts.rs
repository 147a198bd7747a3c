//! The instances' texts.

use crate::i18n::Txt;

crate::texts! {
    Name => "实例", "Instance";
    Status => "状态", "Status";
    Device => "设备", "Device";
    Deployment => "应用部署", "Deployment";
    DeploymentId => "部署 ID", "Deployment ID";
    DeviceId => "设备 ID", "Device ID";
    ClusterId => "集群 ID", "Cluster ID";
    Provider => "设备类型", "Provider";
    Reason => "原因", "Reason";
    HostIp => "主机 IP", "Host IP";
    Created => "创建时间", "Created";
    Actions => "操作", "Actions";
    None => "没有应用实例。部署应用后，每台目标设备上会有一个实例。", "No instances. A deployment runs one instance on each of its devices.";
    Pause => "暂停", "Pause";
    Resume => "继续", "Resume";
    Paused => "实例已暂停", "Instance paused";
    Resumed => "实例已继续", "Instance resumed";
    Delete => "删除实例", "Delete instance";
    Deleted => "实例已删除", "Instance deleted";
    Running => "运行中", "Running";
    Pending => "等待中", "Pending";
    Succeeded => "已暂停", "Paused";
    Failed => "失败", "Failed";
    Unknown => "未知", "Unknown";
    HintRunning => "实例在设备上运行", "The instance runs on its device";
    HintPending => "等待设备就绪或部署完成", "Waiting for the device or the roll-out";
    HintSucceeded => "实例已暂停；“继续”让它再次运行", "Paused; Resume runs it again";
    HintFailed => "实例失败；原因见此行", "It failed; the row says why";
    HintUnknown => "设备已删除或失联", "The device was deleted or cannot be reached";
    ReasonDeviceGone => "设备已删除", "The device was deleted";
    ReasonPaused => "已暂停", "Paused";
    ReasonDeviceStopped => "设备未在运行（已停止或未连接）", "The device is not running (stopped or not connected)";
    ReasonCreating => "正在创建", "Being created";
    DeviceFilter => "设备", "Device";
    DeploymentFilter => "应用部署", "Deployment";
    MoreActions => "更多操作：", "More actions for";
    Open => "打开实例页面", "Open its page";
    DeleteAsk => "删除实例…", "Delete instance…";
    ImpactDelete => "删除后，这个应用不再在该设备上运行；部署本身保留，其他设备上的实例不受影响：", "Deleting it stops the app on that device; the deployment stays, and its instances on other devices are not touched:";
    Id => "实例 ID", "Instance ID";
    Updated => "更新时间", "Updated";
    Cluster => "集群", "Cluster";
    NotFound => "该部署中没有这个实例（可能已被删除）。", "This deployment has no such instance (it may have been deleted).";
    NoLogs => "HiLens 的 API 不提供单个实例的日志或事件。设备的告警见：", "HiLens's API offers no logs or events of one instance. The device's alarms:";
    DeviceAlarms => "该设备的告警", "Alarms of this device";
}

/// A reason the API gives in words of its own, in the user's language; others as they are.
pub fn reason(reason: &str) -> Option<Txt> {
    Some(match reason {
        "the device was deleted" => ReasonDeviceGone,
        "paused" => ReasonPaused,
        "the device is not RUNNING" => ReasonDeviceStopped,
        "creating" => ReasonCreating,
        _ => return Option::None, // `None` alone is this module's text
    })
}

pub fn status(status: &str) -> Option<(Txt, Txt)> {
    Some(match status {
        "Running" => (Running, HintRunning),
        "Pending" => (Pending, HintPending),
        "Succeeded" => (Succeeded, HintSucceeded),
        "Failed" => (Failed, HintFailed),
        "Unknown" => (Unknown, HintUnknown),
        _ => return Option::None, // `None` alone is this module's text
    })
}
