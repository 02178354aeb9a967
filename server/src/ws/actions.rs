//! Client actions on an authenticated socket (`{seq, action, data}`) and their replies
//! (`{status, seq_reply, data?, error?}`), as Mattermost's WebSocket API defines them.

use std::collections::HashMap;

use serde_json::{Value, json};

use crate::app::{AWAY, App, Caller, Error, ErrorKind, ONLINE};
use crate::config::MATTERMOST_VERSION;
use crate::model::now_millis;

/// A client request. Frames without a positive `seq` cannot be answered and are ignored.
pub struct Request {
    pub seq: i64,
    pub action: String,
    pub data: Value,
}

impl Request {
    pub fn parse(text: &str) -> Option<Request> {
        let value: Value = serde_json::from_str(text).ok()?;
        let seq = value.get("seq")?.as_i64().filter(|s| *s > 0)?;
        Some(Request {
            seq,
            action: value
                .get("action")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            data: value.get("data").cloned().unwrap_or(Value::Null),
        })
    }

    fn str_field(&self, name: &str) -> &str {
        self.data
            .get(name)
            .and_then(Value::as_str)
            .unwrap_or_default()
    }
}

pub fn ok(seq: i64, data: Option<Value>) -> String {
    let mut reply = json!({"status": "OK", "seq_reply": seq});
    if let Some(data) = data {
        reply["data"] = data;
    }
    reply.to_string()
}

pub fn fail(seq: i64, e: &Error) -> String {
    let status = crate::api::status_of(e.kind);
    if status.is_server_error() {
        tracing::error!(id = e.id, detail = %e.detail, "websocket action failed");
    }
    json!({
        "status": "FAIL",
        "seq_reply": seq,
        "error": {
            "id": e.id,
            "message": e.message,
            "detailed_error": "",
            "request_id": "",
            "status_code": status.as_u16(),
            "is_oauth": false,
        },
    })
    .to_string()
}

/// The error for anything but `authentication_challenge` before authentication.
pub fn not_authenticated() -> Error {
    Error::unauthorized(
        "api.web_socket_router.not_authenticated.app_error",
        "The WebSocket is not authenticated yet.",
    )
}

/// Serves one request of an authenticated caller and returns the reply.
pub async fn handle(app: &App, caller: &Caller, req: &Request) -> String {
    let result = match req.action.as_str() {
        "" => Err(Error::bad_request(
            "api.web_socket_router.no_action.app_error",
            "The request names no action.",
        )),
        // Already authenticated; presence and acks only feed features Hearth does not have.
        "authentication_challenge" | "presence" | "posted_notify_ack" => Ok(None),
        "ping" => Ok(Some(json!({
            "text": "pong",
            "version": MATTERMOST_VERSION,
            "server_time": now_millis(),
        }))),
        "user_typing" => app
            .user_typing(
                caller,
                req.str_field("channel_id"),
                req.str_field("parent_id"),
            )
            .await
            .map(|()| None),
        "get_statuses" => app
            .active_statuses(caller)
            .await
            .map(|statuses| Some(json!(statuses))),
        "get_statuses_by_ids" => statuses_by_ids(app, caller, req).await.map(Some),
        "user_update_active_status" => update_active_status(app, caller, req).await.map(|()| None),
        _ => Err(Error::new(
            ErrorKind::BadRequest,
            "api.web_socket_router.bad_action.app_error",
            "Unknown action.",
        )),
    };
    match result {
        Ok(data) => ok(req.seq, data),
        Err(e) => fail(req.seq, &e),
    }
}

/// `{user_ids: [...]}` -> `{user_id: status}` for the users the caller may see.
async fn statuses_by_ids(app: &App, caller: &Caller, req: &Request) -> Result<Value, Error> {
    let ids: Vec<String> = req
        .data
        .get("user_ids")
        .cloned()
        .and_then(|v| serde_json::from_value(v).ok())
        .ok_or_else(|| Error::invalid_param("user_ids"))?;
    let statuses = app.statuses_by_ids(caller, &ids).await?;
    let map: HashMap<String, String> = statuses
        .into_iter()
        .map(|s| (s.user_id, s.status))
        .collect();
    Ok(json!(map))
}

/// The client reports whether its user is active: online, or away when idle, unless the user
/// chose a status by hand.
async fn update_active_status(app: &App, caller: &Caller, req: &Request) -> Result<(), Error> {
    let active = req
        .data
        .get("user_is_active")
        .and_then(Value::as_bool)
        .ok_or_else(|| Error::invalid_param("user_is_active"))?;
    let status = if active { ONLINE } else { AWAY };
    app.set_auto_status(caller.user_id(), caller.is_guest(), status)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_parse_leniently() {
        let r = Request::parse(r#"{"seq":3,"action":"ping"}"#).unwrap();
        assert_eq!((r.seq, r.action.as_str()), (3, "ping"));
        assert!(r.data.is_null());
        assert!(Request::parse("not json").is_none());
        assert!(Request::parse(r#"{"action":"ping"}"#).is_none());
        assert!(Request::parse(r#"{"seq":0,"action":"ping"}"#).is_none());
        assert!(Request::parse(r#"{"seq":"1","action":"ping"}"#).is_none());
        assert_eq!(
            Request::parse(r#"{"seq":1,"action":5}"#).unwrap().action,
            ""
        );
    }

    #[test]
    fn replies_have_mattermost_shape() {
        let v: Value = serde_json::from_str(&ok(2, Some(json!({"a": 1})))).unwrap();
        assert_eq!(v, json!({"status": "OK", "seq_reply": 2, "data": {"a": 1}}));
        let v: Value = serde_json::from_str(&fail(4, &Error::forbidden())).unwrap();
        assert_eq!(v["status"], "FAIL");
        assert_eq!(v["seq_reply"], 4);
        assert_eq!(v["error"]["status_code"], 403);
        assert_eq!(v["error"]["id"], "api.context.permissions.app_error");
    }
}
