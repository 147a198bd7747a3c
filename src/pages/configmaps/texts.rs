//! The config maps' texts.

crate::texts! {
    New => "创建配置项", "New config map";
    None => "没有匹配的配置项。创建一个，或放宽筛选条件。", "No config map matches. Create one, or loosen the filters.";
    Delete => "删除配置项", "Delete config map";
}
