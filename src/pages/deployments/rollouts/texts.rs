//! The staged roll-outs' texts: the form and its preview, the live page, the badges.

use hilens_model::rollouts::{DeviceStep, RolloutAction, RolloutState, WaveState};

use crate::i18n::Txt;

crate::texts! {
    RollOut => "发布新版本", "Roll out a new version";
    RollOutHint => "分批发布：每批设备换到新版本后观察一段时间，健康门限被触发时暂停或自动回滚。代理驱动发布，关闭浏览器不影响。", "A staged roll-out: each wave of devices moves to the new version and is watched for a while; when the health gate trips it pauses or rolls back by itself. The proxy drives it: closing the browser changes nothing.";
    Rollouts => "分批发布", "Roll-outs";
    Rollout => "分批发布", "Roll-out";
    RollingOut => "发布中", "Rolling out";
    HintRollingOut => "分批发布进行中：对该部署的其他变更须等它结束", "A staged roll-out holds it: other changes to it wait until the roll-out ends";
    What => "发布内容", "What to roll out";
    KindChange => "新版本或环境变量", "A new version or envs";
    KindAdd => "新增设备", "Devices to add";
    NewVersion => "新版本（所有应用）", "New version (every app)";
    Envs => "要修改的环境变量", "Envs to change";
    AddDevices => "要新增的设备", "Devices to add";
    Waves => "分批（累计目标）", "Waves (cumulative targets)";
    Pacing => "分批与观察", "Waves and soak";
    Soak => "每批观察时间（秒）", "Soak (seconds)";
    Gate => "健康门限", "Health gate";
    MaxFailures => "失败实例上限", "Max failures";
    MaxFailurePercent => "本批失败比例上限（%，可选）", "Max failure percent of a wave (optional)";
    WaveTimeout => "每批超时（秒）", "Wave timeout (seconds)";
    OnFailure => "门限触发时", "On failure";
    OnFailurePause => "暂停，等人处理", "Pause and wait for a person";
    OnFailureRollback => "自动回滚", "Roll back by itself";
    Preview => "预览", "Preview";
    PreviewEmpty => "填好表单后，这里按设备名称列出每一批。", "Once the form is filled in, each wave's devices show here by name.";
    Planning => "正在计算分批…", "Planning the waves…";
    Wave => "批次", "Wave";
    Devices => "设备", "Devices";
    DevicesInAll => "台设备", "devices";
    NewDeployment => "新部署", "New deployment";
    OldDeployment => "原部署", "Deployment";
    Start => "开始发布", "Start roll-out";
    Started => "分批发布已开始", "Roll-out started";
    RuleChange => "请填写新版本或至少一个环境变量", "give a new version or at least one env";
    RuleChooseAdd => "请选择要新增的设备", "choose the devices to add";
    // The live page.
    Title => "分批发布", "Roll-out";
    State => "状态", "State";
    Reason => "原因", "Reason";
    Change => "变更", "Change";
    AddingDevices => "新增设备", "More devices";
    Progress => "进度", "Progress";
    Done => "已完成", "done";
    FailedCount => "失败", "failed";
    CurrentWave => "当前批次", "Current wave";
    CreatedBy => "发起人", "Started by";
    Created => "开始时间", "Started";
    Updated => "更新时间", "Updated";
    Ended => "结束时间", "Ended";
    Soaking => "观察至", "Soaks until";
    Deadline => "超时时间", "Times out";
    Step => "步骤", "Step";
    InstanceState => "实例状态", "Instance state";
    Accepted => "（已接受）", "(accepted)";
    Timeline => "时间线", "Timeline";
    When => "时间", "When";
    Event => "事件", "Event";
    By => "操作人", "By";
    Detail => "详情", "Detail";
    Steps => "批次", "Waves";
    NoRollouts => "该部署还没有分批发布。", "This deployment has had no roll-out.";
    OpenRollout => "查看", "Open";
    Gone => "已不存在", "gone";
    // States.
    StateRunning => "进行中", "Running";
    StatePaused => "已暂停", "Paused";
    StateSucceeded => "已完成", "Succeeded";
    StateRollingBack => "回滚中", "Rolling back";
    StateRolledBack => "已回滚", "Rolled back";
    StateAborted => "已中止", "Aborted";
    StateFailed => "失败", "Failed";
    HintRunning => "代理正在逐批把设备换到新版本", "The proxy is moving devices forward, wave by wave";
    HintPaused => "没有设备在移动；可继续、推进、中止或回滚", "Nothing moves until someone resumes, promotes, aborts or rolls back";
    HintSucceeded => "所有设备已运行新版本，原部署已删除", "Every device runs the new version; the old deployment is gone";
    HintRollingBack => "代理正在把设备移回原部署", "The proxy is moving devices back";
    HintRolledBack => "所有涉及的设备已回到原部署，新部署已删除", "Every device touched is back where it was; the new deployment is gone";
    HintAborted => "已中止：设备停在当前位置，只能回滚", "Stopped by a person: devices stay where they are; only rollback is left";
    HintFailed => "HiLens 拒绝了某一步：设备停在当前位置，只能回滚", "HiLens refused a step for good: devices stay where they are; only rollback is left";
    WavePending => "待开始", "Pending";
    WaveInProgress => "进行中", "In progress";
    WaveSoaking => "观察中", "Soaking";
    WaveDone => "完成", "Done";
    WaveFailed => "门限触发", "Gate tripped";
    WaveRollingBack => "回滚中", "Rolling back";
    WaveRolledBack => "已回滚", "Rolled back";
    StepWaiting => "等待", "Waiting";
    StepLeaving => "撤出原部署", "Leaving";
    StepJoining => "加入新部署", "Joining";
    StepDone => "完成", "Done";
    StepFailed => "失败", "Failed";
    StepReturning => "回退中", "Returning";
    StepReturned => "已回退", "Returned";
    // Actions.
    Pause => "暂停", "Pause";
    Resume => "继续", "Resume";
    Promote => "推进到下一批", "Promote";
    Abort => "中止", "Abort";
    Rollback => "回滚", "Roll back";
    Paused => "分批发布已暂停", "Roll-out paused";
    Resumed => "分批发布已继续", "Roll-out resumed";
    Promoted => "已推进到下一批", "Promoted to the next wave";
    Aborted => "分批发布已中止", "Roll-out aborted";
    RollingBackNow => "正在回滚", "Rolling back";
    ResumeTitle => "继续分批发布", "Resume the roll-out";
    PromoteTitle => "接受本批并推进", "Promote to the next wave";
    AbortTitle => "中止分批发布", "Abort the roll-out";
    RollbackTitle => "回滚分批发布", "Roll back the roll-out";
    ImpactResume => "代理将继续移动设备，当前批次重新计时。", "The proxy goes on moving devices; the current wave's timeout and soak start again.";
    ImpactPromote => "接受当前批次的现状（其失败不再计入门限，观察结束），下一批设备随即开始移动。", "The current wave is accepted as it is (its failures stop counting, its soak ends) and the next wave's devices start moving.";
    ImpactAbort => "设备停在当前位置，两个部署都被释放；之后只能回滚。", "Devices stay where they are and both deployments are freed; only rollback is left afterwards.";
    ImpactRollback => "已移动的设备将逐批移回原部署，然后删除新部署。", "The devices moved so far go back to the old deployment, wave by wave; then the new deployment is deleted.";
    FixedVersion => "固定版本（可选）", "Fixed version (optional)";
    FixedVersionHint => "填写后，新部署的所有应用先改为该版本再继续", "Given, every app of the new deployment moves to it before anything else";
}

/// A state's name and what it means.
pub fn state_text(s: RolloutState) -> (Txt, Txt) {
    use RolloutState as S;
    match s {
        S::Running => (StateRunning, HintRunning),
        S::Paused => (StatePaused, HintPaused),
        S::Succeeded => (StateSucceeded, HintSucceeded),
        S::RollingBack => (StateRollingBack, HintRollingBack),
        S::RolledBack => (StateRolledBack, HintRolledBack),
        S::Aborted => (StateAborted, HintAborted),
        S::Failed => (StateFailed, HintFailed),
    }
}

pub fn wave_text(s: WaveState) -> Txt {
    use WaveState as W;
    match s {
        W::Pending => WavePending,
        W::InProgress => WaveInProgress,
        W::Soaking => WaveSoaking,
        W::Done => WaveDone,
        W::Failed => WaveFailed,
        W::RollingBack => WaveRollingBack,
        W::RolledBack => WaveRolledBack,
    }
}

pub fn step_text(s: DeviceStep) -> Txt {
    use DeviceStep as D;
    match s {
        D::Waiting => StepWaiting,
        D::Leaving => StepLeaving,
        D::Joining => StepJoining,
        D::Done => StepDone,
        D::Failed => StepFailed,
        D::Returning => StepReturning,
        D::Returned => StepReturned,
    }
}

/// An action's button, its confirmation's title and what it does, and its toast.
pub fn action_text(a: RolloutAction) -> (Txt, Txt, Txt, Txt) {
    use RolloutAction as A;
    match a {
        A::Pause => (Pause, Pause, HintPaused, Paused),
        A::Resume => (Resume, ResumeTitle, ImpactResume, Resumed),
        A::Promote => (Promote, PromoteTitle, ImpactPromote, Promoted),
        A::Abort => (Abort, AbortTitle, ImpactAbort, Aborted),
        A::Rollback => (Rollback, RollbackTitle, ImpactRollback, RollingBackNow),
    }
}
