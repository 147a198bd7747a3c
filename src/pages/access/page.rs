//! The Access page: the session as `/auth/session` says it (who, how signed in, role,
//! workspaces, permissions), the user's API tokens and, for admins, everyone's.

use hilens_model::error::FieldError;
use hilens_model::portal::{tokens_offered, CreateTokenRequest, CreatedToken, TokenInfo, TokenList};
use hilens_model::{BuiltinRole, Permission};
use leptos::prelude::*;
use stylers_macro::style_sheet;

use crate::api::{self, ApiError};
use crate::components::actions::run_action;
use crate::components::allowed::ActionButton;
use crate::components::confirm::ConfirmDialog;
use crate::components::download::CopyButton;
use crate::components::facts::{chips, text, Facts};
use crate::components::form::field::{FieldState, TextField};
use crate::components::form::form::land_on_field;
use crate::components::format::when;
use crate::components::frame::error_notice::ErrorNotice;
use crate::components::list::list_kit::Skeleton;
use crate::i18n::{tr, worded, Txt};
use crate::state::use_app;

use super::texts;

/// The session's permissions in words, one line for what they are over ("Devices: view, start
/// and stop"), each with its name on hover; one the console does not know, by its name.
fn permission_facts(names: Vec<String>) -> AnyView {
    let mut rows: Vec<(Txt, Vec<(Txt, String)>)> = Vec::new();
    let mut unknown = Vec::new();
    for name in names {
        match texts::permission_words(&name) {
            Some((over, may)) => match rows.iter_mut().find(|(o, _)| *o == over) {
                Some((_, allowed)) => allowed.push((may, name)),
                None => rows.push((over, vec![(may, name)])),
            },
            None => unknown.push(name),
        }
    }
    let mut facts: Vec<(Txt, AnyView)> = rows
        .into_iter()
        .map(|(over, allowed)| {
            let words = allowed
                .into_iter()
                .enumerate()
                .map(|(i, (may, name))| {
                    view! {
                        {(i > 0).then_some(", ")}
                        <span title=name>{tr(may)}</span>
                    }
                })
                .collect_view();
            (over, view! { <span data-testid="permission">{words}</span> }.into_any())
        })
        .collect();
    if !unknown.is_empty() {
        facts.push((texts::OtherPermissions, chips(unknown)));
    }
    view! { <Facts rows=facts /> }.into_any()
}

#[component]
pub fn AccessPage() -> impl IntoView {
    let app = use_app();
    // Whether this sign-in method has API tokens (`None` until the session is known). A memo,
    // so that a refreshed session does not build the token sections again (and lose a token
    // being shown once).
    let offered = Memo::new(move |_| app.session.get().map(|s| tokens_offered(&s.auth_method)));
    const _: &str = include_str!("access_page.css");
    let class = style_sheet!("src/pages/access/access_page.css");
    view! { class=class,
        <div class="access">
            <h1>{tr(texts::NavAccess)}</h1>
            <section class="access-card card" aria-labelledby="whoami-title" data-testid="whoami">
                <h2 id="whoami-title">{tr(texts::WhoAmI)}</h2>
                <WhoAmI />
            </section>
            <section class="access-card card" aria-labelledby="permissions-title" data-testid="permissions">
                <h2 id="permissions-title">{tr(texts::Permissions)}</h2>
                <p class="muted">{tr(texts::PermissionsHint)}</p>
                {move || permission_facts(app.session.get().map(|s| s.permissions).unwrap_or_default())}
            </section>
            <section class="access-card card" aria-labelledby="tokens-title" data-testid="my-tokens">
                <h2 id="tokens-title">{tr(texts::Tokens)}</h2>
                {move || match offered.get() {
                    Some(true) => {
                        view! {
                            <p class="muted">{tr(texts::TokensHint)}</p>
                            <MyTokens />
                        }
                            .into_any()
                    }
                    Some(false) => {
                        // IAM accounts, or nobody signing in: said as it is, with nothing to try.
                        view! {
                            <p class="muted" data-testid="tokens-not-offered">
                                {tr(texts::TokensNotOffered)}
                            </p>
                        }
                            .into_any()
                    }
                    None => view! { <Skeleton /> }.into_any(),
                }}
            </section>
            // Everyone's tokens are an admin's view, not an action: shown to those who may,
            // where there are tokens.
            {move || {
                (app.can(Permission::TokensAdmin) && offered.get() == Some(true))
                    .then(|| {
                        view! { class=class,
                            <section
                                class="access-card card"
                                aria-labelledby="all-tokens-title"
                                data-testid="all-tokens"
                            >
                                <h2 id="all-tokens-title">{tr(texts::EveryonesTokens)}</h2>
                                <EveryonesTokens />
                            </section>
                        }
                    })
            }}
        </div>
    }
}

/// How `/auth/session`'s `auth_method` reads.
fn method(name: &str) -> Option<Txt> {
    Some(match name {
        "users" => texts::MethodUsers,
        "oidc" => texts::MethodOidc,
        "header" => texts::MethodHeader,
        "iam" => texts::MethodIam,
        "none" => texts::MethodNone,
        "token" => texts::MethodToken,
        _ => return None,
    })
}

#[component]
fn WhoAmI() -> impl IntoView {
    let app = use_app();
    move || {
        app.session.get().map(|s| {
            let how = method(&s.auth_method);
            let raw = s.auth_method.clone();
            let mut rows = vec![
                (texts::User, view! { <strong data-testid="whoami-user">{s.user.clone()}</strong> }.into_any()),
                (
                    texts::SignedInWith,
                    view! { <span data-testid="whoami-method">{worded(how, &raw)}</span> }.into_any(),
                ),
                (texts::Role, view! { <span data-testid="whoami-role">{role_words(&s.role)}</span> }.into_any()),
                (
                    texts::Workspaces,
                    match s.workspaces.clone() {
                        Some(list) => view! { <span data-testid="whoami-workspaces">{chips(list)}</span> }.into_any(),
                        None => {
                            view! { <span data-testid="whoami-workspaces">{tr(texts::AllWorkspaces)}</span> }.into_any()
                        }
                    },
                ),
                (texts::Project, text(Some(format!("{} · {}", s.project_name, s.project_id)))),
                (texts::SessionEnds, when(Some(&s.expires_at))),
            ];
            if !s.domain.is_empty() {
                rows.insert(1, (texts::Account, text(Some(s.domain.clone()))));
            }
            if !s.groups.is_empty() {
                rows.push((texts::Groups, chips(s.groups.clone())));
            }
            view! { <Facts rows=rows /> }
        })
    }
}

/// A token's name, by the model's rule for a new token.
fn name_rule(v: &str) -> Result<(), FieldError> {
    CreateTokenRequest { name: v.to_string(), expires_in_days: 1, role: None }.validate()
}

/// Its lifetime in days, by the same rule (what does not read as a number is out of range).
fn days_rule(v: &str) -> Result<(), FieldError> {
    let days = v.trim().parse().unwrap_or(0);
    CreateTokenRequest { name: "t".into(), expires_in_days: days, role: None }.validate()
}

#[component]
fn MyTokens() -> impl IntoView {
    let app = use_app();
    let version = RwSignal::new(0u32);
    let tokens = LocalResource::new(move || {
        version.track();
        api::portal::my_tokens()
    });
    let changed = Callback::new(move |_| version.update(|v| *v += 1));
    let name = FieldState::new(name_rule, false);
    let days = FieldState::new(days_rule, false);
    days.value.set("30".into());
    let role = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let created = RwSignal::new(None::<(String, CreatedToken)>);
    let create =
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if !(name.check() && days.check()) {
                return;
            }
            let role = role.get_untracked();
            let req = CreateTokenRequest {
                name: name.value.get_untracked().trim().to_string(),
                expires_in_days: days.value.get_untracked().trim().parse().unwrap_or(0),
                role: (!role.is_empty()).then_some(role),
            };
            let label = req.name.clone();
            run_action(pending, texts::TokenCreated, async move { api::portal::create_token(&req).await }, move |r| {
                match r {
                    Ok(token) => {
                        created.set(Some((label, token)));
                        name.value.set(String::new());
                        name.touched.set(false);
                        changed.run(());
                    }
                    Err(e) => {
                        land_on_field(&e, &[("name", name), ("expires_in_days", days)]);
                    }
                }
            });
        };
    const _: &str = include_str!("my_tokens.css");
    let class = style_sheet!("src/pages/access/my_tokens.css");
    // The token is shown this once, with a copy button; it is gone once dismissed (or the page
    // is left), and never stored.
    let once = move || {
        created.get().map(|(label, t)| {
            view! { class=class,
                <div class="token-once card raised" role="status" data-testid="token-created">
                    <strong>{tr(texts::TokenCreated)} ": " {label}</strong>
                    <p class="danger-text">{tr(texts::ShownOnce)}</p>
                    <label class="token-role">
                        <span class="muted">{tr(texts::TokenValue)}</span>
                        <input type="text" readonly data-testid="token-value" prop:value=t.token.clone() />
                    </label>
                    <div class="row">
                        <CopyButton text=t.token.clone() testid="token-copy" />
                        <button type="button" data-testid="token-done" on:click=move |_| created.set(None)>
                            {tr(texts::Done)}
                        </button>
                    </div>
                </div>
            }
        })
    };
    view! { class=class,
        {once}
        <Transition fallback=|| {
            view! { <Skeleton /> }
        }>
            {move || Suspend::new(async move {
                match tokens.await {
                    Ok(list) => view! { <TokenTable list=list everyone=false changed=changed /> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e on_retry=move |_| tokens.refetch() /> }.into_any(),
                }
            })}
        </Transition>
        <form class="token-form" on:submit=create novalidate data-testid="token-form" aria-labelledby="token-new-title">
            <h3 id="token-new-title">{tr(texts::NewToken)}</h3>
            <TextField state=name label=texts::TokenName testid="token-name" />
            <TextField state=days label=texts::ExpiresInDays testid="token-days" kind="number" />
            <label class="token-role">
                <span class="muted">{tr(texts::TokenRole)}</span>
                <select
                    data-testid="token-role"
                    prop:value=move || role.get()
                    on:change=move |ev| role.set(event_target_value(&ev))
                >
                    <option value="">
                        {move || {
                            format!(
                                "{} ({})",
                                app.t(texts::MyRole),
                                app
                                    .session
                                    .get()
                                    .map(|s| texts::role_text(&s.role).map_or(s.role, |t| app.t(t).to_string()))
                                    .unwrap_or_default(),
                            )
                        }}
                    </option>
                    {BuiltinRole::ALL
                        .iter()
                        .map(|r| view! { <option value=r.name()>{role_words(r.name())}</option> })
                        .collect_view()}
                </select>
            </label>
            <button type="submit" class="primary" data-testid="token-create" disabled=move || pending.get()>
                {move || if pending.get() { app.t(texts::Creating) } else { app.t(texts::Create) }}
            </button>
        </form>
    }
}

#[component]
fn EveryonesTokens() -> impl IntoView {
    let version = RwSignal::new(0u32);
    let tokens = LocalResource::new(move || {
        version.track();
        api::portal::all_tokens()
    });
    let changed = Callback::new(move |_| version.update(|v| *v += 1));
    view! {
        <Transition fallback=|| {
            view! { <Skeleton /> }
        }>
            {move || Suspend::new(async move {
                match tokens.await {
                    Ok(list) => view! { <TokenTable list=list everyone=true changed=changed /> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e on_retry=move |_| tokens.refetch() /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Tokens as a table, each with its revoke; `everyone`: an admin's view of every owner's.
#[component]
fn TokenTable(list: TokenList, everyone: bool, changed: Callback<()>) -> impl IntoView {
    if list.tokens.is_empty() {
        return view! {
            <p class="muted" data-testid="tokens-empty">
                {tr(texts::NoTokens)}
            </p>
        }
        .into_any();
    }
    let testid = if everyone { "any-token-row" } else { "token-row" };
    view! {
        <table class="data" data-testid=if everyone { "all-tokens-table" } else { "tokens-table" }>
            <thead>
                <tr>
                    <th scope="col">{tr(texts::TokenName)}</th>
                    {everyone.then(|| view! { <th scope="col">{tr(texts::Owner)}</th> })}
                    <th scope="col">{tr(texts::TokenRole)}</th>
                    <th scope="col">{tr(texts::Created)}</th>
                    <th scope="col">{tr(texts::Expires)}</th>
                    <th scope="col">
                        <span class="visually-hidden">{tr(texts::Revoke)}</span>
                    </th>
                </tr>
            </thead>
            <tbody>
                {list
                    .tokens
                    .into_iter()
                    .map(|t| {
                        let owner = everyone.then(|| view! { <td>{t.owner.clone()}</td> });
                        view! {
                            <tr data-testid=testid>
                                <td>{t.name.clone()}</td>
                                {owner}
                                <td>
                                    {match t.role.clone() {
                                        Some(r) => role_words(&r).into_any(),
                                        None => tr(texts::MyRole).into_any(),
                                    }}
                                </td>
                                <td>{t.created_at.clone()}</td>
                                <td>{t.expires_at.clone()}</td>
                                <td>
                                    <Revoke token=t everyone=everyone changed=changed />
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// Revoking a token: its name typed to confirm. One's own needs nothing; anyone's
/// `tokens:admin`.
#[component]
fn Revoke(token: TokenInfo, everyone: bool, changed: Callback<()>) -> impl IntoView {
    let app = use_app();
    let pending = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let id = StoredValue::new(token.id.clone());
    let revoke = Callback::new(move |_| {
        let id = id.get_value();
        let call = async move {
            if everyone {
                api::portal::revoke_any_token(&id).await
            } else {
                api::portal::revoke_token(&id).await
            }
        };
        run_action(pending, texts::Revoked, call, move |_: Result<(), ApiError>| changed.run(()));
    });
    let name = token.name.clone();
    let label = Signal::derive(move || format!("{} {name}", app.t(texts::Revoke)));
    let ask = Callback::new(move |_| confirming.set(true));
    // One's own tokens are one's own to revoke; anyone's needs the admin permission.
    let button = if everyone {
        view! {
            <ActionButton
                needs=Permission::TokensAdmin
                class="danger"
                testid="token-revoke"
                disabled=pending
                aria_label=label
                on_click=ask
            >
                {tr(texts::Revoke)}
            </ActionButton>
        }
        .into_any()
    } else {
        view! {
            <button
                type="button"
                class="danger"
                data-testid="token-revoke"
                disabled=move || pending.get()
                aria-label=label
                on:click=move |_| ask.run(())
            >
                {tr(texts::Revoke)}
            </button>
        }
        .into_any()
    };
    view! {
        {button}
        <ConfirmDialog open=confirming name=token.name.clone() title=texts::RevokeToken on_confirm=revoke />
    }
}

/// A role in words, following the language (a custom role by its name).
fn role_words(role: &str) -> impl Fn() -> String + Send + Sync + 'static {
    worded(texts::role_text(role), role)
}
