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
    NoDevices => "还没有设备用它激活", "No device activated with it yet";
    NoOrders => "没有订单。", "No orders.";
}
