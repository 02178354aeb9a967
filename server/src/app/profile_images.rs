//! Profile pictures: an uploaded image, cropped to a square and scaled to 256x256 PNG, or the
//! generated default. `last_picture_update` tells clients when to fetch it again: the upload
//! time, or minus the reset time once the picture is back to the default (as Mattermost does).

use std::io::Cursor;

use image::{ImageReader, Limits};

use super::{App, Caller, Error, ErrorKind, Result, default_avatar};
use crate::model::now_millis;

/// The largest picture accepted, before scaling.
pub const MAX_PROFILE_IMAGE_BYTES: usize = 10 << 20;
const SIDE: u32 = 256;
const MAX_PIXELS_SIDE: u32 = 8_000;

fn key(user_id: &str) -> String {
    format!("users/{user_id}/profile.png")
}

/// Decodes an uploaded picture and turns it into the stored square PNG. CPU work: run it on the
/// blocking pool.
fn square_png(bytes: &[u8]) -> Result<Vec<u8>> {
    let unreadable = |e: image::ImageError| {
        let mut err = Error::bad_request(
            "api.user.upload_profile_user.decode.app_error",
            "The picture could not be read. Use a PNG, JPEG, GIF or WebP image.",
        );
        err.detail = e.to_string();
        err
    };
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| unreadable(e.into()))?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_PIXELS_SIDE);
    limits.max_image_height = Some(MAX_PIXELS_SIDE);
    reader.limits(limits);
    let image = reader.decode().map_err(unreadable)?;
    let side = image.width().min(image.height());
    let square = image.crop_imm(
        (image.width() - side) / 2,
        (image.height() - side) / 2,
        side,
        side,
    );
    let scaled = square.resize_exact(SIDE, SIDE, image::imageops::FilterType::Triangle);
    let mut out = Vec::new();
    scaled
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .map_err(|e| Error::internal("encoding a profile picture", e))?;
    Ok(out)
}

impl App {
    /// The picture of `user_id` as PNG bytes: the uploaded one, else the generated default.
    pub async fn profile_image(&self, caller: &Caller, user_id: &str) -> Result<Vec<u8>> {
        if user_id != caller.user_id() && self.visible_user(caller, user_id).await?.is_none() {
            return Err(Error::not_found("user"));
        }
        let stored = self
            .files
            .store
            .read(&key(user_id), MAX_PROFILE_IMAGE_BYTES as u64)
            .await;
        match stored {
            Ok(Some(png)) => Ok(png),
            Ok(None) => Err(Error::internal(
                "reading a profile picture",
                "larger than stored ones can be",
            )),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(default_avatar(user_id)),
            Err(e) => Err(Error::internal("reading a profile picture", e)),
        }
    }

    /// Sets the picture of `user_id` (themselves, or anyone for a system admin) from `bytes`.
    pub async fn set_profile_image(
        &self,
        caller: &Caller,
        user_id: &str,
        bytes: Vec<u8>,
    ) -> Result<()> {
        let mut user = self.picture_owner(caller, user_id).await?;
        let png = tokio::task::spawn_blocking(move || square_png(&bytes))
            .await
            .map_err(|e| Error::internal("scaling a profile picture", e))??;
        self.files
            .store
            .write(&key(user_id), png)
            .await
            .map_err(|e| Error::internal("storing a profile picture", e))?;
        user.last_picture_update = now_millis();
        self.picture_changed(&mut user).await
    }

    /// Goes back to the generated picture.
    pub async fn reset_profile_image(&self, caller: &Caller, user_id: &str) -> Result<()> {
        let mut user = self.picture_owner(caller, user_id).await?;
        self.files
            .store
            .remove(&key(user_id))
            .await
            .map_err(|e| Error::internal("removing a profile picture", e))?;
        user.last_picture_update = -now_millis();
        self.picture_changed(&mut user).await
    }

    /// The user whose picture `caller` changes: themselves, or anyone for a system admin.
    async fn picture_owner(&self, caller: &Caller, user_id: &str) -> Result<crate::model::User> {
        caller.require_self_or_admin(user_id)?;
        self.store
            .user(user_id)
            .await?
            .ok_or_else(|| Error::not_found("user"))
    }

    async fn picture_changed(&self, user: &mut crate::model::User) -> Result<()> {
        self.store
            .set_picture_updated(&user.id, user.last_picture_update)
            .await?;
        user.update_at = user.last_picture_update.abs();
        self.publish_user_updated(user);
        Ok(())
    }
}

/// A picture larger than [`MAX_PROFILE_IMAGE_BYTES`].
pub fn too_large() -> Error {
    Error::new(
        ErrorKind::TooLarge,
        "api.user.upload_profile_user.too_large.app_error",
        format!(
            "The picture is larger than {} MiB.",
            MAX_PROFILE_IMAGE_BYTES >> 20
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_become_centred_squares() {
        let mut wide = Vec::new();
        image::DynamicImage::new_rgb8(600, 300)
            .write_to(&mut Cursor::new(&mut wide), image::ImageFormat::Png)
            .unwrap();
        let png = square_png(&wide).unwrap();
        let out = image::load_from_memory(&png).unwrap();
        assert_eq!((out.width(), out.height()), (SIDE, SIDE));
    }

    #[test]
    fn other_bytes_are_refused() {
        assert!(square_png(b"<svg onload=alert(1)>").is_err());
    }
}
