//! The graph as PNG: the app's own screenshot of the window, cut to the
//! graph panel, as an 8-bit RGBA image.

use egui::{ColorImage, Rect};

/// Encodes the part of `screenshot` inside `panel` (in points; the
/// screenshot is in pixels, `pixels_per_point` of them to a point) as PNG.
/// The whole screenshot when `panel` is `None` or outside it.
///
/// # Errors
///
/// When the encoder fails, which for an in-memory buffer means an image
/// of zero width or height.
pub fn png(
    screenshot: &ColorImage,
    panel: Option<Rect>,
    pixels_per_point: f32,
) -> Result<Vec<u8>, String> {
    let window = Rect::from_min_size(
        egui::Pos2::ZERO,
        egui::vec2(
            screenshot.size[0] as f32 / pixels_per_point,
            screenshot.size[1] as f32 / pixels_per_point,
        ),
    );
    let image = match panel.map(|p| p.intersect(window)) {
        Some(part) if part.is_positive() => screenshot.region(&part, Some(pixels_per_point)),
        _ => screenshot.clone(),
    };
    let [width, height] = image.size;
    let mut bytes = Vec::with_capacity(width * height * 4 / 2);
    let mut encoder = ::png::Encoder::new(&mut bytes, width as u32, height as u32);
    encoder.set_color(::png::ColorType::Rgba);
    encoder.set_depth(::png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    let rgba: Vec<u8> = image.pixels.iter().flat_map(|c| c.to_array()).collect();
    writer.write_image_data(&rgba).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::Color32;

    /// A 40×20 pixel window at 2 pixels per point: red left half, blue right.
    fn window() -> ColorImage {
        let mut image = ColorImage::filled([40, 20], Color32::RED);
        for y in 0..20 {
            for x in 20..40 {
                image[(x, y)] = Color32::BLUE;
            }
        }
        image
    }

    fn decode(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
        let decoder = ::png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = decoder.read_info().expect("a PNG");
        let mut pixels = vec![0; reader.output_buffer_size().expect("a size")];
        let info = reader.next_frame(&mut pixels).expect("a frame");
        pixels.truncate(info.buffer_size());
        (info.width, info.height, pixels)
    }

    #[test]
    fn the_panel_is_cut_out_at_the_screen_scale() {
        // The right half in points: x 10..20 of a 20×10 point window.
        let panel = Rect::from_min_max(egui::pos2(10.0, 0.0), egui::pos2(20.0, 10.0));
        let (width, height, pixels) = decode(&png(&window(), Some(panel), 2.0).expect("encodes"));
        assert_eq!((width, height), (20, 20));
        assert!(
            pixels.chunks(4).all(|p| p == [0, 0, 255, 255]),
            "only the blue half"
        );
    }

    #[test]
    fn without_a_panel_the_whole_window_is_kept() {
        let (width, height, pixels) = decode(&png(&window(), None, 2.0).expect("encodes"));
        assert_eq!((width, height), (40, 20));
        assert_eq!(&pixels[..4], &[255, 0, 0, 255]);
    }
}
