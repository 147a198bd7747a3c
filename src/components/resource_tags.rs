//! A resource's tags on its page (`show_resource_tags`): each removable
//! (`delete_resource_tag`), and new ones added with the key and value rules and the 20-tag limit
//! (`create_resource_tags`; a key already there takes the new value).

use hilens_model::tags::{validate_tags, Tag, TagRequestDetail, MAX_TAGS};
use hilens_model::OperationId as Op;
use leptos::prelude::*;
use stylers_macro::style_sheet;

use crate::api;
use crate::components::actions::run_action;
use crate::components::allowed::ActionButton;
use crate::components::form::field::{FieldState, TextField};
use crate::components::form::form::land_on_field;
use crate::components::frame::error_notice::ErrorNotice;
use crate::i18n::tr;

/// Texts of a resource's tags.
pub mod texts {
    crate::texts! {
        Tags => "标签", "Tags";
        Key => "标签键", "Tag key";
        Value => "标签值", "Tag value";
        Add => "添加标签", "Add tag";
        Added => "已添加标签", "Tag added";
        Removed => "已删除标签", "Tag removed";
        Remove => "删除标签", "Remove tag";
        NoTags => "没有标签", "No tags";
        Full => "已有 20 个标签，不能再添加", "20 tags: no more can be added";
    }
}

/// The tags of resource `id` of `kind` (`node`, `deployment`, `configmap`, `secret`).
#[component]
pub fn ResourceTags(kind: &'static str, id: String) -> impl IntoView {
    let id = StoredValue::new(id);
    let version = RwSignal::new(0u32);
    let tags = LocalResource::new(move || {
        version.track();
        async move { api::tags::show_resource_tags(kind, &id.get_value()).await }
    });
    let key = FieldState::new(|k| validate_tags("key", &[Tag { key: k.into(), value: "v".into() }]), false);
    let value = FieldState::new(|v| validate_tags("value", &[Tag { key: "k".into(), value: v.into() }]), false);
    let pending = RwSignal::new(false);
    let count = move || tags.get().and_then(Result::ok).map_or(0, |t| t.tags.len());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !(key.check() && value.check()) || count() >= MAX_TAGS {
            return;
        }
        let body =
            TagRequestDetail { tags: vec![Tag { key: key.value.get_untracked(), value: value.value.get_untracked() }] };
        run_action(
            pending,
            texts::Added,
            async move { api::tags::create_resource_tags(kind, &id.get_value(), &body).await },
            move |r| match r {
                Ok(()) => {
                    key.value.set(String::new());
                    value.value.set(String::new());
                    key.touched.set(false);
                    value.touched.set(false);
                    version.update(|v| *v += 1);
                }
                Err(e) => {
                    land_on_field(&e, &[("tags", key)]);
                }
            },
        );
    };
    let remove = move |k: String| {
        run_action(
            pending,
            texts::Removed,
            async move { api::tags::delete_resource_tag(kind, &id.get_value(), &k).await },
            move |_| version.update(|v| *v += 1),
        );
    };
    const _: &str = include_str!("resource_tags.css");
    let class = style_sheet!("src/components/resource_tags.css");
    view! { class=class,
        <section class="resource-tags card" aria-labelledby="resource-tags-title" data-testid="resource-tags">
            <h2 id="resource-tags-title">{tr(texts::Tags)} {move || format!(" ({} / {MAX_TAGS})", count())}</h2>
            {move || {
                tags.get()
                    .map(|r| match r {
                        Err(e) => {
                            view! { <ErrorNotice error=e on_retry=move |_| version.update(|v| *v += 1) /> }.into_any()
                        }
                        Ok(list) if list.tags.is_empty() => {
                            view! { <p class="muted">{tr(texts::NoTags)}</p> }.into_any()
                        }
                        Ok(list) => {
                            view! { class=class,
                                <ul class="tag-list">
                                    {list
                                        .tags
                                        .into_iter()
                                        .map(|t| {
                                            let shown = format!("{}={}", t.key, t.value);
                                            let (k, label) = (t.key.clone(), shown.clone());
                                            view! { class=class,
                                                <li class="chip" data-testid="resource-tag">
                                                    {shown}
                                                    <ActionButton
                                                        needs=Op::DeleteResourceTag
                                                        aria_label=Signal::derive(move || {
                                                            format!("{} {label}", tr(texts::Remove)())
                                                        })
                                                        on_click=Callback::new(move |_| remove(k.clone()))
                                                    >
                                                        "×"
                                                    </ActionButton>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                    })
            }}
            {move || (count() >= MAX_TAGS).then(|| view! { <p class="muted">{tr(texts::Full)}</p> })}
            <form class="tag-add" on:submit=add novalidate data-testid="resource-tag-form">
                <TextField state=key label=texts::Key testid="resource-tag-key" />
                <TextField state=value label=texts::Value testid="resource-tag-value" />
                <ActionButton
                    needs=Op::CreateResourceTags
                    submit=true
                    testid="resource-tag-add"
                    disabled=Signal::derive(move || pending.get() || count() >= MAX_TAGS)
                >
                    {tr(texts::Add)}
                </ActionButton>
            </form>
        </section>
    }
}
