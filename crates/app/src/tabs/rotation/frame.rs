//! The drawing of the rotated frame: the rotated axes over the reference
//! axes, in an orthographic view that dragging orbits.

use egui::{Color32, Pos2, Sense, Stroke, Vec2};
use toolcup_rotation::UnitQuaternion;

const AXIS_COLORS: [Color32; 3] = [
    Color32::from_rgb(230, 70, 70),
    Color32::from_rgb(70, 190, 70),
    Color32::from_rgb(80, 130, 240),
];

/// The rotated frame (solid) over the reference axes (dashed), drawn in an
/// orthographic view that dragging orbits.
pub(super) fn frame_ui(
    ui: &mut egui::Ui,
    rotation: UnitQuaternion,
    yaw: &mut f32,
    pitch: &mut f32,
) {
    ui.heading("Rotated frame");
    let size = ui.available_width().clamp(160.0, 360.0);
    let (response, painter) = ui.allocate_painter(Vec2::splat(size), Sense::drag());
    let response = response.on_hover_text("Rotated frame: drag to orbit the view");
    if response.dragged() {
        let d = response.drag_delta();
        *yaw += d.x * 0.01;
        *pitch = (*pitch + d.y * 0.01).clamp(-1.5, 1.5);
    }
    let rect = response.rect;
    painter.rect_filled(rect, 4.0, ui.visuals().extreme_bg_color);
    let center = rect.center();
    let scale = size * 0.38;
    let (sy, cy) = (*yaw as f64).sin_cos();
    let (sp, cp) = (*pitch as f64).sin_cos();
    // World z is up on screen; yaw turns about it, pitch tilts towards the viewer.
    let project = |v: [f64; 3]| -> (Pos2, f64) {
        let x1 = cy * v[0] - sy * v[1];
        let y1 = sy * v[0] + cy * v[1];
        let depth = cp * y1 - sp * v[2];
        let up = sp * y1 + cp * v[2];
        (
            Pos2::new(
                center.x + (scale as f64 * x1) as f32,
                center.y - (scale as f64 * up) as f32,
            ),
            depth,
        )
    };
    let names = ["x", "y", "z"];
    let font = egui::FontId::proportional(13.0);
    // Reference axes: dashed and fainter, labelled x₀ y₀ z₀, so they stay
    // visible where a rotated axis lies on them.
    for k in 0..3 {
        let mut e = [0.0; 3];
        e[k] = 1.0;
        let (tip, _) = project(e);
        let color = AXIS_COLORS[k].gamma_multiply(0.6);
        painter.extend(egui::Shape::dashed_line(
            &[center, tip],
            Stroke::new(1.5, color),
            6.0,
            4.0,
        ));
        let offset = (tip - center).normalized() * 14.0;
        painter.text(
            tip + offset,
            egui::Align2::CENTER_CENTER,
            ["x₀", "y₀", "z₀"][k],
            egui::FontId::proportional(13.0),
            color,
        );
    }
    // Rotated axes, farthest first so nearer ones draw on top.
    let mut axes: Vec<(usize, Pos2, f64)> = (0..3)
        .map(|k| {
            let mut e = [0.0; 3];
            e[k] = 1.0;
            let (tip, depth) = project(rotation.rotate(e));
            (k, tip, depth)
        })
        .collect();
    axes.sort_by(|a, b| b.2.total_cmp(&a.2));
    for (k, tip, _) in axes {
        painter.line_segment([center, tip], Stroke::new(3.0, AXIS_COLORS[k]));
        painter.circle_filled(tip, 3.5, AXIS_COLORS[k]);
        let offset = (tip - center).normalized() * 10.0;
        painter.text(
            tip + offset,
            egui::Align2::CENTER_CENTER,
            names[k],
            font.clone(),
            AXIS_COLORS[k],
        );
    }
    ui.label(
        "Solid: the rotated axes x, y, z. Dashed: the reference axes x₀, y₀, z₀. Drag to orbit.",
    );
}
