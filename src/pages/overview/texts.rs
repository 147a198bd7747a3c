//! The overview's texts.

crate::texts! {
    /// Texts of the overview.
    pub struct V {
        Title => "概览", "Overview";
        DevicesByState => "设备状态", "Devices by state";
        DevicesByActivation => "设备激活", "Devices by activation";
        Deployments => "应用部署状态", "Deployments by state";
        InstancesNotRunning => "未在运行的应用实例", "Instances not running";
        NewestAlarms => "最新告警", "Newest alarms";
        LowOrders => "剩余不足 10% 的运行服务费订单", "Service orders with less than 10 % left";
        FreeOrders => "免费技能订单", "Free skill orders";
        Upgrades => "正在进行的固件升级", "Firmware upgrades in progress";
        OfNewest => "（最新的 100 个中）", "(of the newest 100)";
        None => "无", "None";
        All => "全部", "All";
        Updated => "更新于", "Updated";
    }
}
