//! The deployments' texts: the list, the editor and the deployment page.

use crate::i18n::Txt;

crate::texts! {
    Name => "名称", "Name";
    NameFilter => "名称（模糊）", "Name (contains)";
    State => "状态", "State";
    Instances => "实例（就绪 / 期望）", "Instances (ready / desired)";
    Source => "来源", "Source";
    Version => "版本", "Version";
    Targets => "部署目标", "Targets";
    Created => "创建时间", "Created";
    Actions => "操作", "Actions";
    Updated => "更新时间", "Updated";
    NodeId => "设备 ID", "Device ID";
    DeviceFilter => "设备", "Device";
    ClusterId => "集群 ID", "Cluster ID";
    Provider => "设备类型", "Provider";
    NoDeployments => "没有应用部署。点击“创建部署”把应用部署到设备上。", "No deployments. Choose “New deployment” to put an app on devices.";
    New => "创建部署", "New deployment";
    Edit => "编辑", "Edit";
    Pause => "暂停", "Pause";
    Resume => "继续", "Resume";
    Paused => "已暂停", "Paused";
    Resumed => "已继续", "Resumed";
    DeleteDeployment => "删除部署", "Delete deployment";
    Deleted => "部署已删除", "Deployment deleted";
    StateCreating => "创建中", "Creating";
    StateRunning => "运行中", "Running";
    StatePaused => "已暂停", "Paused";
    StateFailed => "失败", "Failed";
    StateDegraded => "降级", "Degraded";
    HintDegraded => "部分实例未就绪（例如设备已停止）；原因见部署详情", "Some instances are not ready (a device stopped, for one); the deployment's page says why";
    HintCreating => "正在把应用下发到设备；完成后变为运行中", "The app is being sent to the devices; it becomes Running when done";
    HintRunning => "应用在所有目标设备上运行", "The app runs on its target devices";
    HintPaused => "实例已暂停；“继续”让它们再次运行", "Its instances are paused; Resume runs them again";
    HintFailed => "部分设备部署失败；原因见部署详情", "Some devices failed; the deployment's page says why";
    SourceCustom => "自定义镜像", "Custom image";
    SourceMarket => "技能市场", "Skill market";
    SourceGallery => "AI Gallery", "AI Gallery";
    SourceSkill => "技能项目", "Skill project";
    ByDevices => "按设备", "By devices";
    ByTags => "按设备标签", "By device tags";
    ByCluster => "按集群", "By cluster";
    FixedTargets => "部署的目标和应用来源在创建时确定，之后不能修改。要在更多设备上运行，请在部署页面使用“添加设备”。",
        "Where a deployment runs and where its app comes from are set when it is made. To run it on more devices, use Add devices on its page.";
    DevicesCount => "台设备", "devices";
    DeviceCount => "台设备", "device";
    // The editor.
    NewTitle => "创建应用部署", "New deployment";
    EditTitle => "编辑应用部署", "Edit deployment";
    TabForm => "表单", "Form";
    TabJson => "JSON", "JSON";
    Basics => "基本信息", "Basics";
    Description => "描述", "Description";
    Tags => "标签", "Tags";
    TagKey => "标签键", "Tag key";
    TagValue => "标签值", "Tag value";
    SourceKind => "应用来源", "App source";
    Skill => "技能", "Skill";
    SkillVersion => "技能版本", "Skill version";
    Order => "订单（剩余数量）", "Order (amount left)";
    ChooseSkill => "选择技能", "Choose a skill";
    ChooseOrder => "选择订单", "Choose an order";
    NoOrders => "没有可用订单。请先在技能详情页创建免费订单。", "No usable order. Create a free order on the skill's page first.";
    Left => "剩余", "left";
    TargetRule => "部署目标：设备 ID、设备标签与集群三者必须且只能选一种。", "Targets: exactly one of device ids, device tags and a cluster.";
    TargetKind => "目标方式", "Target by";
    PickDevices => "选择设备", "Choose devices";
    SearchDevices => "搜索设备", "Search devices";
    Selected => "已选设备", "Chosen devices";
    NodeTags => "设备标签", "Device tags";
    NodeNum => "部署设备数", "Number of devices";
    MatchingDevices => "带这些标签的设备", "Devices with these tags";
    Replicas => "每台设备的实例数（1–99）", "Instances per device (1–99)";
    Apps => "应用", "Apps";
    App => "应用", "App";
    InitContainers => "初始化容器", "Init containers";
    InitContainer => "初始化容器", "Init container";
    AppName => "应用名称", "App name";
    AppUrl => "镜像地址", "Image URL";
    Command => "启动命令（每行一项）", "Command (one item a line)";
    Args => "启动参数（每行一项）", "Args (one item a line)";
    Privileged => "特权模式", "Privileged";
    NpuType => "NPU 类型", "NPU type";
    NoneOption => "无", "None";
    ChannelLimit => "路数限制（0–1000）", "Channel limit (0–1000)";
    Resources => "资源", "Resources";
    ResourcesHint => "CPU 单位为核（0.01–1000），内存单位为 MB（请求 0.01–1024000，限制至少 4），NPU / GPU 为卡数（0–1000）。", "CPU in cores (0.01–1000), memory in MB (requests 0.01–1024000, limits at least 4), NPU / GPU in cards (0–1000).";
    Requests => "请求", "Requests";
    Limits => "限制", "Limits";
    Cpu => "CPU（核）", "CPU (cores)";
    Memory => "内存（MB）", "Memory (MB)";
    Npu => "NPU", "NPU";
    Gpu => "GPU", "GPU";
    Envs => "环境变量", "Env";
    Env => "环境变量", "Env";
    EnvRule => "每个变量只能取一种值：直接值、配置项、密钥或主机 IP。", "Each env takes one value only: a value, a config map key, a secret key or the host IP.";
    EnvName => "变量名", "Name";
    EnvValue => "值", "Value";
    FromConfigMap => "配置项", "Config map";
    FromSecret => "密钥", "Secret";
    ConfigMapKey => "配置项的键", "Config map key";
    SecretKey => "密钥的键", "Secret key";
    HostIp => "取主机 IP（status.hostIP）", "Host IP (status.hostIP)";
    Ports => "端口", "Ports";
    Port => "端口", "Port";
    ContainerPort => "容器端口（1–65535）", "Container port (1–65535)";
    HostPort => "主机端口", "Host port";
    HostPortMin => "主机端口范围：最小", "Host port range: min";
    HostPortMax => "主机端口范围：最大", "Host port range: max";
    HostIpAddress => "主机 IP", "Host IP";
    Liveness => "存活探针", "Liveness probe";
    Readiness => "就绪探针", "Readiness probe";
    ProbeKind => "探测方式", "Check by";
    ProbeExec => "执行命令", "Run a command";
    ProbeHttp => "HTTP GET", "HTTP GET";
    ProbeCommand => "命令", "Command";
    ProbePath => "路径", "Path";
    ProbePort => "端口", "Port";
    Scheme => "协议", "Scheme";
    InitialDelay => "初始延迟（秒，1–3600）", "Initial delay (s, 1–3600)";
    Timeout => "超时（秒，1–3600）", "Timeout (s, 1–3600)";
    Volumes => "卷", "Volumes";
    Volume => "卷", "Volume";
    VolumeName => "卷名称", "Volume name";
    VolumeType => "类型", "Type";
    VolumeSource => "来源（主机路径、介质或名称）", "Source (host path, medium or name)";
    Destination => "挂载路径", "Mount path";
    ReadOnly => "只读", "Read-only";
    ReadOnlyForced => "配置项与密钥卷总是只读", "Config map and secret volumes are always read-only";
    PodSettings => "实例设置", "Instance settings";
    RestartPolicy => "重启策略", "Restart policy";
    HostNetwork => "主机网络", "Host network";
    HostPid => "主机 PID", "Host PID";
    Migration => "允许迁移", "Migration";
    Toleration => "容忍时间（秒，0–86400）", "Toleration (s, 0–86400)";
    Affinity => "亲和性", "Affinity";
    NodeAffinity => "设备亲和规则", "Device affinity rule";
    PodAffinity => "实例亲和规则", "Instance affinity rule";
    AffinityKey => "键", "Key";
    Operator => "运算符", "Operator";
    Values => "值（逗号分隔）", "Values (comma-separated)";
    OperatorRule => "“属于”“不属于”需要值；“存在”“不存在”不带值；“大于”“小于”恰好一个整数。", "\u{201c}is one of\u{201d} and \u{201c}is not one of\u{201d} need values; \u{201c}exists\u{201d} and \u{201c}does not exist\u{201d} take none; \u{201c}is greater than\u{201d} and \u{201c}is less than\u{201d} exactly one integer.";
    OpIn => "属于（In）", "is one of (In)";
    OpNotIn => "不属于（NotIn）", "is not one of (NotIn)";
    OpExists => "存在（Exists）", "exists (Exists)";
    OpDoesNotExist => "不存在（DoesNotExist）", "does not exist (DoesNotExist)";
    OpGt => "大于（Gt）", "is greater than (Gt)";
    OpLt => "小于（Lt）", "is less than (Lt)";
    RestartAlways => "总是重启", "Always restart";
    RestartOnFailure => "失败时重启", "Restart on failure";
    RestartNever => "从不重启", "Never restart";
    Problems => "请修正以下问题", "Fix these first";
    NotAnInteger => "必须是整数", "must be an integer";
    Review => "检查", "Review";
    Create => "创建", "Create";
    Apply => "应用更改", "Apply";
    BackToEdit => "返回修改", "Back to the form";
    ReviewTitle => "检查更改", "Review the change";
    NoChanges => "没有更改。", "Nothing changed.";
    Field => "字段", "Field";
    Before => "原值", "Before";
    After => "新值", "After";
    RequestBody => "请求体", "Request body";
    JsonHint => "这是将发送的请求体。可直接编辑；能解析的内容会同步到表单。", "This is the body to be sent. Edit it here; what parses flows back into the form.";
    JsonBroken => "JSON 无法解析，表单未更改", "The JSON does not parse; the form is unchanged";
    Created2 => "部署已创建", "Deployment created";
    Updated2 => "部署已更新", "Deployment updated";
    DraftRestored => "已恢复未完成的草稿", "An unfinished draft was restored";
    DiscardDraft => "丢弃草稿", "Discard the draft";
    Deploy => "部署", "Deploy";
    // The deployment page.
    Id => "ID", "ID";
    Reason => "原因", "Reason";
    Rollout => "设备", "Devices";
    RolloutDevice => "设备", "Device";
    RolloutResult => "结果", "Result";
    RolloutOk => "成功", "Succeeded";
    RolloutPending => "进行中", "In progress";
    TabChange => "修改变量与版本", "Env and version";
    TabAddDevices => "添加设备", "Add devices";
    TabInstances => "实例", "Instances";
    TabJobs => "作业", "Jobs";
    PatchHint => "只修改环境变量的值与版本（对所有应用生效）。", "Changes env values and the version only (on every app).";
    PatchEnvs => "环境变量（键 = 值）", "Env (name = value)";
    SourcedEnvs => "从别处取值的环境变量（在编辑页修改）：", "Envs whose values come from elsewhere (change them on the edit page):";
    Save => "保存", "Save";
    Saved => "已保存", "Saved";
    AddDevicesHint => "按名称选择设备，或按设备标签加设备。", "Add devices chosen by name, or by device tags.";
    AddDevices => "添加设备", "Add devices";
    DevicesAdded => "设备已添加", "Devices added";
    AllInstances => "在实例页管理", "Manage on the instances page";
    AllJobs => "在作业页管理", "Manage on the jobs page";
    NewJob => "创建作业", "New job";
    // Rules in the form's words (where the model's name other fields by their API names).
    RuleEnvOne => "只能取一种值：直接值、配置项的键、密钥的键或主机 IP", "takes exactly one value: a value, a config map key, a secret key or the host IP";
    RuleFromOne => "请选择配置项或密钥中的一个", "choose a config map or a secret, not both";
    RuleProbeOne => "请选择一种探测方式：执行命令或 HTTP GET", "choose one way to check: a command or HTTP GET";
    RuleHostPortOne => "不能与主机端口范围同时填写", "cannot be given together with a host port range";
    RuleAboveMin => "必须大于最小端口", "must be greater than the minimum";
    RuleChooseDevices => "请至少选择一台设备", "choose at least one device";
    RuleOneTarget => "只能选择一种部署目标", "choose only one kind of target";
    RuleNodeNum => "按设备标签部署时必须填写", "is required when deploying by device tags";
    RuleSkillProject => "来源为技能项目时必须填写", "is required for a skill project";
    RulePatchEmpty => "请修改版本或至少一个环境变量", "change the version or at least one env value";
    // Asking before a pause or a delete.
    PauseDeployments => "暂停部署", "Pause deployments";
    ImpactChecking => "正在读取这些部署…", "Reading these deployments…";
    ImpactPause => "暂停后，这些部署在以下设备上的实例停止运行，直到继续：", "Pausing stops their instances on these devices until they are resumed:";
    ImpactDelete => "删除后，这些部署及其在以下设备上的实例和作业都会被移除：", "Deleting removes them, with their instances on these devices and their jobs:";
}

/// A health's name (none for a state this project does not know).
/// A health by its name in an address (`hilens_model::deployments::HEALTH_KEYS`).
pub fn health_named(key: &str) -> Option<Txt> {
    Some(match key {
        "running" => StateRunning,
        "degraded" => StateDegraded,
        "paused" => StatePaused,
        "failed" => StateFailed,
        "creating" => StateCreating,
        _ => return None,
    })
}

pub fn health(health: hilens_model::deployments::Health) -> Option<Txt> {
    use hilens_model::deployments::Health;
    Some(match health {
        Health::Paused => StatePaused,
        Health::Creating => StateCreating,
        Health::Degraded { .. } => StateDegraded,
        Health::Running => StateRunning,
        Health::Failed => StateFailed,
        Health::Other => return None,
    })
}

pub fn source(source: &str) -> Option<Txt> {
    Some(match source {
        "userdefined" => SourceCustom,
        "hlm" => SourceMarket,
        "aig" => SourceGallery,
        "skill" => SourceSkill,
        _ => return None,
    })
}

/// Texts of a deployment's configuration summary (`config.rs`).
pub mod config {
    crate::texts! {
        Title => "配置", "Configuration";
        None => "无", "none";
        Yes => "是", "yes";
        No => "否", "no";
        Command => "启动命令与参数", "Command and args";
        Host => "主机", "host";
        After => "延迟", "after";
        TimeoutAfter => "超时", "timeout";
    }
}

/// An affinity rule's operator in words (the API's name in brackets, as the reference and the
/// rules' messages call it).
pub fn operator_text(op: &str) -> Option<crate::i18n::Txt> {
    Some(match op {
        "In" => OpIn,
        "NotIn" => OpNotIn,
        "Exists" => OpExists,
        "DoesNotExist" => OpDoesNotExist,
        "Gt" => OpGt,
        "Lt" => OpLt,
        _ => return None,
    })
}

/// A restart policy in words.
pub fn restart_policy_text(policy: &str) -> Option<crate::i18n::Txt> {
    Some(match policy {
        "Always" => RestartAlways,
        "OnFailure" => RestartOnFailure,
        "Never" => RestartNever,
        _ => return None,
    })
}
