//! The running-service orders' texts.

crate::texts! {
    NavServiceOrders => "运行服务费订单", "Service orders";
    OrderId => "订单 ID", "Order ID";
    DeviceType => "设备规格", "Device class";
    OrderType => "订单类型", "Order type";
    Amount => "用量", "Usage";
    Used => "已用", "used";
    Of => "共", "of";
    Status => "状态", "Status";
    Updated => "更新时间", "Updated";
    Devices => "已激活的设备", "Devices activated with it";
    ShowDevices => "查看设备", "Show devices";
    NoDevices => "还没有设备用它激活", "No device activated with it yet";
    NoOrders => "没有订单。", "No orders.";
    // `device_type` and `type` of an order, as the API reference (5.1.12) names them.
    ClassLite => "轻量型设备", "Lightweight device";
    ClassSmall => "小型设备", "Small device";
    ClassLarge => "大型设备", "Large device";
    ClassLargeCpu => "CPU 大型设备", "Large device (CPU)";
    ClassLargeGpuNpu => "GPU/NPU 大型设备", "Large device (GPU, NPU)";
    TypeProfessional => "专业版", "Professional edition";
    TypeStandard => "标准版", "Standard edition";
}

/// An order's device class in words (`None`: a value the reference does not name, shown as is).
pub fn device_class(value: &str) -> Option<crate::i18n::Txt> {
    Some(match value {
        "lite_device" => ClassLite,
        "small_device" => ClassSmall,
        "large_device" => ClassLarge,
        "large_device_cpu" => ClassLargeCpu,
        "large_device_gpu_npu" => ClassLargeGpuNpu,
        _ => return None,
    })
}

/// An order's device class in `lang`'s words, or as the API gave it.
pub fn device_class_in(value: &str, lang: hilens_model::Lang) -> String {
    device_class(value).map_or_else(|| value.to_string(), |t| t.text(lang).to_string())
}

/// An order's type (edition) in words.
pub fn order_type(value: &str) -> Option<crate::i18n::Txt> {
    Some(match value {
        "running_service" => TypeProfessional,
        "development_service" => TypeStandard,
        _ => return None,
    })
}
