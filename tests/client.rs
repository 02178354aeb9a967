//! A small HTTP client for tests: JSON in, status and JSON out, with a session token once logged in.

use reqwest::Method;
use serde_json::{Value, json};

#[derive(Clone)]
pub struct Client {
    pub base: String,
    pub http: reqwest::Client,
    pub token: Option<String>,
    /// The logged-in user, once [`Client::login`] has run.
    pub user: Value,
}

/// A response: status, JSON body (or `Value::String` of the raw text), headers.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub body: Value,
    pub headers: reqwest::header::HeaderMap,
}

impl Resp {
    /// Panics with the body unless the status is `expected`.
    pub fn expect(self, expected: u16) -> Value {
        assert_eq!(
            self.status, expected,
            "unexpected status; body: {}",
            self.body
        );
        self.body
    }
}

impl Client {
    pub fn new(base: &str) -> Client {
        Client {
            base: base.to_owned(),
            http: reqwest::Client::new(),
            token: None,
            user: Value::Null,
        }
    }

    pub fn user_id(&self) -> String {
        self.user["id"].as_str().expect("logged in").to_owned()
    }

    pub async fn login(&mut self, login_id: &str, password: &str) {
        let r = self
            .post(
                "/api/v4/users/login",
                json!({"login_id": login_id, "password": password}),
            )
            .await;
        assert_eq!(r.status, 200, "login {login_id}: {}", r.body);
        let token = r
            .headers
            .get("token")
            .expect("Token header")
            .to_str()
            .unwrap()
            .to_owned();
        self.token = Some(token);
        self.user = r.body;
    }

    pub async fn request(&self, method: Method, path: &str, body: Option<Value>) -> Resp {
        let mut req = self.http.request(method, format!("{}{path}", self.base));
        if let Some(token) = &self.token {
            req = req.header("Authorization", format!("Bearer {token}"));
        }
        if let Some(body) = body {
            req = req.json(&body);
        }
        self.send(req).await
    }

    pub async fn send(&self, req: reqwest::RequestBuilder) -> Resp {
        let resp = req.send().await.expect("request reaches the server");
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let text = resp.text().await.expect("body");
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Resp {
            status,
            body,
            headers,
        }
    }

    pub async fn get(&self, path: &str) -> Resp {
        self.request(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Resp {
        self.request(Method::POST, path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: Value) -> Resp {
        self.request(Method::PUT, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> Resp {
        self.request(Method::DELETE, path, None).await
    }
}
