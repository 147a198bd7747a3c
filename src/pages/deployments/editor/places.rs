//! The places in the draft that fields edit ([`Loc`]): the request, the pod settings, an app and
//! the items inside it, probes, resources, affinity rules and tags; each knows its path.

use hilens_model::deployments::*;
use hilens_model::tags::Tag;

use super::draft::Req;

/// A place in the draft that a field edits.
pub trait Loc: Copy + Send + Sync + 'static {
    type Item: 'static;
    fn get<'a>(&self, r: &'a Req) -> Option<&'a Self::Item>;
    fn get_mut<'a>(&self, r: &'a mut Req) -> Option<&'a mut Self::Item>;
}

/// The request itself.
#[derive(Clone, Copy)]
pub struct Root;

impl Loc for Root {
    type Item = Req;
    fn get<'a>(&self, r: &'a Req) -> Option<&'a Req> {
        Some(r)
    }
    fn get_mut<'a>(&self, r: &'a mut Req) -> Option<&'a mut Req> {
        Some(r)
    }
}

/// The pod settings.
#[derive(Clone, Copy)]
pub struct Configs;

impl Loc for Configs {
    type Item = PodConfig;
    fn get<'a>(&self, r: &'a Req) -> Option<&'a PodConfig> {
        Some(&r.deployment.template.configs)
    }
    fn get_mut<'a>(&self, r: &'a mut Req) -> Option<&'a mut PodConfig> {
        Some(&mut r.deployment.template.configs)
    }
}

/// An app, or (`init`) an init container.
#[derive(Clone, Copy)]
pub struct AppAt {
    pub init: bool,
    pub i: usize,
}

impl AppAt {
    pub fn path(&self) -> String {
        let list = if self.init { "init_containers" } else { "apps" };
        format!("deployment.template.{list}[{}]", self.i)
    }
}

impl Loc for AppAt {
    type Item = AppDef;
    fn get<'a>(&self, r: &'a Req) -> Option<&'a AppDef> {
        let t = &r.deployment.template;
        if self.init {
            t.init_containers.as_ref()?.get(self.i)
        } else {
            t.apps.get(self.i)
        }
    }
    fn get_mut<'a>(&self, r: &'a mut Req) -> Option<&'a mut AppDef> {
        let t = &mut r.deployment.template;
        if self.init {
            t.init_containers.as_mut()?.get_mut(self.i)
        } else {
            t.apps.get_mut(self.i)
        }
    }
}

/// Declares a place inside an app: a list item (`$field[j]`) of the app.
macro_rules! app_item {
    ($name:ident, $item:ty, $field:ident) => {
        #[derive(Clone, Copy)]
        pub struct $name {
            pub app: AppAt,
            pub j: usize,
        }

        impl $name {
            pub fn path(&self) -> String {
                format!("{}.{}[{}]", self.app.path(), stringify!($field), self.j)
            }
        }

        impl Loc for $name {
            type Item = $item;
            fn get<'a>(&self, r: &'a Req) -> Option<&'a $item> {
                self.app.get(r)?.$field.get(self.j)
            }
            fn get_mut<'a>(&self, r: &'a mut Req) -> Option<&'a mut $item> {
                self.app.get_mut(r)?.$field.get_mut(self.j)
            }
        }
    };
}

app_item!(EnvAt, Env, envs);
app_item!(PortAt, PortMapping, ports);
app_item!(VolumeAt, Volume, volumes);

/// A probe of an app (liveness or readiness); it exists once its kind is chosen.
#[derive(Clone, Copy)]
pub struct ProbeAt {
    pub app: AppAt,
    pub liveness: bool,
}

impl ProbeAt {
    pub fn path(&self) -> String {
        format!("{}.{}", self.app.path(), if self.liveness { "liveness_probe" } else { "readiness_probe" })
    }
}

impl Loc for ProbeAt {
    type Item = Probe;
    fn get<'a>(&self, r: &'a Req) -> Option<&'a Probe> {
        let a = self.app.get(r)?;
        if self.liveness {
            a.liveness_probe.as_ref()
        } else {
            a.readiness_probe.as_ref()
        }
    }
    fn get_mut<'a>(&self, r: &'a mut Req) -> Option<&'a mut Probe> {
        let a = self.app.get_mut(r)?;
        if self.liveness {
            a.liveness_probe.as_mut()
        } else {
            a.readiness_probe.as_mut()
        }
    }
}

/// An app's resource requests or limits (made when first written).
#[derive(Clone, Copy)]
pub struct ResAt {
    pub app: AppAt,
    pub limits: bool,
}

impl ResAt {
    pub fn path(&self) -> String {
        format!("{}.resources.{}", self.app.path(), if self.limits { "limits" } else { "requests" })
    }
}

impl Loc for ResAt {
    type Item = Res;
    fn get<'a>(&self, r: &'a Req) -> Option<&'a Res> {
        let res = &self.app.get(r)?.resources;
        if self.limits {
            res.limits.as_ref()
        } else {
            res.requests.as_ref()
        }
    }
    fn get_mut<'a>(&self, r: &'a mut Req) -> Option<&'a mut Res> {
        let res = &mut self.app.get_mut(r)?.resources;
        Some(if self.limits {
            res.limits.get_or_insert_with(Default::default)
        } else {
            res.requests.get_or_insert_with(Default::default)
        })
    }
}

/// A rule of node (`pod: false`) or pod affinity.
#[derive(Clone, Copy)]
pub struct AffinityAt {
    pub pod: bool,
    pub j: usize,
}

impl AffinityAt {
    pub fn path(&self) -> String {
        format!("deployment.template.affinity.{}[{}]", if self.pod { "pod_affinity" } else { "node_affinity" }, self.j)
    }
}

impl Loc for AffinityAt {
    type Item = MatchExpression;
    fn get<'a>(&self, r: &'a Req) -> Option<&'a MatchExpression> {
        let a = r.deployment.template.affinity.as_ref()?;
        if self.pod {
            a.pod_affinity.get(self.j)
        } else {
            a.node_affinity.get(self.j)
        }
    }
    fn get_mut<'a>(&self, r: &'a mut Req) -> Option<&'a mut MatchExpression> {
        let a = r.deployment.template.affinity.as_mut()?;
        if self.pod {
            a.pod_affinity.get_mut(self.j)
        } else {
            a.node_affinity.get_mut(self.j)
        }
    }
}

/// A tag of the deployment, or (`node`) a device tag it targets.
#[derive(Clone, Copy)]
pub struct TagAt {
    pub node: bool,
    pub j: usize,
}

impl TagAt {
    pub fn path(&self) -> String {
        format!("{}[{}]", if self.node { "node_tags" } else { "tags" }, self.j)
    }
}

impl Loc for TagAt {
    type Item = Tag;
    fn get<'a>(&self, r: &'a Req) -> Option<&'a Tag> {
        if self.node {
            r.node_tags.as_ref()?.get(self.j)
        } else {
            r.tags.get(self.j)
        }
    }
    fn get_mut<'a>(&self, r: &'a mut Req) -> Option<&'a mut Tag> {
        if self.node {
            r.node_tags.as_mut()?.get_mut(self.j)
        } else {
            r.tags.get_mut(self.j)
        }
    }
}

/// Empty text is "not given".
pub fn opt(v: String) -> Option<String> {
    (!v.trim().is_empty()).then_some(v)
}

/// One item a line.
pub fn lines(v: &str) -> Vec<String> {
    v.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect()
}
