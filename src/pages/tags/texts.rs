//! The tags page's texts.

use crate::i18n::Txt;

crate::texts! {
    /// Texts of the tags page.
    pub struct G {
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
}

impl G {
    pub fn resource_type(kind: &str) -> Option<Txt> {
        Some(match kind {
            "node" => G::Devices,
            "deployment" => G::Deployments,
            "configmap" => G::ConfigMaps,
            "secret" => G::Secrets,
            _ => return None,
        })
    }
}
