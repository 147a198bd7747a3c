//! What a handler sees and returns, whichever domain it belongs to: the request ([`Ctx`], its
//! [`Caller`]), the answer ([`Reply`], [`ok`], [`json`]) and why it failed ([`Failure`]).
//! A leaf: it imports no domain, so every domain can import it without a cycle.

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use hilens_model::error::{ApiError, ErrorCode, FieldError, Lang};
use hilens_model::OperationMatch;
use serde::Serialize;

use crate::Emulator;

/// Who made a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub domain: String,
    pub user: String,
    pub project_id: String,
}

/// What a handler sees of its request.
pub struct Ctx<'a> {
    pub app: &'a Emulator,
    pub op: &'a OperationMatch,
    pub query: &'a [(String, String)],
    pub body: &'a [u8],
    pub headers: &'a HeaderMap,
    pub caller: Option<Caller>,
}

impl Ctx<'_> {
    /// A path parameter; the catalogue guarantees every template parameter is present.
    pub fn param(&self, name: &str) -> &str {
        self.op.param(name).unwrap_or_default()
    }

    /// A request header as text (absent when missing or not text).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The project of the path (every project-scoped operation has one).
    pub fn project(&self) -> &str {
        self.param("project_id")
    }

    /// The `provider` query parameter (hilens or ief; hilens when absent).
    pub fn provider(&self) -> Result<String, FieldError> {
        use hilens_model::query::Params;
        let q = hilens_model::common::ProviderQuery::from_pairs(self.query)?;
        Ok(q.provider.unwrap_or_else(|| "hilens".into()))
    }

    /// A query parameter; empty values count as absent.
    pub fn query_value(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(k, v)| k == name && !v.is_empty()).map(|(_, v)| v.as_str())
    }

    /// Checks the deletes' `force_delete` query parameter (true or false when given); the
    /// emulator deletes at once either way.
    pub fn check_force_delete(&self) -> Result<(), FieldError> {
        if let Some(v) = self.query_value("force_delete") {
            hilens_model::rules::one_of("force_delete", v, &["true", "false"])?;
        }
        Ok(())
    }
}

/// Why a request failed; rendered in the request's language by [`Failure::into_response`].
#[derive(Debug)]
pub enum Failure {
    Api(ErrorCode, Option<String>),
    Field(FieldError),
    Storage(rusqlite::Error),
}

impl From<FieldError> for Failure {
    fn from(e: FieldError) -> Self {
        Failure::Field(e)
    }
}

impl From<rusqlite::Error> for Failure {
    fn from(e: rusqlite::Error) -> Self {
        Failure::Storage(e)
    }
}

impl Failure {
    pub fn code(code: ErrorCode) -> Failure {
        Failure::Api(code, None)
    }

    /// 404 naming what was not found (`node_id abc`).
    pub fn not_found(what: impl Into<String>) -> Failure {
        Failure::Api(ErrorCode::NotFound, Some(what.into()))
    }

    /// 409 saying what it conflicts with.
    pub fn conflict(why: impl Into<String>) -> Failure {
        Failure::Api(ErrorCode::Conflict, Some(why.into()))
    }

    pub fn into_response(self, lang: Lang) -> Response {
        let (code, error) = match self {
            Failure::Api(code, detail) => (code, ApiError::new(code, lang, detail.as_deref())),
            Failure::Field(field) => (ErrorCode::InvalidParameter, ApiError::from_field(&field, lang)),
            Failure::Storage(e) => {
                eprintln!("hilens-emulator: storage error: {e}");
                (ErrorCode::Internal, ApiError::new(ErrorCode::Internal, lang, None))
            }
        };
        json(status(code.status()), &error)
    }
}

pub type Reply = Result<Response, Failure>;

pub fn json<T: Serialize>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (status, [("content-type", "application/json")], body).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

pub fn ok<T: Serialize>(value: &T) -> Reply {
    Ok(json(StatusCode::OK, value))
}

fn status(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

pub fn lang_of(headers: &HeaderMap) -> Lang {
    Lang::from_header(headers.get("x-language").and_then(|v| v.to_str().ok()))
}

/// Reads a JSON body into `T`, naming the field that does not fit (`template.apps[0].name`).
pub fn parse_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, Failure> {
    let de = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        // A syntax error has no field ("." or "?"): then the body as a whole is wrong.
        let field = if path.starts_with(|c: char| c.is_ascii_alphabetic()) { path } else { "body".to_string() };
        let inner = e.into_inner();
        Failure::Field(FieldError::new(field, "type", format!("不合法：{inner}"), format!("is not valid: {inner}")))
    })
}
