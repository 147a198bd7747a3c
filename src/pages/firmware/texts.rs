//! The firmware catalogue's texts.

crate::texts! {
    DeviceType => "硬件型号", "Hardware model";
    Arch => "架构", "Arch";
    OsName => "操作系统", "OS";
    OsVersion => "系统版本", "OS version";
    Name => "固件名称", "Firmware";
    Version => "版本", "Version";
    Kind => "类型", "Kind";
    Size => "大小（MB）", "Size (MB)";
    Created => "发布时间", "Released";
    NoFirmware => "这个型号没有匹配的固件。", "No firmware matches for this model.";
    UpgradeDevices => "升级设备到此版本", "Upgrade devices to this";
    FittingDevices => "可升级的设备（运行中，架构相同）", "Devices it fits (running, same architecture)";
    NoFitting => "没有适合的运行中设备", "No running device it fits";
    Upgrade => "升级所选设备", "Upgrade the selected devices";
    KindFull => "全量包", "Full";
    KindIncremental => "增量包", "Incremental";
}

/// A firmware package's kind (`type`: full or incremental), in words.
pub fn kind_text(kind: &str) -> Option<crate::i18n::Txt> {
    match kind {
        "full" => Some(KindFull),
        "incremental" => Some(KindIncremental),
        _ => None,
    }
}
