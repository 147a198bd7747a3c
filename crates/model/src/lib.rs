//! The one place where the HiLens API is described: which operations exist (`catalogue`),
//! who may call them (`catalogue_permissions`), the team portal's own API (`portal`, `rollouts`), what their bodies look like (one module per domain), which rules fields obey (`rules`),
//! and which errors the API answers with (`error`). It compiles for wasm32 and native and
//! does no I/O, so the console, the proxy and the emulator all run the same code.

pub mod activation;
pub mod alarms;
pub mod catalogue;
mod catalogue_data;
pub mod catalogue_permissions;
pub mod common;
pub mod configmaps;
pub mod console;
pub mod deployments;
pub mod diff;
pub mod error;
pub mod firmware;
pub mod iam;
pub mod lenient;
pub mod nodes;
pub mod orders;
pub mod portal;
pub mod query;
pub mod rollouts;
pub mod rules;
pub mod secrets;
#[cfg(feature = "signing")]
pub mod signing;
pub mod skills;
pub mod tags;
pub mod tasks;
pub mod time;
pub mod workspaces;

pub use catalogue::{match_operation, Method, Operation, OperationId, OperationMatch};
pub use catalogue_permissions::{BuiltinRole, Permission, PermissionSet, ANONYMOUS_ROLE, IAM_ROLE};
pub use error::{ApiError, ErrorCode, FieldError, Lang};
