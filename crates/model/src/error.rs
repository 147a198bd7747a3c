//! Every error the API answers with, in one table, and the wire shape
//! `{"error_code": "HIL.xxxx", "error_msg": "..."}` that the official SDK reads.
//! Codes the reference documents keep their numbers; the others are our choice
//! (docs/choices.md says which and why).

use serde::{Deserialize, Serialize};

/// The language of messages, from the `X-Language` header (`zh-cn` by default, `en-us`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-cn")]
    Zh,
    #[serde(rename = "en-us")]
    En,
}

impl Lang {
    /// Reads an `X-Language` value; anything that is not English is Chinese, the API's default.
    pub fn from_header(value: Option<&str>) -> Lang {
        match value {
            Some(v) if v.trim().to_ascii_lowercase().starts_with("en") => Lang::En,
            _ => Lang::Zh,
        }
    }

    pub fn header_value(self) -> &'static str {
        match self {
            Lang::Zh => "zh-cn",
            Lang::En => "en-us",
        }
    }

    /// Every language the console speaks, in the language switch's order.
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The BCP 47 tag: `<html lang>`, the remembered choice, the switch's values.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en-US",
        }
    }

    /// The language's own name, as the switch shows it.
    pub fn label(self) -> &'static str {
        match self {
            Lang::Zh => "中文",
            Lang::En => "English",
        }
    }
}

/// The error table: status, code and message of every error this project produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// A field breaks a documented rule (the message names the field and the rule).
    InvalidParameter,
    /// The project id in the path is malformed or not the caller's.
    InvalidProjectId,
    /// The caller's credentials do not cover the project in the path.
    ProjectForbidden,
    /// No credentials, or a token or signature that is not (or no longer) valid.
    Unauthenticated,
    /// IAM sign-in with a wrong domain, user name or password.
    WrongPassword,
    /// The resource named in the path does not exist.
    NotFound,
    /// The request conflicts with what exists (a duplicate name, a workspace still in use).
    Conflict,
    /// The method and path are not an operation of the catalogue.
    NoSuchOperation,
    /// The operation exists but this local emulator does not serve it (yet).
    /// The proxy has no signed-in session for this browser.
    NotSignedIn,
    /// The upstream could not be reached, or did not answer as expected.
    BadGateway,
    /// The upstream did not answer in time.
    GatewayTimeout,
    /// Too many requests; `Retry-After` says when to try again.
    TooManyRequests,
    /// A state-changing call without the console's anti-forgery header.
    ForgedRequest,
    /// The caller's role (or workspaces) does not allow the call; the detail names the
    /// missing permission. Never forwarded.
    PermissionDenied,
    /// The body is larger than the API accepts.
    BodyTooLarge,
    /// A request body without a `Content-Length` (chunked): the proxy does not take them.
    LengthRequired,
    /// The proxy's shared session store (Redis) cannot be reached; try again shortly.
    SessionStoreUnavailable,
    /// A path under the proxy's own prefixes (`/auth/`, `/portal/`) that is none of its routes.
    NoSuchRoute,
    /// One of the proxy's own routes, called with a method it does not answer.
    MethodNotAllowed,
    /// `/readyz`: the upstream or the session store does not answer (the detail says which).
    NotReady,
    /// A roll-out holds the deployment (a state-changing call on it, a second roll-out), or a
    /// roll-out's state does not allow what was asked; the detail names the roll-out.
    RolloutConflict,
    Internal,
}

impl ErrorCode {
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::InvalidParameter | ErrorCode::InvalidProjectId => 400,
            ErrorCode::Unauthenticated | ErrorCode::WrongPassword | ErrorCode::NotSignedIn => 401,
            ErrorCode::ProjectForbidden | ErrorCode::ForgedRequest | ErrorCode::PermissionDenied => 403,
            ErrorCode::BodyTooLarge => 413,
            ErrorCode::LengthRequired => 411,
            ErrorCode::SessionStoreUnavailable | ErrorCode::NotReady => 503,
            ErrorCode::TooManyRequests => 429,
            ErrorCode::GatewayTimeout => 504,
            ErrorCode::NotFound | ErrorCode::NoSuchOperation | ErrorCode::NoSuchRoute => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::Conflict | ErrorCode::RolloutConflict => 409,
            ErrorCode::BadGateway => 502,
            ErrorCode::Internal => 500,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            ErrorCode::InvalidParameter => "HIL.0100",
            ErrorCode::InvalidProjectId => "HIL.0004",
            ErrorCode::ProjectForbidden => "HIL.0403",
            ErrorCode::Unauthenticated => "APIGW.0301",
            ErrorCode::WrongPassword => "IAM.0004",
            ErrorCode::NotFound => "HIL.0404",
            ErrorCode::Conflict => "HIL.0409",
            ErrorCode::NoSuchOperation => "APIGW.0101",
            ErrorCode::NotSignedIn => "CONSOLE.0401",
            ErrorCode::BadGateway => "CONSOLE.0502",
            ErrorCode::GatewayTimeout => "CONSOLE.0504",
            ErrorCode::TooManyRequests => "CONSOLE.0429",
            ErrorCode::ForgedRequest | ErrorCode::PermissionDenied => "CONSOLE.0403",
            ErrorCode::BodyTooLarge => "CONSOLE.0413",
            ErrorCode::LengthRequired => "CONSOLE.0411",
            ErrorCode::SessionStoreUnavailable => "CONSOLE.0503",
            ErrorCode::NoSuchRoute => "CONSOLE.0404",
            ErrorCode::MethodNotAllowed => "CONSOLE.0405",
            ErrorCode::NotReady => "CONSOLE.0503",
            ErrorCode::RolloutConflict => "CONSOLE.0409",
            ErrorCode::Internal => "HIL.0002",
        }
    }

    /// The generic message; specific errors add detail (see [`ApiError::new`]).
    pub fn message(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            ErrorCode::InvalidParameter => ("参数非法", "Invalid parameter"),
            ErrorCode::InvalidProjectId => ("非法的项目ID", "Invalid projectId."),
            ErrorCode::ProjectForbidden => ("无权访问该项目", "No permission for this project."),
            ErrorCode::Unauthenticated => ("认证信息错误或已过期", "Incorrect IAM authentication information."),
            ErrorCode::WrongPassword => ("用户名或密码错误", "The username or password is wrong."),
            ErrorCode::NotFound => ("请求的资源不存在", "The requested resource does not exist."),
            ErrorCode::Conflict => ("与已有资源冲突", "Conflicts with an existing resource."),
            ErrorCode::NoSuchOperation => ("接口不存在", "The API does not exist or has not been published."),
            ErrorCode::NotSignedIn => ("未登录或会话已过期", "Not signed in, or the session has expired."),
            ErrorCode::BadGateway => (
                "无法连接上游服务或其响应异常",
                "The upstream service could not be reached or did not answer correctly.",
            ),
            ErrorCode::GatewayTimeout => ("上游服务响应超时", "The upstream service did not answer in time."),
            ErrorCode::TooManyRequests => ("请求过于频繁，请稍后再试", "Too many requests; try again later."),
            ErrorCode::ForgedRequest => {
                ("请求缺少控制台标识头，已拒绝", "Refused: the request lacks the console's header.")
            }
            ErrorCode::PermissionDenied => ("没有权限", "Permission denied"),
            ErrorCode::BodyTooLarge => ("请求体超过 12 MB", "The request body exceeds 12 MB."),
            ErrorCode::LengthRequired => (
                "请求体须带 Content-Length，不接受分块传输",
                "A request body needs a Content-Length; chunked bodies are not accepted.",
            ),
            ErrorCode::SessionStoreUnavailable => {
                ("会话存储暂不可用，请稍后重试", "The session store is unavailable; try again shortly.")
            }
            ErrorCode::NoSuchRoute => ("控制台代理没有此路径", "The console's proxy has no such path."),
            ErrorCode::MethodNotAllowed => ("此路径不支持该请求方法", "This path does not answer that method."),
            ErrorCode::NotReady => ("服务尚未就绪", "Not ready"),
            ErrorCode::RolloutConflict => ("与发布冲突", "Conflicts with a roll-out"),
            ErrorCode::Internal => ("服务内部错误", "Internal server error."),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// The wire form of an error, as the API and the proxy send it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub error_code: String,
    pub error_msg: String,
}

impl ApiError {
    /// The table's message, followed by `detail` when there is one.
    pub fn new(code: ErrorCode, lang: Lang, detail: Option<&str>) -> ApiError {
        let base = code.message(lang);
        let error_msg = match detail {
            Some(d) if !d.is_empty() => format!("{base}: {d}"),
            _ => base.to_string(),
        };
        ApiError { error_code: code.code().to_string(), error_msg }
    }

    pub fn from_field(err: &FieldError, lang: Lang) -> ApiError {
        ApiError::new(ErrorCode::InvalidParameter, lang, Some(&err.message(lang)))
    }
}

/// A field that breaks a rule: which field (a path such as `deployment.template.apps[0].name`),
/// which rule (a short machine-readable name), and what to tell a person in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub rule: &'static str,
    pub zh: String,
    pub en: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, rule: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        FieldError { field: field.into(), rule, zh: zh.into(), en: en.into() }
    }

    /// The field path an API error's `error_msg` names (`Invalid parameter: name must be …` →
    /// `name`), so the console can put a server's rule error beside its field.
    pub fn field_in(error_msg: &str) -> Option<&str> {
        let (_, detail) = error_msg.split_once(": ")?;
        let path = detail.split(' ').next()?;
        let path_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']' | '-');
        (!path.is_empty() && path.chars().all(path_char) && path.starts_with(|c: char| c.is_ascii_alphabetic()))
            .then_some(path)
    }

    /// The rule error an API error's `error_msg` carries (`Invalid parameter: name must be …`):
    /// its field path, and the rule's text (in the answer's language) without the path, so a
    /// client can name the field its own way.
    pub fn from_api_message(error_msg: &str) -> Option<FieldError> {
        let path = FieldError::field_in(error_msg)?;
        let (_, after) = error_msg.split_once(": ")?;
        let rule = after.strip_prefix(path)?.trim_start_matches(':').trim();
        (!rule.is_empty()).then(|| FieldError::new(path, "server", rule, rule))
    }

    /// The rule's text alone, in `lang` (the field is named by whoever shows it).
    pub fn rule_text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    /// `field explanation`, as carried in `error_msg` after the code's text.
    pub fn message(&self, lang: Lang) -> String {
        let text = match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        };
        format!("{} {}", self.field, text)
    }
}

#[cfg(test)]
mod field_in_tests {
    use super::*;

    #[test]
    fn the_field_of_an_api_error_is_found_in_its_message() {
        let err = FieldError::new("deployment.template.apps[0].envs[2].name", "pattern", "不合法", "is not valid");
        for lang in Lang::ALL {
            let api = ApiError::from_field(&err, lang);
            assert_eq!(FieldError::field_in(&api.error_msg), Some("deployment.template.apps[0].envs[2].name"));
        }
        assert_eq!(FieldError::field_in("The API does not exist or has not been published."), None);
        assert_eq!(FieldError::field_in("Invalid parameter: 名称 不合法"), None);
    }

    #[test]
    fn a_rule_error_reads_back_as_its_path_and_rule() {
        let err = FieldError::new(
            "deployment.template.apps[0].app_url",
            "length",
            "长度必须在 1 到 2048 个字符之间",
            "must be 1 to 2048 characters long",
        );
        for lang in Lang::ALL {
            let back = FieldError::from_api_message(&ApiError::from_field(&err, lang).error_msg).unwrap();
            assert_eq!(back.field, err.field);
            assert_eq!(back.rule_text(lang), err.rule_text(lang));
        }
        assert_eq!(FieldError::from_api_message("Conflicts with an existing resource."), None);
        assert_eq!(FieldError::from_api_message("Invalid parameter: name"), None, "a path without a rule");
    }
}
