//! Deterministic positions: columns from left to right (functions, subnets,
//! endpoints and NAT gateways, internet gateways, X-Ray) and one horizontal
//! band per VPC, so the same snapshot always looks the same. A VPC frame
//! ends at its last non-empty column; X-Ray sits right of everything.
//!
//! Everything is spacing by index: no forces, no randomness, no state.

use egui::{Pos2, Rect, Vec2, pos2, vec2};

/// The outer size of an ordinary node box.
pub const NODE_SIZE: Vec2 = vec2(172.0, 46.0);
/// The size of the X-Ray node.
pub const XRAY_SIZE: Vec2 = vec2(210.0, 64.0);
/// Vertical distance between the centres of two boxes in one column.
pub const ROW_PITCH: f32 = 58.0;
/// Centre x of each column but X-Ray's.
pub const COLUMN_X: [f32; 4] = [0.0, 228.0, 456.0, 680.0];
/// Space between the rightmost box or frame and the X-Ray node.
pub const XRAY_GAP: f32 = 60.0;
/// Room for a VPC frame's title above its first row.
pub const FRAME_HEADER: f32 = 30.0;
/// Space between a frame's edge and the boxes inside it.
pub const FRAME_PADDING: f32 = 14.0;
/// Vertical space between two bands.
pub const BAND_GAP: f32 = 36.0;

/// The columns a band places nodes in, left to right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Functions = 0,
    Subnets = 1,
    /// Endpoints and NAT gateways.
    Gateways = 2,
    InternetGateways = 3,
}

/// Horizontal distance between the centres of two boxes in a grid row.
pub const GRID_PITCH: f32 = 228.0;

/// One horizontal band: a VPC (framed) or the functions outside any VPC,
/// or a grid of collapsed VPCs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Band {
    /// The node index of the VPC frame, when the band is a VPC.
    pub frame: Option<usize>,
    /// Node indices per [`Column`], top to bottom.
    pub columns: [Vec<usize>; 4],
    /// Boxes placed left to right in rows of [`grid_columns`]; a band
    /// holds either these or columns.
    pub grid: Vec<usize>,
}

impl Band {
    /// Appends a node to a column.
    pub fn push(&mut self, column: Column, node: usize) {
        self.columns[column as usize].push(node);
    }

    fn rows(&self) -> usize {
        self.columns.iter().map(Vec::len).max().unwrap_or(0).max(1)
    }
}

/// How many boxes a grid row of `count` holds: about as tall as wide.
#[allow(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "box counts are far below 2^23"
)]
pub fn grid_columns(count: usize) -> usize {
    let square = (count as f32 * ROW_PITCH / GRID_PITCH).sqrt().ceil() as usize;
    square.clamp(4, 12)
}

/// The rectangle of every placed node, by node index: boxes, frames and X-Ray.
#[allow(clippy::cast_precision_loss, reason = "row counts are far below 2^23")]
pub fn place(bands: &[Band], xray: usize) -> Vec<(usize, Rect)> {
    let mut placed = Vec::new();
    let mut top = 0.0_f32;

    for band in bands {
        if !band.grid.is_empty() {
            let columns = grid_columns(band.grid.len());
            for (i, &node) in band.grid.iter().enumerate() {
                let (row, column) = ((i / columns) as f32, (i % columns) as f32);
                let centre = pos2(column * GRID_PITCH, top + (row + 0.5) * ROW_PITCH);
                placed.push((node, Rect::from_center_size(centre, NODE_SIZE)));
            }
            top += band.grid.len().div_ceil(columns) as f32 * ROW_PITCH + BAND_GAP;
            continue;
        }
        let content_top = top
            + if band.frame.is_some() {
                FRAME_HEADER
            } else {
                0.0
            };
        let rows = band.rows();
        let height = rows as f32 * ROW_PITCH;

        for (column, nodes) in band.columns.iter().enumerate() {
            // Centre short columns against the band's tallest one.
            let offset = (rows - nodes.len()) as f32 * ROW_PITCH / 2.0;
            for (row, &node) in nodes.iter().enumerate() {
                let y = content_top + offset + (row as f32 + 0.5) * ROW_PITCH;
                let centre = pos2(COLUMN_X[column], y);
                placed.push((node, Rect::from_center_size(centre, NODE_SIZE)));
            }
        }

        let bottom = content_top + height;
        if let Some(frame) = band.frame {
            let last = (Column::Subnets as usize..=Column::InternetGateways as usize)
                .rev()
                .find(|&c| !band.columns[c].is_empty())
                .unwrap_or(Column::Subnets as usize);
            placed.push((frame, frame_rect(top, bottom + FRAME_PADDING / 2.0, last)));
        }
        top = bottom + BAND_GAP;
    }

    let others: Vec<Rect> = placed.iter().map(|(_, rect)| *rect).collect();
    placed.push((xray, xray_rect(&others)));
    placed
}

/// Where X-Ray goes: right of every other rectangle, level with their middle.
pub fn xray_rect(others: &[Rect]) -> Rect {
    let bounds = others
        .iter()
        .fold(Rect::NOTHING, |all, rect| all.union(*rect));
    if !bounds.is_positive() {
        return Rect::from_center_size(Pos2::ZERO, XRAY_SIZE);
    }
    let centre = pos2(
        bounds.max.x + XRAY_GAP + XRAY_SIZE.x / 2.0,
        bounds.center().y,
    );
    Rect::from_center_size(centre, XRAY_SIZE)
}

/// A VPC frame spans from the subnet column to column `last`.
fn frame_rect(top: f32, bottom: f32, last: usize) -> Rect {
    let half = NODE_SIZE.x / 2.0 + FRAME_PADDING;
    Rect::from_min_max(
        Pos2::new(COLUMN_X[Column::Subnets as usize] - half, top),
        Pos2::new(COLUMN_X[last] + half, bottom),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect_of(placed: &[(usize, Rect)], node: usize) -> Rect {
        placed
            .iter()
            .find(|(n, _)| *n == node)
            .map_or(Rect::NOTHING, |(_, r)| *r)
    }

    #[test]
    fn columns_run_left_to_right_and_rows_do_not_overlap() {
        let mut band = Band {
            frame: Some(0),
            ..Band::default()
        };
        band.push(Column::Functions, 1);
        band.push(Column::Functions, 2);
        band.push(Column::Subnets, 3);
        band.push(Column::Gateways, 4);
        band.push(Column::InternetGateways, 5);
        let placed = place(&[band], 6);

        let function_a = rect_of(&placed, 1);
        let function_b = rect_of(&placed, 2);
        assert!(!function_a.intersects(function_b));
        assert!(rect_of(&placed, 1).center().x < rect_of(&placed, 3).center().x);
        assert!(rect_of(&placed, 3).center().x < rect_of(&placed, 4).center().x);
        assert!(rect_of(&placed, 4).center().x < rect_of(&placed, 5).center().x);
        assert!(rect_of(&placed, 5).center().x < rect_of(&placed, 6).center().x);
        // The lone subnet sits between the two functions.
        let subnet_y = rect_of(&placed, 3).center().y;
        assert!(function_a.center().y < subnet_y && subnet_y < function_b.center().y);
    }

    #[test]
    fn a_vpc_frame_holds_its_subnets_but_not_its_functions() {
        let mut band = Band {
            frame: Some(0),
            ..Band::default()
        };
        band.push(Column::Functions, 1);
        band.push(Column::Subnets, 2);
        band.push(Column::InternetGateways, 3);
        let placed = place(&[band], 4);

        let frame = rect_of(&placed, 0);
        assert!(frame.contains_rect(rect_of(&placed, 2)));
        assert!(frame.contains_rect(rect_of(&placed, 3)));
        assert!(!frame.intersects(rect_of(&placed, 1)));
    }

    #[test]
    fn bands_stack_without_overlap_and_xray_sits_in_the_middle() {
        let mut first = Band {
            frame: Some(0),
            ..Band::default()
        };
        let mut second = Band {
            frame: Some(1),
            ..Band::default()
        };
        for node in 2..12 {
            first.push(Column::Functions, node);
        }
        second.push(Column::Functions, 12);
        let placed = place(&[first, second], 13);

        let (a, b) = (rect_of(&placed, 0), rect_of(&placed, 1));
        assert!(a.max.y < b.min.y);
        let last_function = rect_of(&placed, 11);
        assert!(last_function.max.y < rect_of(&placed, 12).min.y);
        let xray = rect_of(&placed, 13);
        assert!(a.min.y < xray.center().y && xray.center().y < b.max.y);
    }

    #[test]
    fn the_same_bands_always_give_the_same_positions() {
        let mut band = Band::default();
        band.push(Column::Functions, 0);
        band.push(Column::Subnets, 1);
        assert_eq!(place(&[band.clone()], 2), place(&[band], 2));
    }
}
