//! The jobs' texts.

crate::texts! {
    Deployment => "应用部署", "Deployment";
    ChooseDeployment => "选择应用部署", "Choose a deployment";
    PickFirst => "先选择一个应用部署，再查看它的作业。", "Choose a deployment to see its jobs.";
    None => "该部署没有作业。点击“创建作业”添加。", "This deployment has no jobs. Choose “New job” to add one.";
    Name => "作业名称", "Job name";
    Description => "描述", "Description";
    Created => "时间", "Time";
    Pods => "实例", "Instances";
    New => "创建作业", "New job";
    NewTitle => "创建作业", "New job";
    EditTitle => "编辑作业", "Edit job";
    Edit => "编辑", "Edit";
    Delete => "删除作业", "Delete job";
    Deleted => "作业已删除", "Job deleted";
    Saved => "作业已保存", "Job saved";
    Save => "保存", "Save";
    Streams => "作业流", "Streams";
    Stream => "作业流", "Stream";
    Input => "输入", "Input";
    Outputs => "输出", "Outputs";
    StreamsHint => "路数不能超过部署中应用的最小路数限制", "No more streams than the deployment's smallest app channel limit";
    ChannelLimit => "路数限制", "Channel limit";
    InputType => "输入类型", "Input type";
    InputData => "输入参数（JSON 对象）", "Input data (a JSON object)";
    OutputType => "输出类型", "Output type";
    OutputData => "输出参数（JSON 对象）", "Output data (a JSON object)";
    TypeCamera => "摄像头", "Camera";
    TypeVcn => "VCN 通道", "VCN channel";
    TypeDis => "DIS 数据通道", "DIS stream";
    Schedule => "运行时间（可选）", "Schedule (optional)";
    // The same, where it is read, not entered.
    ScheduleShown => "运行时间", "Schedule";
    StartTime => "开始时间（YYYY-MM-DD HH:MM）", "Start time (YYYY-MM-DD HH:MM)";
    YourZone => "时间按你的时区填写和显示：", "Times are typed and shown in your time zone:";
    Daily => "每日", "daily";
    Starts => "开始于", "Starts";
    FrameStart => "每日时段：开始（HH:MM）", "Daily window: start (HH:MM)";
    FrameStop => "每日时段：结束（HH:MM）", "Daily window: stop (HH:MM)";
    Status => "各实例状态", "Status per instance";
    Pod => "实例", "Instance";
    State => "状态", "State";
    Cause => "原因", "Cause";
    Ok => "成功", "OK";
    Running => "运行", "Running";
    Failed => "失败", "Failed";
    Pending => "等待", "Pending";
    All => "总数", "All";
    Problems => "请修正", "Fix this first";
}

/// The name of an input or output type of the model's lists (`tasks::INPUT_TYPES`,
/// `OUTPUT_TYPES`).
pub fn type_name(value: &str) -> Option<crate::i18n::Txt> {
    Some(match value {
        "camera" => TypeCamera,
        "vcn" => TypeVcn,
        "dis" => TypeDis,
        _ => return Option::None, // `None` alone is this module's text
    })
}
