//! A device's certificate package: base64 of a .tar.gz holding `node.conf` (what the device
//! needs to find and identify itself), a real X.509 certificate and its private key (PEM).
//! The private key exists only in this package; the emulator keeps no copy.

use std::io::Write;

use base64::Engine;
use flate2::write::GzEncoder;
use flate2::Compression;

/// What goes into node.conf.
pub struct NodeConf<'a> {
    pub node_id: &'a str,
    pub name: &'a str,
    pub project_id: &'a str,
    pub batch: i64,
}

pub fn build(conf: &NodeConf) -> Result<String, String> {
    let cert =
        rcgen::generate_simple_self_signed(vec![conf.node_id.to_string()]).map_err(|e| format!("certificate: {e}"))?;
    let node_conf = serde_json::json!({
        "node_id": conf.node_id,
        "node_name": conf.name,
        "project_id": conf.project_id,
        "batch": conf.batch,
        "endpoints": {
            "hilens": "https://hilens.cn-north-4.myhuaweicloud.com",
            "iam": "https://iam.cn-north-4.myhuaweicloud.com",
        },
        "certificate": "cert/node.crt",
        "private_key": "cert/node.key",
    });
    let files: [(&str, Vec<u8>); 3] = [
        ("node.conf", serde_json::to_vec_pretty(&node_conf).unwrap_or_default()),
        ("cert/node.crt", cert.cert.pem().into_bytes()),
        ("cert/node.key", cert.key_pair.serialize_pem().into_bytes()),
    ];
    let mut tar = tar::Builder::new(GzEncoder::new(Vec::new(), Compression::default()));
    for (path, data) in files {
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(if path.ends_with(".key") { 0o600 } else { 0o644 });
        header.set_mtime(crate::clock::now_secs().max(0) as u64);
        header.set_cksum();
        tar.append_data(&mut header, path, data.as_slice()).map_err(|e| format!("package: {e}"))?;
    }
    let gz = tar.into_inner().map_err(|e| format!("package: {e}"))?;
    let mut gz = gz;
    gz.flush().map_err(|e| format!("package: {e}"))?;
    let bytes = gz.finish().map_err(|e| format!("package: {e}"))?;
    Ok(base64::engine::general_purpose::STANDARD.encode(bytes))
}
