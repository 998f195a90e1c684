//! Showing a large photo without stalling a frame.
//!
//! A 12-megapixel photo is 48 MB of RGBA: handing that to the GPU in one
//! frame takes far longer than a frame (with software GL much longer). So a
//! picture is an overview texture small enough to upload at once (box
//! averaged to at most [`OVERVIEW_SIDE`] pixels a side, and never more than
//! the GPU's maximum texture side), plus full-resolution tiles that are
//! uploaded a few per frame and drawn once the view is zoomed in far enough
//! that the overview would blur. The RGBA conversion of overview and tiles
//! happens in the job that made the image, off the UI thread.

use egui::{Color32, ColorImage, Painter, Pos2, Rect, TextureHandle, TextureOptions, Vec2};
use toolcup_denoise::Image;

/// The longest side of the overview texture, in pixels.
pub(crate) const OVERVIEW_SIDE: usize = 1024;
/// The side of a full-resolution tile, in pixels.
const TILE_SIDE: usize = 512;
/// RGBA bytes handed to the GPU per frame while tiles are pending: about a
/// millisecond of copying even with software GL.
const UPLOAD_BYTES_PER_FRAME: usize = 4 << 20;

/// A picture's pixels, ready for the GPU: made off the UI thread.
pub(crate) struct PictureData {
    /// The full image's width and height.
    size: [usize; 2],
    overview: ColorImage,
    /// Full-resolution tiles with their top-left corner; empty when the
    /// overview already is the full resolution.
    tiles: Vec<([usize; 2], ColorImage)>,
}

impl PictureData {
    /// Overview and tiles of `image` for a GPU whose textures are at most
    /// `max_side` pixels a side.
    pub(crate) fn new(image: &Image, max_side: usize) -> Self {
        let size = [image.width() as usize, image.height() as usize];
        let overview = to_colour_image(image, OVERVIEW_SIDE.min(max_side));
        let tiles = if overview.size == size {
            Vec::new()
        } else {
            let side = TILE_SIDE.min(max_side).max(1);
            let mut tiles = Vec::new();
            for y in (0..size[1]).step_by(side) {
                for x in (0..size[0]).step_by(side) {
                    let w = side.min(size[0] - x);
                    let h = side.min(size[1] - y);
                    tiles.push(([x, y], region(image, [x, y], [w, h])));
                }
            }
            tiles
        };
        Self {
            size,
            overview,
            tiles,
        }
    }

    /// The overview's width and height.
    #[cfg(test)]
    pub(crate) fn overview_size(&self) -> [usize; 2] {
        self.overview.size
    }
}

/// A picture on the GPU: the overview at once, tiles as frames go by.
pub(crate) struct Picture {
    size: Vec2,
    overview: TextureHandle,
    /// Uploaded tiles: where they sit in the image (pixels), and texture.
    tiles: Vec<(Rect, TextureHandle)>,
    /// Tiles still to upload.
    pending: Vec<([usize; 2], ColorImage)>,
    name: String,
}

impl Picture {
    /// Uploads the overview of `data` now; the tiles follow in
    /// [`Picture::upload_some`].
    pub(crate) fn new(ctx: &egui::Context, name: &str, data: PictureData) -> Self {
        let overview = ctx.load_texture(
            format!("{name} overview"),
            data.overview,
            TextureOptions::LINEAR,
        );
        let mut pending = data.tiles;
        pending.reverse();
        Self {
            size: Vec2::new(data.size[0] as f32, data.size[1] as f32),
            overview,
            tiles: Vec::new(),
            pending,
            name: name.to_string(),
        }
    }

    /// The full image's size in pixels.
    pub(crate) fn size(&self) -> Vec2 {
        self.size
    }

    /// Hands the GPU the next few tiles, within the per-frame budget, and
    /// asks for another frame while some remain.
    pub(crate) fn upload_some(&mut self, ctx: &egui::Context) {
        let mut budget = UPLOAD_BYTES_PER_FRAME;
        while let Some(([x, y], tile)) = self.pending.pop() {
            let bytes = tile.pixels.len() * 4;
            let rect = Rect::from_min_size(
                Pos2::new(x as f32, y as f32),
                Vec2::new(tile.size[0] as f32, tile.size[1] as f32),
            );
            let options = TextureOptions {
                magnification: egui::TextureFilter::Nearest,
                minification: egui::TextureFilter::Linear,
                ..TextureOptions::default()
            };
            let texture = ctx.load_texture(format!("{} tile {x},{y}", self.name), tile, options);
            self.tiles.push((rect, texture));
            budget = budget.saturating_sub(bytes);
            if budget == 0 {
                break;
            }
        }
        if !self.pending.is_empty() {
            ctx.request_repaint();
        }
    }

    /// Whether every full-resolution tile is on the GPU.
    pub(crate) fn is_complete(&self) -> bool {
        self.pending.is_empty()
    }

    /// Draws the picture into `shown` (the whole image's rectangle on
    /// screen, possibly far larger than the painter's clip): the overview,
    /// or the visible full-resolution tiles once they are all uploaded and
    /// the overview has fewer pixels than the screen shows.
    pub(crate) fn paint(&self, painter: &Painter, shown: Rect) {
        let screen_px_per_image_px =
            shown.width() * painter.pixels_per_point() / self.size.x.max(1.0);
        let overview_px_per_image_px = self.overview.size()[0] as f32 / self.size.x.max(1.0);
        let uv = Rect::from_min_max(Pos2::ZERO, Pos2::new(1.0, 1.0));
        if self.tiles.is_empty()
            || !self.is_complete()
            || screen_px_per_image_px <= overview_px_per_image_px
        {
            painter.image(self.overview.id(), shown, uv, Color32::WHITE);
            return;
        }
        let scale = shown.width() / self.size.x;
        let clip = painter.clip_rect();
        for (rect, texture) in &self.tiles {
            let on_screen =
                Rect::from_min_size(shown.min + rect.min.to_vec2() * scale, rect.size() * scale);
            if on_screen.intersects(clip) {
                painter.image(texture.id(), on_screen, uv, Color32::WHITE);
            }
        }
    }
}

/// RGBA of one pixel of an interleaved grey, grey+alpha, RGB or RGBA buffer.
fn rgba(p: &[u8]) -> [u8; 4] {
    match p.len() {
        1 => [p[0], p[0], p[0], 255],
        2 => [p[0], p[0], p[0], p[1]],
        3 => [p[0], p[1], p[2], 255],
        _ => [p[0], p[1], p[2], p[3]],
    }
}

/// The `size` pixels from `origin` at full resolution.
fn region(image: &Image, origin: [usize; 2], size: [usize; 2]) -> ColorImage {
    let (w, cn) = (image.width() as usize, image.channels());
    let bytes = image.as_bytes();
    let mut out = Vec::with_capacity(size[0] * size[1] * 4);
    for y in origin[1]..origin[1] + size[1] {
        let row = &bytes[(y * w + origin[0]) * cn..(y * w + origin[0] + size[0]) * cn];
        for p in row.chunks_exact(cn) {
            out.extend(rgba(p));
        }
    }
    ColorImage::from_rgba_unmultiplied(size, &out)
}

/// RGBA for a texture, box-averaged down by a whole factor when a side is
/// longer than `max_side`.
pub(crate) fn to_colour_image(image: &Image, max_side: usize) -> ColorImage {
    let (w, h, cn) = (
        image.width() as usize,
        image.height() as usize,
        image.channels(),
    );
    let factor = w.max(h).div_ceil(max_side.max(1)).max(1);
    let (tw, th) = (w.div_ceil(factor).max(1), h.div_ceil(factor).max(1));
    let bytes = image.as_bytes();
    let mut out = Vec::with_capacity(tw * th * 4);
    for ty in 0..th {
        for tx in 0..tw {
            let mut sum = [0u32; 4];
            let mut n = 0u32;
            for y in ty * factor..((ty + 1) * factor).min(h) {
                for x in tx * factor..((tx + 1) * factor).min(w) {
                    let px = rgba(&bytes[(y * w + x) * cn..(y * w + x + 1) * cn]);
                    for (s, v) in sum.iter_mut().zip(px) {
                        *s += u32::from(v);
                    }
                    n += 1;
                }
            }
            out.extend(sum.map(|s| ((s + n / 2) / n.max(1)) as u8));
        }
    }
    ColorImage::from_rgba_unmultiplied([tw, th], &out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use toolcup_denoise::ChannelLayout;

    #[test]
    fn large_images_are_box_averaged_to_fit_the_texture_limit() {
        let image = Image::new(
            5,
            3,
            ChannelLayout::Grey,
            vec![0, 100, 200, 50, 10, 0, 100, 200, 50, 10, 9, 9, 9, 9, 9],
        )
        .expect("sized");
        let colour = to_colour_image(&image, 2);
        assert_eq!(colour.size, [2, 1]);
        // Factor 3: the first block averages columns 0..3 of all three rows.
        // Nine pixels summing to 627, plus 4 to round.
        let first = (627 + 4) / 9;
        assert_eq!(
            colour.pixels[0],
            Color32::from_rgba_unmultiplied(first as u8, first as u8, first as u8, 255)
        );
        assert_eq!(to_colour_image(&image, 100).size, [5, 3]);
    }

    #[test]
    fn a_large_photo_becomes_an_overview_and_tiles_covering_every_pixel() {
        let (w, h) = (1300usize, 700usize);
        let bytes: Vec<u8> = (0..w * h * 3).map(|i| (i % 251) as u8).collect();
        let image = Image::new(w as u32, h as u32, ChannelLayout::Rgb, bytes).expect("sized");
        let data = PictureData::new(&image, 16384);
        assert_eq!(data.overview_size(), [650, 350]);
        // 3 columns (512, 512, 276) by 2 rows (512, 188).
        assert_eq!(data.tiles.len(), 6);
        let covered: usize = data.tiles.iter().map(|(_, t)| t.size[0] * t.size[1]).sum();
        assert_eq!(covered, w * h);
        let ([x, y], last) = data.tiles.last().expect("tiles");
        assert_eq!([*x, *y, last.size[0], last.size[1]], [1024, 512, 276, 188]);
        // A tile holds the image's own pixels: check its first one.
        let i = (y * w + x) * 3;
        let p = last.pixels[0];
        assert_eq!(
            [p.r(), p.g(), p.b()],
            [
                (i % 251) as u8,
                ((i + 1) % 251) as u8,
                ((i + 2) % 251) as u8
            ]
        );
    }

    #[test]
    fn a_small_photo_is_its_own_overview_and_needs_no_tiles() {
        let image = Image::new(600, 400, ChannelLayout::Grey, vec![7; 600 * 400]).expect("sized");
        let data = PictureData::new(&image, 16384);
        assert_eq!(data.overview_size(), [600, 400]);
        assert!(data.tiles.is_empty());
    }

    #[test]
    fn a_small_gpu_limit_shrinks_overview_and_tiles() {
        let image = Image::new(300, 100, ChannelLayout::Grey, vec![7; 300 * 100]).expect("sized");
        let data = PictureData::new(&image, 128);
        assert!(data.overview_size()[0] <= 128);
        assert!(
            data.tiles
                .iter()
                .all(|(_, t)| t.size[0] <= 128 && t.size[1] <= 128)
        );
    }
}
