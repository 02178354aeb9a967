//! Default profile pictures: a symmetric 5x5 pattern in a colour derived from the user id, so every
//! user gets a distinct, stable image without any upload.

use sha2::{Digest, Sha256};

const GRID: u32 = 5;
const CELL: u32 = 24;
const MARGIN: u32 = 4;

/// The default avatar of `user_id` as a 128x128 RGB PNG.
pub fn default_avatar(user_id: &str) -> Vec<u8> {
    let hash = Sha256::digest(user_id.as_bytes());
    let color = [hash[0] / 2 + 64, hash[1] / 2 + 64, hash[2] / 2 + 64];
    let background = [240u8, 240, 240];
    let side = GRID * CELL + 2 * MARGIN;
    let mut pixels = Vec::with_capacity((side * side * 3) as usize);
    for y in 0..side {
        for x in 0..side {
            let inside =
                (MARGIN..side - MARGIN).contains(&x) && (MARGIN..side - MARGIN).contains(&y);
            let on = inside && {
                let (col, row) = ((x - MARGIN) / CELL, (y - MARGIN) / CELL);
                // Mirror columns 3 and 4 onto 1 and 0 so the pattern is symmetric like an identicon.
                let col = col.min(GRID - 1 - col);
                hash[(3 + row * 3 + col) as usize] % 2 == 0
            };
            pixels.extend_from_slice(if on { &color } else { &background });
        }
    }
    encode_png(side, side, png::ColorType::Rgb, &pixels).expect("encoding to memory cannot fail")
}

/// Encodes raw 8-bit pixels as a PNG in memory.
pub fn encode_png(
    width: u32,
    height: u32,
    color: png::ColorType,
    pixels: &[u8],
) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(color);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(pixels).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn avatars_are_stable_png_and_differ_by_user() {
        let a = default_avatar("aaaaaaaaaaaaaaaaaaaaaaaaaa");
        assert_eq!(&a[1..4], b"PNG");
        assert_eq!(a, default_avatar("aaaaaaaaaaaaaaaaaaaaaaaaaa"));
        assert_ne!(a, default_avatar("bbbbbbbbbbbbbbbbbbbbbbbbbb"));
    }
}
