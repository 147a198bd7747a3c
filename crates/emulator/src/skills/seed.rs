//! The seeded skill market: 240 skills made from a few lists, the same on every machine, so a
//! new user sees a living market and tests can count on what is there.

use hilens_model::skills::{SkillInfo, CHIPS, PERMISSIONS, SKILL_FORMS, TEMPLATE_SOURCES};
use rusqlite::{params, Connection};

use crate::clock::market_time;

/// (Chinese name, English name, main scene, sub scene).
const BASES: &[(&str, &str, &str, &str)] = &[
    ("行人检测", "Pedestrian-Detection", "园区", "行人轨迹"),
    ("人脸识别", "Face-Recognition", "园区", "门禁考勤"),
    ("安全帽检测", "Helmet-Detection", "工地", "安全生产"),
    ("车辆计数", "Vehicle-Counting", "交通", "车流统计"),
    ("车牌识别", "License-Plate-OCR", "交通", "停车管理"),
    ("口罩检测", "Mask-Detection", "社区", "防疫管控"),
    ("客流统计", "Crowd-Counting", "零售", "客流分析"),
    ("烟火检测", "Fire-Smoke-Alert", "园区", "消防安全"),
    ("区域入侵", "Intrusion-Detection", "园区", "周界防范"),
    ("垃圾分类", "Waste-Sorting", "社区", "环境卫生"),
    ("手势识别", "Gesture-Control", "家居", "人机交互"),
    ("跌倒检测", "Fall-Detection", "家居", "老人看护"),
    ("吸烟检测", "Smoking-Detection", "工厂", "安全生产"),
    ("反光衣检测", "Safety-Vest-Check", "工地", "安全生产"),
    ("电动车识别", "E-Bike-Detection", "社区", "电梯管控"),
    ("人体骨骼点", "Pose-Estimation", "教育", "体育训练"),
    ("宠物识别", "Pet-Finder", "家居", "宠物看护"),
    ("工服检测", "Uniform-Check", "工厂", "规范作业"),
    ("排队长度", "Queue-Length", "零售", "服务效率"),
    ("明厨亮灶", "Kitchen-Hygiene", "餐饮", "食品安全"),
];
const ZH_EDITIONS: &[&str] = &["", "-专业版", "-轻量版", "-增强版", "-边缘版", "-极速版"];
const EN_EDITIONS: &[&str] = &["", "-Pro", "-Lite", "-Plus", "-Edge", "-Turbo"];
const DEVELOPERS: &[&str] = &["EI_HiLens", "Huawei_EI", "SmartCity_Lab", "VisionWorks", "EdgeAI_Studio", "ShenZhen_AI"];
const VERSIONS: &[&str] = &["1.0.0", "1.0.1", "1.1.0", "2.0.0"];
const MEASURE_UNITS: &[&str] = &["road", "qps", "instance"];
/// 2022-06-01 00:00 UTC; skills were published every 2 days and 37 minutes from then on.
const FIRST_PUBLISH: i64 = 1_654_041_600;

pub const SEEDED_SKILLS: usize = 240;

/// Device types a chip's skills run on (names without spaces: the filter separates by space).
fn device_types(chip: &str) -> Vec<String> {
    let names: &[&str] = match chip {
        "Ascend 310" => &["HiLens_Kit", "Atlas_500"],
        "Ascend 310(Atlas 200 DK)" => &["Atlas_200_DK"],
        "Arm" => &["Android_Phone", "RK3399_Board"],
        "x86" => &["x86_Server", "Windows_PC"],
        _ => &["HiSilicon_IPC"],
    };
    names.iter().map(|s| s.to_string()).collect()
}

fn platform(chip: &str, i: usize) -> &'static str {
    match chip {
        c if c.starts_with("35") => "LiteOS",
        "Arm" => ["Android", "Linux"][i % 2],
        "x86" => ["Linux", "Windows"][i % 2],
        _ => "Linux",
    }
}

/// A stable 32-hex-digit id for seed `i` (splitmix64 of the index).
fn skill_id(i: usize) -> String {
    let mix = |mut z: u64| {
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let seed = (i as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    format!("{:016x}{:016x}", mix(seed), mix(seed ^ 0x5851_f42d_4c95_7f2d))
}

/// The row values of seed skill `i`: (info, skill_form, permission, template_source, publish time, versions).
pub fn seed_skill(i: usize) -> (SkillInfo, &'static str, &'static str, &'static str, i64, Vec<String>) {
    let (zh, en, main_scene, sub_scene) = BASES[i % BASES.len()];
    let variant = i / BASES.len(); // 0..12
    let name = if variant.is_multiple_of(2) {
        format!("{zh}{}", ZH_EDITIONS[variant / 2])
    } else {
        format!("{en}{}", EN_EDITIONS[variant / 2])
    };
    let chip = CHIPS[(i * 7 + variant) % CHIPS.len()];
    let lite = chip.starts_with("35");
    let versions: Vec<String> = VERSIONS[..=(i % VERSIONS.len())].iter().map(|v| v.to_string()).collect();
    let published = FIRST_PUBLISH + i as i64 * (2 * 86_400 + 37 * 60);
    let status = if i % 17 == 5 {
        0
    } else if i % 23 == 7 {
        2
    } else {
        1
    };
    let measure_unit = MEASURE_UNITS[i % MEASURE_UNITS.len()];
    let mut scenes = vec![main_scene.to_string()];
    if i.is_multiple_of(3) {
        scenes.push("通用".to_string());
    }
    let info = SkillInfo {
        skill_id: skill_id(i),
        name,
        version: versions.last().cloned(),
        version_num: Some(versions.len() as i64),
        sub_scenes: Some(sub_scene.into()),
        main_scenes: Some(main_scene.into()),
        scenes,
        app_template_id: i.is_multiple_of(4).then(|| format!("tmpl-{:04}", i)),
        icon: None,
        description: Some(format!("{zh}（{en}）：面向{main_scene}场景的{sub_scene}技能，运行于 {chip}。")),
        summary: Some(format!("{en} for {main_scene} / {sub_scene}")),
        product_info: vec![],
        skill_type: Some(if lite { "lite" } else { "standard" }.into()),
        platform: Some(platform(chip, i).into()),
        chip: Some(chip.into()),
        device_types: device_types(chip),
        self_dev_flag: Some(i64::from(i.is_multiple_of(5))),
        measure_type: Some(if i.is_multiple_of(2) { "physical_src" } else { "src" }.into()),
        measure_unit: Some(measure_unit.into()),
        charge_model: Some(((i * 3) % 5) as i64),
        approval_result: Some(
            match status {
                1 => "ok",
                2 => "rejected",
                _ => "pending",
            }
            .into(),
        ),
        approval_time: Some(market_time(published - 3600)),
        update_time: Some(market_time(published - 3600)),
        publish_time: Some(market_time(published)),
        channel_limit: Some(if measure_unit == "road" { [4, 8, 16][i % 3] } else { 10_000 }),
        resource_step_size: Some(1),
        cloud_service_type: None,
        resource_type: None,
        resource_spec_code: None,
        test_status: Some(0),
        test_result: None,
        is_verify_model: Some(i.is_multiple_of(7)),
        format: Some(if i % 3 == 1 { "image" } else { "file" }.into()),
        tags: if i % 4 == 1 { vec!["推荐".into()] } else { vec![] },
        size: Some(1000 + ((i * 37_301) % 90_000) as i64),
        install_times: Some(((i * 7919) % 5000) as i64),
        privacy_policy: vec![],
        developer: Some(DEVELOPERS[i % DEVELOPERS.len()].into()),
        status: Some(status),
    };
    let form = SKILL_FORMS[i % SKILL_FORMS.len()];
    let permission = PERMISSIONS[usize::from(i % 9 == 4)];
    let source = TEMPLATE_SOURCES[i % TEMPLATE_SOURCES.len()];
    (info, form, permission, source, published, versions)
}

/// Fills an empty market; a market that already has skills is left as it is.
pub fn seed_if_empty(conn: &Connection) -> rusqlite::Result<()> {
    let count: i64 = conn.query_row("SELECT COUNT(*) FROM skills", [], |r| r.get(0))?;
    if count > 0 {
        return Ok(());
    }
    let tx = conn.unchecked_transaction()?;
    {
        let mut insert = tx.prepare(
            "INSERT INTO skills (skill_id, name, skill_form, permission, template_source, status, charge_model,
                platform, chip, type, device_types, scenes, publish_time, versions, info)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        )?;
        for i in 0..SEEDED_SKILLS {
            let (info, form, permission, source, published, versions) = seed_skill(i);
            insert.execute(params![
                info.skill_id,
                info.name,
                form,
                permission,
                source,
                info.status,
                info.charge_model,
                info.platform,
                info.chip,
                info.skill_type,
                json(&info.device_types),
                json(&info.scenes),
                published,
                json(&versions),
                json(&info),
            ])?;
        }
    }
    tx.commit()
}

/// The seed's values are plain data and cannot fail to encode.
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use hilens_model::skills::validate_skill_name;

    #[test]
    fn seeded_skills_are_unique_valid_and_varied() {
        let skills: Vec<_> = (0..SEEDED_SKILLS).map(seed_skill).collect();
        let mut names: Vec<&str> = skills.iter().map(|s| s.0.name.as_str()).collect();
        let mut ids: Vec<&str> = skills.iter().map(|s| s.0.skill_id.as_str()).collect();
        names.sort();
        names.dedup();
        ids.sort();
        ids.dedup();
        assert_eq!((names.len(), ids.len()), (SEEDED_SKILLS, SEEDED_SKILLS));
        for s in &skills {
            validate_skill_name(&s.0.name).unwrap();
        }
        for chip in CHIPS {
            assert!(skills.iter().any(|s| s.0.chip.as_deref() == Some(chip)), "{chip}");
        }
        for model in 0..5 {
            assert!(skills.iter().any(|s| s.0.charge_model == Some(model)));
        }
        assert!(skills.iter().any(|s| s.5.len() > 1));
    }
}
