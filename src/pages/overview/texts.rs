//! The overview's texts.

crate::texts! {
    Title => "概览", "Overview";
    Devices => "设备", "Devices";
    Deployments => "应用部署", "Deployments";
    Alarms => "告警", "Alarms";
    Upgrades => "正在进行的固件升级", "Firmware upgrades in progress";
    LowOrders => "剩余不足 10% 的运行服务费订单", "Service orders with less than 10 % left";
    InAll => "总数", "In all";
    ByState => "按连接状态", "By connection";
    ByActivation => "按激活状态", "By activation";
    ByHealth => "按运行状况", "By health";
    ByLevel => "按级别", "By level";
    SampledDeployments => "按最新的 100 个部署统计：API 不能按状态筛选部署。", "Counted among the newest 100 deployments: the API cannot filter deployments by state.";
    SampledAlarms => "按最新的 1000 条告警统计：API 不能按级别筛选告警。", "Counted among the newest 1000 alarms: the API cannot filter alarms by level.";
    SampledUpgrades => "按最新的 100 台设备统计：API 不能按升级状态筛选设备。", "Counted among the newest 100 devices: the API cannot filter devices by upgrade.";
    UpgradeProgress => "升级进度", "Upgrade progress";
    Left => "剩余", "left";
    None => "无", "None";
    StartTitle => "注册第一台设备", "Register your first device";
    StartLead => "这个工作空间还没有设备。接入一台设备并在上面运行 AI 技能：", "This workspace has no device yet. Bring one in and run an AI skill on it:";
    StartRegister => "注册设备，并保存它的证书包。", "Register a device and save its certificate package.";
    StartInstall => "在设备上安装证书包并启动 agent：设备随后显示为运行中。", "Install the package on the device and start its agent: it then shows as Running.";
    StartSkill => "在技能市场中选择一个技能", "Choose a skill in the skill market";
    StartDeploy => "把它部署到你的设备上", "Deploy it to your devices";
    RegisterDevice => "注册设备", "Register a device";
}
