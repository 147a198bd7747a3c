//! The secrets' texts.

crate::texts! {
    New => "创建密钥", "New secret";
    None => "没有匹配的密钥。创建一个，或放宽筛选条件。", "No secret matches. Create one, or loosen the filters.";
    Delete => "删除密钥", "Delete secret";
}
