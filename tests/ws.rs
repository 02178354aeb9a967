//! A WebSocket client for tests, speaking Mattermost's event protocol.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub struct WsClient {
    stream: WebSocketStream<MaybeTlsStream<TcpStream>>,
    next_seq: i64,
    /// Every server frame received so far, in order.
    pub received: Vec<Value>,
}

impl WsClient {
    /// Connects to `/api/v4/websocket` with a bearer token and `query` (e.g. `connection_id=..`).
    pub async fn connect(base: &str, token: &str, query: &str) -> WsClient {
        let url = format!(
            "{}/api/v4/websocket?{query}",
            base.replacen("http", "ws", 1)
        );
        let mut req = url.into_client_request().expect("ws url");
        req.headers_mut()
            .insert("Authorization", format!("Bearer {token}").parse().unwrap());
        let (stream, _) = tokio_tungstenite::connect_async(req)
            .await
            .expect("websocket connects");
        WsClient {
            stream,
            next_seq: 1,
            received: vec![],
        }
    }

    /// Connects with a bearer token from local address `from` (the load generator spreads
    /// sockets over several loopback addresses so source ports do not run out); an error instead
    /// of a panic, as a refused connection is a result there.
    pub async fn try_connect_from(
        base: &str,
        token: &str,
        from: Option<std::net::IpAddr>,
    ) -> Result<WsClient, String> {
        let url = format!("{}/api/v4/websocket", base.replacen("http", "ws", 1));
        let mut req = url
            .as_str()
            .into_client_request()
            .map_err(|e| e.to_string())?;
        let auth = format!("Bearer {token}").parse().map_err(|_| "bad token")?;
        req.headers_mut().insert("Authorization", auth);
        let host = req.uri().authority().ok_or("no host")?.as_str().to_owned();
        let addr: std::net::SocketAddr = host.parse().map_err(|_| "host is not an address")?;
        let socket = tokio::net::TcpSocket::new_v4().map_err(|e| e.to_string())?;
        if let Some(ip) = from {
            // Let the kernel pick the source port at connect time, per destination, rather than
            // at bind time from ports no socket of that address uses (TIME_WAIT ones included).
            let yes: libc::c_int = 1;
            // SAFETY: a plain integer option on a socket this function owns.
            unsafe {
                libc::setsockopt(
                    std::os::fd::AsRawFd::as_raw_fd(&socket),
                    libc::IPPROTO_IP,
                    libc::IP_BIND_ADDRESS_NO_PORT,
                    (&yes as *const libc::c_int).cast(),
                    std::mem::size_of::<libc::c_int>() as libc::socklen_t,
                );
            }
            socket
                .bind(std::net::SocketAddr::new(ip, 0))
                .map_err(|e| e.to_string())?;
        }
        let tcp = socket.connect(addr).await.map_err(|e| e.to_string())?;
        let (stream, _) = tokio_tungstenite::client_async(req, MaybeTlsStream::Plain(tcp))
            .await
            .map_err(|e| e.to_string())?;
        Ok(WsClient {
            stream,
            next_seq: 1,
            received: vec![],
        })
    }

    /// The next text frame as sent, without parsing or keeping it; `None` once the socket
    /// closes. Answers pings while it reads.
    pub async fn next_text(&mut self) -> Option<String> {
        loop {
            match self.stream.next().await?.ok()? {
                Message::Text(text) => return Some(text.as_str().to_owned()),
                Message::Close(_) => return None,
                _ => continue,
            }
        }
    }

    /// Connects without credentials (to authenticate with `authentication_challenge`).
    pub async fn connect_anonymous(base: &str) -> WsClient {
        let url = format!("{}/api/v4/websocket", base.replacen("http", "ws", 1));
        let (stream, _) = tokio_tungstenite::connect_async(url)
            .await
            .expect("websocket connects");
        WsClient {
            stream,
            next_seq: 1,
            received: vec![],
        }
    }

    /// Connects the way the web app does: the session in the `MMAUTHTOKEN` cookie.
    pub async fn connect_with_cookie(base: &str, token: &str) -> WsClient {
        let url = format!("{}/api/v4/websocket", base.replacen("http", "ws", 1));
        let mut req = url.into_client_request().expect("ws url");
        req.headers_mut()
            .insert("Cookie", format!("MMAUTHTOKEN={token}").parse().unwrap());
        let (stream, _) = tokio_tungstenite::connect_async(req)
            .await
            .expect("websocket connects");
        WsClient {
            stream,
            next_seq: 1,
            received: vec![],
        }
    }

    /// Sends a raw text frame (for malformed input).
    pub async fn send_text(&mut self, text: String) {
        self.stream
            .send(Message::text(text))
            .await
            .expect("ws send");
    }

    /// Waits up to `wait` for a frame matching `pred`, skipping others.
    pub async fn expect_where(
        &mut self,
        wait: Duration,
        what: &str,
        pred: impl Fn(&Value) -> bool,
    ) -> Value {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.next(left).await {
                Some(frame) if pred(&frame) => return frame,
                Some(_) => continue,
                None => panic!("no {what} within {wait:?}; received {:?}", self.received),
            }
        }
    }

    /// Waits up to 5 s for the reply to request `seq`.
    pub async fn expect_reply(&mut self, seq: i64) -> Value {
        self.expect_where(Duration::from_secs(5), "reply", |f| f["seq_reply"] == seq)
            .await
    }

    /// Reads frames until none arrives for `quiet`; returns them.
    pub async fn drain(&mut self, quiet: Duration) -> Vec<Value> {
        let mut frames = vec![];
        while let Some(frame) = self.next(quiet).await {
            frames.push(frame);
        }
        frames
    }

    /// Whether the server closed the socket within `wait` (frames before that are skipped).
    pub async fn closed_within(&mut self, wait: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            if left.is_zero() {
                return false;
            }
            match tokio::time::timeout(left, self.stream.next()).await {
                Err(_) => return false,
                Ok(None | Some(Err(_)) | Some(Ok(Message::Close(_)))) => return true,
                Ok(Some(Ok(_))) => continue,
            }
        }
    }

    /// Sends an action; returns the seq it used.
    pub async fn send(&mut self, action: &str, data: Value) -> i64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        let frame = json!({"action": action, "seq": seq, "data": data});
        self.stream
            .send(Message::text(frame.to_string()))
            .await
            .expect("ws send");
        seq
    }

    /// The next JSON frame, or `None` after `wait` or when the server closes.
    pub async fn next(&mut self, wait: Duration) -> Option<Value> {
        loop {
            let msg = tokio::time::timeout(wait, self.stream.next())
                .await
                .ok()??
                .ok()?;
            match msg {
                Message::Text(text) => {
                    let value: Value = serde_json::from_str(&text).expect("server sends JSON");
                    self.received.push(value.clone());
                    return Some(value);
                }
                Message::Close(_) => return None,
                _ => continue,
            }
        }
    }

    /// Waits up to 5 s for an event named `event`, skipping others.
    pub async fn expect_event(&mut self, event: &str) -> Value {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.next(left).await {
                Some(frame) if frame["event"] == event => return frame,
                Some(_) => continue,
                None => panic!("no {event} event within 5 s; received {:?}", self.received),
            }
        }
    }

    /// Asserts no event named `event` arrives within `wait`.
    pub async fn expect_no_event(&mut self, event: &str, wait: Duration) {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            if left.is_zero() {
                return;
            }
            match self.next(left).await {
                Some(frame) if frame["event"] == event => panic!("unexpected {event}: {frame}"),
                Some(_) => continue,
                None => return,
            }
        }
    }

    pub async fn close(mut self) {
        let _ = self.stream.close(None).await;
    }
}
