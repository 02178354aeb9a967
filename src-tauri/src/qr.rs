//! QR codes for the done page (the address, and the CA root's download): the module matrix,
//! which the page draws as SVG.

use serde::Serialize;

use crate::error::{CommandError, CommandResult};

#[derive(Debug, Serialize)]
pub struct Qr {
    size: usize,
    /// Row by row, `size * size`; true is dark.
    modules: Vec<bool>,
}

pub fn qr(text: &str) -> CommandResult<Qr> {
    let code = qrcodegen::QrCode::encode_text(text, qrcodegen::QrCodeEcc::Medium)
        .map_err(|_| CommandError::new("the address is too long for a QR code"))?;
    let size = code.size() as usize;
    let modules = (0..size as i32)
        .flat_map(|y| (0..size as i32).map(move |x| (x, y)))
        .map(|(x, y)| code.get_module(x, y))
        .collect();
    Ok(Qr { size, modules })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_matrix_is_square_with_finder_patterns() {
        let code = qr("https://officebox").unwrap();
        assert_eq!(code.modules.len(), code.size * code.size);
        // Every QR code's top-left finder pattern: a dark 7x7 ring.
        assert!((0..7).all(|i| code.modules[i] && code.modules[i * code.size]));
        assert!(!code.modules[code.size + 1]);
    }
}
