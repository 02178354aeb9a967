//! Files: multipart and raw uploads, attaching files to posts, who may read them, deleting the
//! post, and file search by name.

use hearth_e2e::fixtures::{self, Office, add_to_channel, channel, id, member, office};
use hearth_e2e::{Client, Server, on_both_backends};
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

/// `client` uploads `bytes` as `name` into `channel_id` with the raw-body form; returns the
/// response.
pub async fn upload_raw(
    client: &Client,
    channel_id: &str,
    name: &str,
    bytes: Vec<u8>,
) -> hearth_e2e::Resp {
    let url = format!("{}/api/v4/files", client.base);
    let req = authed(client, client.http.post(url))
        .query(&[("channel_id", channel_id), ("filename", name)])
        .body(bytes);
    client.send(req).await
}

/// Uploads one file and returns its `FileInfo`.
pub async fn upload(client: &Client, channel_id: &str, name: &str, bytes: Vec<u8>) -> Value {
    let body = upload_raw(client, channel_id, name, bytes)
        .await
        .expect(201);
    body["file_infos"][0].clone()
}

pub fn authed(client: &Client, req: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
    req.header(
        "Authorization",
        format!("Bearer {}", client.token.as_deref().expect("logged in")),
    )
}

/// GET `path` returning the raw bytes and headers.
pub async fn get_bytes(
    client: &Client,
    path: &str,
    range: Option<&str>,
) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let mut req = client.http.get(format!("{}{path}", client.base));
    if client.token.is_some() {
        req = authed(client, req);
    }
    if let Some(range) = range {
        req = req.header("Range", range);
    }
    let resp = req.send().await.expect("request reaches the server");
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    (status, headers, resp.bytes().await.expect("body").to_vec())
}

/// A private channel `name` of the office with only the admin in it.
pub async fn private_channel(office: &Office, name: &str) -> String {
    channel(&office.admin, &office.team_id, name, "P").await
}

/// `client` posts `file_ids` to `channel_id`; returns the post.
pub async fn post_files(client: &Client, channel_id: &str, file_ids: &[&str]) -> Value {
    client
        .post(
            "/api/v4/posts",
            json!({"channel_id": channel_id, "message": "files", "file_ids": file_ids}),
        )
        .await
        .expect(201)
}

async fn multipart_and_raw_uploads(server: Server) {
    let office = office(&server).await;
    let admin = &office.admin;
    let png = fixtures_png(2, 2);
    let form = Form::new()
        .text("channel_id", office.town_square.clone())
        .text("client_ids", "c1")
        .text("client_ids", "c2")
        .part(
            "files",
            Part::bytes(b"hello notes".to_vec()).file_name("notes.txt"),
        )
        // The name says text; the bytes say PNG, and the bytes win.
        .part(
            "files",
            Part::bytes(png.clone()).file_name("sub/dir/picture.txt"),
        );
    let req = authed(
        admin,
        admin.http.post(format!("{}/api/v4/files", admin.base)),
    )
    .multipart(form);
    let body = admin.send(req).await.expect(201);
    assert_eq!(body["client_ids"], json!(["c1", "c2"]));
    let infos = body["file_infos"].as_array().unwrap();
    assert_eq!(infos.len(), 2);
    assert_eq!(infos[0]["name"], "notes.txt");
    assert_eq!(infos[0]["extension"], "txt");
    assert_eq!(infos[0]["size"], 11);
    assert_eq!(infos[0]["mime_type"], "text/plain");
    assert_eq!(infos[0]["user_id"], admin.user_id());
    assert_eq!(infos[0]["channel_id"], office.town_square);
    assert_eq!(infos[0]["post_id"], "");
    assert_eq!(infos[1]["name"], "picture.txt");
    assert_eq!(infos[1]["mime_type"], "image/png");
    assert_eq!(infos[1]["size"], png.len());

    let raw = upload(
        admin,
        &office.town_square,
        "../../etc/report.csv",
        b"a,b\n1,2\n".to_vec(),
    )
    .await;
    assert_eq!(raw["name"], "report.csv");
    let (status, _, bytes) = get_bytes(admin, &format!("/api/v4/files/{}", id(&raw)), None).await;
    assert_eq!((status, bytes), (200, b"a,b\n1,2\n".to_vec()));

    // Uploads need membership, a real channel and a name.
    let bob = member(&server, &office, "bob").await;
    let secret = private_channel(&office, "secret").await;
    upload_raw(&bob, &secret, "x.txt", b"x".to_vec())
        .await
        .expect(403);
    upload_raw(admin, "nochannel", "x.txt", b"x".to_vec())
        .await
        .expect(400);
    upload_raw(admin, &secret, "/", b"x".to_vec())
        .await
        .expect(400);

    // Attached to a post: the post carries the files, only the uploader's unattached files of
    // that channel attach, and a file attaches once.
    let other = upload(admin, &secret, "elsewhere.txt", b"x".to_vec()).await;
    let (notes, picture) = (id(&infos[0]), id(&infos[1]));
    let post = post_files(admin, &office.town_square, &[&notes, &picture, &id(&other)]).await;
    assert_eq!(post["file_ids"], json!([notes, picture]));
    let files = &post["metadata"]["files"];
    assert_eq!(
        fixtures::sorted(fixtures::field(files, "id")),
        fixtures::sorted(vec![notes.clone(), picture.clone()])
    );
    assert!(
        files
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["post_id"] == post["id"])
    );
    let again = post_files(admin, &office.town_square, &[&notes]).await;
    assert_eq!(again["file_ids"], json!([]));
    let listed = admin
        .get(&format!("/api/v4/posts/{}/files/info", id(&post)))
        .await
        .expect(200);
    assert_eq!(listed.as_array().unwrap().len(), 2);
    let page = admin
        .get(&format!("/api/v4/channels/{}/posts", office.town_square))
        .await
        .expect(200);
    let files = &page["posts"][id(&post)]["metadata"]["files"];
    assert_eq!(files.as_array().unwrap().len(), 2);
    // Bob reads Town Square, so he reads its files.
    let (status, _, bytes) = get_bytes(&bob, &format!("/api/v4/files/{notes}"), None).await;
    assert_eq!((status, bytes), (200, b"hello notes".to_vec()));
}

/// A `width` x `height` opaque PNG.
pub fn fixtures_png(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    let pixels: Vec<u8> = (0..width * height * 3).map(|i| (i % 251) as u8).collect();
    writer.write_image_data(&pixels).unwrap();
    writer.finish().unwrap();
    out
}

async fn non_members_cannot_read_files(server: Server) {
    let office = office(&server).await;
    let admin = &office.admin;
    let bob = member(&server, &office, "bob").await;
    let secret = private_channel(&office, "secret").await;
    let file = id(&upload(admin, &secret, "plan.png", fixtures_png(8, 8)).await);
    for suffix in ["", "/info", "/thumbnail", "/preview"] {
        let r = bob.get(&format!("/api/v4/files/{file}{suffix}")).await;
        assert_eq!(r.status, 403, "{suffix}: {}", r.body);
        assert_eq!(r.body["status_code"], 403);
    }
    let post = post_files(admin, &secret, &[&file]).await;
    bob.get(&format!("/api/v4/files/{file}")).await.expect(403);
    bob.get(&format!("/api/v4/posts/{}/files/info", id(&post)))
        .await
        .expect(403);
    server
        .anonymous()
        .get(&format!("/api/v4/files/{file}"))
        .await
        .expect(401);
    add_to_channel(admin, &secret, &bob.user_id()).await;
    let (status, _, bytes) = get_bytes(&bob, &format!("/api/v4/files/{file}"), None).await;
    assert_eq!((status, bytes), (200, fixtures_png(8, 8)));
    bob.get("/api/v4/files/notanid").await.expect(400);
    bob.get("/api/v4/files/aaaaaaaaaaaaaaaaaaaaaaaaaa")
        .await
        .expect(404);
}

async fn deleting_the_post_removes_its_files(server: Server) {
    let office = office(&server).await;
    let admin = &office.admin;
    let file = id(&upload(admin, &office.town_square, "gone.txt", b"bye".to_vec()).await);
    let root = post_files(admin, &office.town_square, &[]).await;
    let reply = admin
        .post(
            "/api/v4/posts",
            json!({"channel_id": office.town_square, "message": "r", "root_id": id(&root), "file_ids": [file]}),
        )
        .await
        .expect(201);
    assert_eq!(reply["file_ids"], json!([file]));
    admin
        .get(&format!("/api/v4/files/{file}/info"))
        .await
        .expect(200);
    // Deleting the thread's root takes the reply and its file with it.
    admin
        .delete(&format!("/api/v4/posts/{}", id(&root)))
        .await
        .expect(200);
    admin
        .get(&format!("/api/v4/files/{file}"))
        .await
        .expect(404);
    admin
        .get(&format!("/api/v4/files/{file}/info"))
        .await
        .expect(404);
    let found = admin
        .post(
            "/api/v4/files/search",
            json!({"terms": "gone", "is_or_search": false}),
        )
        .await
        .expect(200);
    assert_eq!(found["order"], json!([]));
}

async fn file_search_respects_channel_access(server: Server) {
    let office = office(&server).await;
    let admin = &office.admin;
    let bob = member(&server, &office, "bob").await;
    let secret = private_channel(&office, "secret").await;
    let report = id(&upload(
        admin,
        &secret,
        "Quarterly-Report.pdf",
        b"%PDF-1.4 x".to_vec(),
    )
    .await);
    let notes = id(&upload(
        admin,
        &office.town_square,
        "quarterly notes.txt",
        b"n".to_vec(),
    )
    .await);
    let unattached = upload(
        admin,
        &office.town_square,
        "quarterly draft.txt",
        b"d".to_vec(),
    )
    .await;
    post_files(admin, &secret, &[&report]).await;
    post_files(admin, &office.town_square, &[&notes]).await;
    let search = |client: &Client, terms: &str, team: bool| {
        let path = match team {
            true => format!("/api/v4/teams/{}/files/search", office.team_id),
            false => "/api/v4/files/search".to_owned(),
        };
        let client = client.clone();
        let terms = terms.to_owned();
        async move {
            let body = client
                .post(
                    &path,
                    json!({"terms": terms, "is_or_search": false, "page": 0, "per_page": 60}),
                )
                .await
                .expect(200);
            let order: Vec<String> = serde_json::from_value(body["order"].clone()).unwrap();
            for id in &order {
                assert_eq!(body["file_infos"][id]["id"], json!(id));
            }
            order
        }
    };
    assert_eq!(
        search(admin, "QUARTERLY", true).await,
        vec![notes.clone(), report.clone()]
    );
    assert_eq!(
        search(admin, "quarterly ext:pdf", false).await,
        vec![report.clone()]
    );
    assert_eq!(
        search(admin, "\"ly-rep\"", false).await,
        vec![report.clone()]
    );
    assert!(
        !search(admin, "draft", false)
            .await
            .contains(&id(&unattached))
    );
    assert_eq!(search(&bob, "quarterly", true).await, vec![notes.clone()]);
    assert_eq!(search(&bob, "report", false).await, Vec::<String>::new());
    add_to_channel(admin, &secret, &bob.user_id()).await;
    assert_eq!(search(&bob, "report", false).await, vec![report]);
    bob.post("/api/v4/teams/notanid/files/search", json!({"terms": "x"}))
        .await
        .expect(400);
}

on_both_backends!(
    multipart_and_raw_uploads,
    non_members_cannot_read_files,
    deleting_the_post_removes_its_files,
    file_search_respects_channel_access,
);
