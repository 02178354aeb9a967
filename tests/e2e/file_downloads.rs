//! Downloading files: byte ranges, what is inline and what is an attachment, thumbnails and
//! previews made in the background, and public links.

use std::time::Duration;

use hearth_e2e::fixtures::{id, office};
use hearth_e2e::{Server, on_both_backends};

use crate::files::{fixtures_png, get_bytes, post_files, upload};

async fn range_requests(server: Server) {
    let office = office(&server).await;
    let admin = &office.admin;
    let data: Vec<u8> = (0..1000u32).map(|i| (i % 256) as u8).collect();
    let file = id(&upload(admin, &office.town_square, "clip.bin", data.clone()).await);
    let path = format!("/api/v4/files/{file}");
    let (status, headers, bytes) = get_bytes(admin, &path, None).await;
    assert_eq!((status, bytes.len()), (200, 1000));
    assert_eq!(headers["accept-ranges"], "bytes");
    for (range, start, end) in [
        ("bytes=0-9", 0, 9),
        ("bytes=500-509", 500, 509),
        ("bytes=-10", 990, 999),
        ("bytes=995-", 995, 999),
    ] {
        let (status, headers, bytes) = get_bytes(admin, &path, Some(range)).await;
        assert_eq!(status, 206, "{range}");
        assert_eq!(
            headers["content-range"],
            format!("bytes {start}-{end}/1000")
        );
        assert_eq!(bytes, data[start..=end], "{range}");
    }
    for range in ["bytes=1000-", "bytes=20-10", "bytes=abc"] {
        let (status, headers, _) = get_bytes(admin, &path, Some(range)).await;
        assert_eq!(status, 416, "{range}");
        assert_eq!(headers["content-range"], "bytes */1000");
    }
}

async fn html_is_an_attachment(server: Server) {
    let office = office(&server).await;
    let admin = &office.admin;
    let html = b"<html><body><script>alert(document.cookie)</script></body></html>".to_vec();
    let info = upload(admin, &office.town_square, "page.html", html.clone()).await;
    assert_eq!(info["mime_type"], "text/html");
    let (status, headers, bytes) =
        get_bytes(admin, &format!("/api/v4/files/{}", id(&info)), None).await;
    assert_eq!((status, bytes), (200, html));
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(disposition.contains("page.html"));
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(
        headers["content-security-policy"]
            .to_str()
            .unwrap()
            .starts_with("sandbox")
    );
    // An SVG can carry script too; a PNG is shown inline unless a download is asked for.
    let svg = upload(
        admin,
        &office.town_square,
        "logo.svg",
        b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>x()</script></svg>".to_vec(),
    )
    .await;
    let (_, headers, _) = get_bytes(admin, &format!("/api/v4/files/{}", id(&svg)), None).await;
    assert!(
        headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    let png = id(&upload(admin, &office.town_square, "a.png", fixtures_png(4, 4)).await);
    let (_, headers, _) = get_bytes(admin, &format!("/api/v4/files/{png}"), None).await;
    assert!(
        headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("inline;")
    );
    assert_eq!(headers["content-type"], "image/png");
    let (_, headers, _) = get_bytes(admin, &format!("/api/v4/files/{png}?download=1"), None).await;
    assert!(
        headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
}

async fn png_gets_thumbnail_and_preview(server: Server) {
    let office = office(&server).await;
    let admin = &office.admin;
    let info = upload(
        admin,
        &office.town_square,
        "photo.png",
        fixtures_png(300, 200),
    )
    .await;
    // Dimensions come from the header at once; the pictures come from the background job.
    assert_eq!(
        (info["width"].as_i64(), info["height"].as_i64()),
        (Some(300), Some(200))
    );
    assert_eq!(info["has_preview_image"], true);
    let file = id(&info);
    let mut ready = None;
    for _ in 0..100 {
        let (status, headers, bytes) =
            get_bytes(admin, &format!("/api/v4/files/{file}/thumbnail"), None).await;
        if status == 200 {
            ready = Some((headers, bytes));
            break;
        }
        assert_eq!(
            status, 404,
            "before it is made the thumbnail is simply not there"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (headers, thumb) = ready.expect("thumbnail made within 10 s");
    assert_eq!(headers["content-type"], "image/jpeg");
    assert_eq!(&thumb[..2], &[0xff, 0xd8]);
    let (status, _, preview) =
        get_bytes(admin, &format!("/api/v4/files/{file}/preview"), None).await;
    assert_eq!(status, 200);
    assert!(preview.len() > thumb.len() / 2);
    let info = admin
        .get(&format!("/api/v4/files/{file}/info"))
        .await
        .expect(200);
    assert!(
        info["mini_preview"].as_str().is_some_and(|m| !m.is_empty()),
        "{info}"
    );
    let text = id(&upload(admin, &office.town_square, "a.txt", b"t".to_vec()).await);
    admin
        .get(&format!("/api/v4/files/{text}/thumbnail"))
        .await
        .expect(400);
}

async fn public_links_are_off_by_default(server: Server) {
    let office = office(&server).await;
    let admin = &office.admin;
    let file = id(&upload(admin, &office.town_square, "p.txt", b"p".to_vec()).await);
    post_files(admin, &office.town_square, &[&file]).await;
    admin
        .get(&format!("/api/v4/files/{file}/link"))
        .await
        .expect(501);
    let (status, _, _) = get_bytes(
        &server.anonymous(),
        &format!("/files/{file}/public?h=abc"),
        None,
    )
    .await;
    assert_eq!(status, 501);
}

async fn public_links_work_when_enabled(server: Server) {
    let office = office(&server).await;
    let admin = &office.admin;
    let file = id(&upload(
        admin,
        &office.town_square,
        "p.txt",
        b"public bytes".to_vec(),
    )
    .await);
    admin
        .get(&format!("/api/v4/files/{file}/link"))
        .await
        .expect(400);
    post_files(admin, &office.town_square, &[&file]).await;
    let link = admin
        .get(&format!("/api/v4/files/{file}/link"))
        .await
        .expect(200);
    let link = link["link"].as_str().unwrap().to_owned();
    assert!(
        link.starts_with(&format!("{}/files/{file}/public?h=", server.url)),
        "{link}"
    );
    let anonymous = reqwest::get(&link).await.unwrap();
    assert_eq!(anonymous.status(), 200);
    assert_eq!(anonymous.bytes().await.unwrap().as_ref(), b"public bytes");
    let forged = reqwest::get(format!("{link}x")).await.unwrap();
    assert_eq!(forged.status(), 400);
    let other = id(&upload(admin, &office.town_square, "q.txt", b"q".to_vec()).await);
    post_files(admin, &office.town_square, &[&other]).await;
    let hash = link.split("h=").nth(1).unwrap();
    let swapped = reqwest::get(format!("{}/files/{other}/public?h={hash}", server.url))
        .await
        .unwrap();
    assert_eq!(swapped.status(), 400);
}

on_both_backends!(
    range_requests,
    html_is_an_attachment,
    png_gets_thumbnail_and_preview,
    public_links_are_off_by_default,
);
const PUBLIC_LINKS: &[(&str, &str)] = &[("HEARTH_FILESETTINGS_ENABLEPUBLICLINK", "true")];
on_both_backends!(env = PUBLIC_LINKS; public_links_work_when_enabled);
