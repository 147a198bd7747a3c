//! The tags page's texts.

use crate::i18n::Txt;

crate::texts! {
    ResourceType => "资源类型", "Resource type";
    Devices => "设备", "Devices";
    Deployments => "应用部署", "Deployments";
    ConfigMaps => "配置项", "Config maps";
    Secrets => "密钥", "Secrets";
    Key => "标签键", "Key";
    Value => "标签值", "Value";
    Resources => "资源数", "Resources";
    NoTags => "这类资源还没有标签。", "No resource of this type has tags yet.";
    Open => "查看这些资源", "Show them";
}

pub fn resource_type(kind: &str) -> Option<Txt> {
    Some(match kind {
        "node" => Devices,
        "deployment" => Deployments,
        "configmap" => ConfigMaps,
        "secret" => Secrets,
        _ => return None,
    })
}
