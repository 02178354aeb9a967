//! Thumbnails, previews and mini previews of images, as Mattermost makes them: a thumbnail that
//! fits 120x100, a preview at most 1920 wide and 1080 high, and a 16x16 JPEG small enough to
//! travel inside `FileInfo.mini_preview`. Decoding is CPU work: call these on the blocking pool.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageReader, Limits};

/// Images larger than this are neither decoded nor previewed.
pub const MAX_DECODE_BYTES: u64 = 50 << 20;
/// Pixel limits that bound the memory one decode may take.
const MAX_SIDE: u32 = 12_000;
const MAX_ALLOC: u64 = 512 << 20;

/// What the background job makes from one image.
pub struct Rendered {
    pub width: u32,
    pub height: u32,
    pub thumbnail: Vec<u8>,
    pub preview: Vec<u8>,
    pub mini_preview: Vec<u8>,
}

/// Width and height from the start of an image file, without decoding pixels.
pub fn dimensions(head: &[u8]) -> Option<(u32, u32)> {
    ImageReader::new(Cursor::new(head))
        .with_guessed_format()
        .ok()?
        .into_dimensions()
        .ok()
}

/// Decodes `bytes` and renders the thumbnail, preview and mini preview as JPEG.
pub fn render(bytes: &[u8]) -> image::ImageResult<Rendered> {
    let mut reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format()?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let image = reader.decode()?;
    let preview = if image.width() > 1920 || image.height() > 1080 {
        image.resize(1920, 1080, image::imageops::FilterType::Triangle)
    } else {
        image.clone()
    };
    Ok(Rendered {
        width: image.width(),
        height: image.height(),
        thumbnail: jpeg(&image.thumbnail(120, 100), 90)?,
        preview: jpeg(&preview, 90)?,
        mini_preview: jpeg(&image.thumbnail_exact(16, 16), 70)?,
    })
}

fn jpeg(image: &DynamicImage, quality: u8) -> image::ImageResult<Vec<u8>> {
    let mut out = Vec::new();
    // JPEG has no alpha channel.
    DynamicImage::ImageRgb8(image.to_rgb8())
        .write_with_encoder(JpegEncoder::new_with_quality(&mut out, quality))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_small_jpegs_from_a_png() {
        let mut png = Vec::new();
        let image = DynamicImage::new_rgba8(400, 300);
        image
            .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        assert_eq!(dimensions(&png[..64]), Some((400, 300)));
        let r = render(&png).unwrap();
        assert_eq!((r.width, r.height), (400, 300));
        let thumb = image::load_from_memory(&r.thumbnail).unwrap();
        assert!(thumb.width() <= 120 && thumb.height() <= 100);
        assert_eq!(&r.mini_preview[..2], &[0xff, 0xd8]);
        assert!(render(b"not an image").is_err());
    }
}
