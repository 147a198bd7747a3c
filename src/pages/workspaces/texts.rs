//! The workspaces' texts.

crate::texts! {
    Name => "名称", "Name";
    Description => "描述", "Description";
    Created => "创建时间", "Created";
    Updated => "更新时间", "Updated";
    Owner => "所有者", "Owner";
    Id => "工作空间 ID", "Workspace ID";
    EnterpriseProject => "企业项目", "Enterprise project";
    New => "创建工作空间", "New workspace";
    Create => "创建", "Create";
    Created2 => "已创建工作空间", "Workspace created";
    None => "没有工作空间。", "No workspaces.";
    Edit => "编辑描述", "Edit description";
    Save => "保存", "Save";
    Saved => "已保存", "Saved";
    Delete => "删除工作空间", "Delete workspace";
    Deleted => "已删除工作空间", "Workspace deleted";
    Holds => "这个工作空间里还有资源，删除前先把它们删掉或移走：", "The workspace still holds resources; delete or move them first:";
    Devices => "台设备", "devices";
    ConfigMaps => "个配置项", "config maps";
    Secrets => "个密钥", "secrets";
    SwitchTo => "切换到此工作空间", "Switch to this workspace";
    Current => "当前工作空间", "Current workspace";
    // The badge in the column above: the column says what it is about.
    CurrentBadge => "当前", "Current";
    DefaultCannot => "默认工作空间不能删除。", "The default workspace cannot be deleted.";
    HoldsNothing => "它不包含设备、配置项或密钥。", "It holds no device, config map or secret.";
    YouAreIn => "你正在使用这个工作空间；删除后将回到默认工作空间。", "You are in this workspace; after the delete you are back in the default one.";
}
