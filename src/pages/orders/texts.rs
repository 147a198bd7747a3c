//! The skill orders' texts.

crate::texts! {
    NavOrders => "技能订单", "Skill orders";
    OrderOf => "技能订单", "Skill order";
    OrderId => "订单 ID", "Order ID";
    UsedAmount => "已使用", "Used";
    Expires => "到期时间", "Expires";
    Never => "永不过期", "Never";
    DefaultOrder => "默认订单", "Default";
    SetDefault => "设为默认", "Set as default";
    NoOrders => "还没有订单", "No orders yet";
    OrderDefaultSet => "已设为默认订单", "Set as the default order";
}
