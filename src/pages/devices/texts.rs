//! The devices' texts.

use crate::i18n::Txt;

crate::texts! {
    DeviceName => "设备名称", "Device name";
    DeviceNamePlaceholder => "按名称搜索", "Search by name";
    State => "状态", "State";
    ActiveStatus => "激活状态", "Activation";
    Tags => "标签", "Tags";
    TagKey => "键", "Key";
    TagValue => "值", "Value";
    TagsFilter => "标签（key=value，逗号分隔）", "Tags (key=value, comma separated)";
    // An example in the field, rather than its label again (cut off in a narrow field).
    TagsExample => "site=north, env=prod", "site=north, env=prod";
    Provider => "设备类型", "Provider";
    Arch => "架构", "Arch";
    Firmware => "固件版本", "Firmware";
    Upgrading => "升级中", "upgrading";
    Created => "创建时间", "Created";
    Updated => "更新时间", "Updated";
    NoDevices => "没有匹配的设备。注册一台设备，或放宽筛选条件。", "No device matches. Register a device, or loosen the filters.";
    Register => "注册设备", "Register device";
    ExportPage => "导出本页 CSV", "Export page as CSV";
    ExportAll => "导出全部 CSV", "Export all as CSV";
    Exporting => "正在导出", "Exporting";
    Exported => "已导出", "Exported";
    ViewChoice => "视图", "View";
    BasicView => "精简", "Compact";
    FullView => "详细", "Detailed";
    Online => "在线", "Online";
    Offline => "离线", "Offline";
    Start => "启动", "Start";
    Stop => "停止", "Stop";
    Started => "已启动", "Started";
    Stopped => "已停止", "Stopped";
    AddTags => "添加标签", "Add tags";
    TagsAdded => "已添加标签", "Tags added";
    DeleteDevice => "删除设备", "Delete device";
    DeleteDevices => "删除所选设备", "Delete selected devices";
    Deleted => "已删除", "Deleted";
    Force => "强制删除（设备上还有应用实例时也删除，实例一并移除）", "Force (delete even while app instances run on it; they are removed too)";
    Activate => "激活", "Activate";
    Deactivate => "解除激活", "Deactivate";
    Activated => "已激活", "Activated";
    Deactivated => "已解除激活", "Deactivated";
    UpgradeFirmware => "升级固件", "Upgrade firmware";
    UpgradeStarted => "已开始升级", "Upgrade started";
    Apply => "执行", "Apply";
    ChooseOrder => "运行服务费订单", "Running-service order";
    ChooseFirmware => "固件", "Firmware";
    Remaining => "剩余", "left";
    // States and what to do about them.
    StateUnconnected => "未连接", "Unconnected";
    StateRunning => "运行中", "Running";
    StateStopped => "已停止", "Stopped";
    HintUnconnected => "设备尚未上报：在设备上安装证书包并启动 agent。", "The device has not reported in yet: install its certificate package on it and start the agent.";
    HintRunning => "设备在线，可以部署应用。", "The device is online; apps can be deployed to it.";
    HintStopped => "设备已被停止，不接收部署；点击“启动”恢复。", "The device was stopped and takes no deployments; Start brings it back.";
    Inactive => "未激活", "Inactive";
    Expired => "已过期", "Expired";
    // The wizard.
    RegisterTitle => "注册设备", "Register a device";
    StepDevice => "设备", "Device";
    StepReview => "确认", "Review";
    StepCertificate => "证书包", "Certificate package";
    Description => "描述", "Description";
    Workspace => "工作空间", "Workspace";
    Npu => "启用 NPU", "NPU";
    NpuType => "NPU 类型", "NPU type";
    Gpu => "启用 GPU", "GPU";
    Logs => "日志设置", "Log settings";
    LogComponent => "日志来源", "Log source";
    LogType => "存储", "Storage";
    LogLevel => "级别", "Level";
    LogSize => "大小（MB，10–1000）", "Size (MB, 10–1000)";
    LogRotateNum => "保留份数", "Rotate count";
    LogRotatePeriod => "轮转周期（仅 ief）", "Rotate period (ief only)";
    EventValidity => "事件有效期（分钟，1–43200）", "Event validity (minutes, 1–43200)";
    // The same, where it is read, not entered: the allowed range belongs to the form.
    EventValidityShown => "事件有效期（分钟）", "Event validity (minutes)";
    BatchLegend => "多台设备", "Several devices";
    Batch => "一次注册多台设备，名称依次编号", "Register several at once, numbered from this name";
    BatchCount => "台数（2–100000）", "How many (2–100000)";
    BatchNames => "将创建的设备名称", "The devices will be named";
    Next => "下一步", "Next";
    Back => "上一步", "Back";
    Create => "注册", "Register";
    Creating => "正在注册…", "Registering…";
    RequestJson => "请求（JSON）", "Request (JSON)";
    Download => "下载证书包", "Download the certificate package";
    DownloadedOk => "已下载证书包", "Certificate package downloaded";
    OnlyOnce => "证书包里的私钥只在这一次给出，之后无法再次下载，只能重新签发（旧证书随之失效）。", "The private key in this package is given this once: it cannot be downloaded again, only re-issued (which retires the old certificate).";
    LeaveUnsaved => "证书包还没有下载，离开后无法再次下载。仍要离开吗？", "The certificate package has not been downloaded and cannot be downloaded later. Leave anyway?";
    InstallSteps => "在设备上安装", "Install it on the device";
    InstallUnpack => "把证书包复制到设备并解压：", "Copy the package to the device and unpack it:";
    InstallPlace => "文件的位置：node.conf 与 cert/ 目录放在 /opt/hilens/ 下。", "Where the files go: node.conf and the cert/ folder under /opt/hilens/.";
    InstallStart => "启动 agent：", "Start the agent:";
    StatusNow => "设备状态", "Device state";
    OpenDevice => "打开设备页面", "Open the device's page";
    Registered => "设备已注册", "Device registered";
    BatchRegistered => "已批量注册设备", "Devices registered";
    RegisterAnother => "再注册一台", "Register another";
    // The device page.
    TabCertificate => "证书", "Certificate";
    TabActivation => "激活", "Activation";
    TabFirmware => "固件", "Firmware";
    TabAlarms => "告警", "Alarms";
    TabInstances => "应用实例", "Instances";
    Edit => "编辑", "Edit";
    Save => "保存", "Save";
    Saved => "已保存", "Saved";
    Id => "设备 ID", "Device ID";
    Cpu => "CPU（核）", "CPU (cores)";
    Memory => "内存（MB）", "Memory (MB)";
    Os => "操作系统", "OS";
    HostIps => "IP 地址", "IP addresses";
    Owner => "用户", "User";
    ActivatedWith => "激活订单", "Activated with";
    Reissue => "重新签发证书", "Re-issue the certificate";
    Reissued => "已签发新证书", "New certificate issued";
    ReissueWarn => "重新签发后旧证书失效，设备需要装上新的证书包才能再次连接。", "After re-issuing, the old certificate stops working: the device needs the new package to connect again.";
    Records => "激活记录", "Activation records";
    NoRecords => "还没有激活记录", "No activation records yet";
    NoOrders => "没有可用的运行服务费订单", "No running-service order available";
    History => "升级历史", "Upgrade history";
    NoHistory => "还没有升级过", "No upgrade yet";
    Progress => "升级进度", "Upgrade progress";
    UpgradeFailed => "升级失败", "Upgrade failed";
    UpgradeDone => "升级成功", "Upgrade succeeded";
    UpgradeRunning => "升级中", "Upgrading";
    ExpiresIn => "离线设备可执行的时限（分钟，可选）", "Time an offline device may still apply it (minutes, optional)";
    DeviceType => "硬件型号", "Hardware model";
    OtherArch => "也显示其他架构的固件（不适合本设备）", "Also show firmwares for other architectures (they do not fit this device)";
    NoFirmware => "没有适合的固件", "No fitting firmware";
    NoAlarms => "没有告警", "No alarms";
    InstanceName => "实例名称", "Instance";
    NoInstances => "此设备上没有应用实例", "No app instance on this device";
    MustBeRunning => "设备运行中才能升级", "The device must be running to upgrade";
    // Asking before a stop or a delete.
    StopDevices => "停止设备", "Stop devices";
    StopDevice => "停止设备", "Stop device";
    ImpactDevices => "设备：", "Devices:";
    ImpactChecking => "正在查看这些设备上运行的应用…", "Checking what runs on them…";
    ImpactUnknown => "无法查看这些设备上运行的应用。", "Could not check what runs on them.";
    ImpactNothing => "这些设备上没有应用实例。", "No app instance runs on them.";
    ImpactStop => "停止后，以下应用部署在这些设备上的实例会停止运行，直到设备再次启动：", "Stopping them stops these deployments' instances on them until the devices start again:";
    ImpactDelete => "删除后，以下应用部署会失去在这些设备上的实例：", "Deleting them removes these deployments' instances on them:";
    DevicesStopped => "设备已停止", "Devices stopped";
    Yes => "是", "Yes";
    No => "否", "No";
    DefaultValue => "默认（由平台决定）", "Default (the platform's)";
    DevicesStarted => "设备已启动", "Devices started";
}

/// "3 instances" in `lang`.
pub fn instances_count(n: usize, lang: hilens_model::Lang) -> String {
    match lang {
        hilens_model::Lang::Zh => format!("{n} 个实例"),
        hilens_model::Lang::En if n == 1 => "1 instance".to_string(),
        hilens_model::Lang::En => format!("{n} instances"),
    }
}

/// "12 instances of 4 deployments" in `lang` (`floor` before the numbers when they are a
/// lower bound).
pub fn instances_of(n: usize, m: usize, floor: &str, lang: hilens_model::Lang) -> String {
    match lang {
        hilens_model::Lang::Zh => format!("{floor}{m} 个应用部署的 {floor}{n} 个实例"),
        hilens_model::Lang::En => {
            let deployments = if m == 1 { "deployment" } else { "deployments" };
            format!("{floor}{} of {floor}{m} {deployments}", instances_count(n, lang))
        }
    }
}

/// A device state's name and what it means for the user.
pub fn state(state: &str) -> Option<(Txt, Txt)> {
    Some(match state {
        "UNCONNECTED" => (StateUnconnected, HintUnconnected),
        "RUNNING" => (StateRunning, HintRunning),
        "STOPPED" => (StateStopped, HintStopped),
        _ => return None,
    })
}

pub fn state_label(state: &str) -> Option<Txt> {
    self::state(state).map(|(label, _)| label)
}

pub fn active_status(status: &str) -> Option<Txt> {
    Some(match status {
        "INACTIVE" => Inactive,
        "ACTIVATED" => Activated,
        "EXPIRED" => Expired,
        _ => return None,
    })
}
