//! The inspector's "What if…" section for the selected function: the
//! settings that decide its path, each one a click away from an edit made
//! on screen only (tracing mode, the VPC's X-Ray endpoints and their
//! private DNS, the VPC's DNS attributes, a new endpoint in its subnets).
//! A finding whose fix reads as an edit gets its own button, in the card.

use super::edits_panel::EditCommand;
use super::{Action, display};
use crate::analysis::FunctionReport;
use crate::model::{Snapshot, TracingMode};
use crate::whatif::Edit;

/// Draws the section, folded under its header; pushes [`Action::Edit`].
pub(crate) fn show(
    ui: &mut egui::Ui,
    function: &FunctionReport,
    snapshot: &Snapshot,
    actions: &mut Vec<Action>,
) {
    egui::CollapsingHeader::new("Try a what-if edit")
        .id_salt("what-if-controls")
        .default_open(false)
        .show(ui, |ui| {
            ui.weak("Try a change on screen; AWS is never touched.");
            tracing_mode(ui, function, actions);
            if let Some(vpc_id) = &function.vpc_id {
                endpoints(ui, function, vpc_id, snapshot, actions);
                vpc_dns(ui, vpc_id, snapshot, actions);
            }
        });
}

/// The "Apply as what-if" button for a finding's fix, when the fix reads
/// as an edit this app supports.
pub(crate) fn apply_fix_button(ui: &mut egui::Ui, fix: &str, actions: &mut Vec<Action>) {
    let Some(edit) = Edit::from_fix(fix) else {
        return;
    };
    let button = ui
        .small_button("Apply as what-if")
        .on_hover_text(format!("Try it on screen: {}", edit.describe()));
    if button.clicked() {
        push(actions, edit);
    }
}

fn push(actions: &mut Vec<Action>, edit: Edit) {
    actions.push(Action::Edit(EditCommand::Push(Box::new(edit))));
}

fn tracing_mode(ui: &mut egui::Ui, function: &FunctionReport, actions: &mut Vec<Action>) {
    let mut active = function.tracing == TracingMode::Active.as_str();
    if ui.checkbox(&mut active, "Active tracing").changed() {
        let mode = if active {
            TracingMode::Active
        } else {
            TracingMode::PassThrough
        };
        let edit = Edit::Tracing {
            function: function.name.clone(),
            mode,
        };
        push(actions, edit);
    }
}

/// One private DNS toggle and a Delete per X-Ray endpoint of the VPC, and
/// a button for a new one in the function's subnets.
fn endpoints(
    ui: &mut egui::Ui,
    function: &FunctionReport,
    vpc_id: &str,
    snapshot: &Snapshot,
    actions: &mut Vec<Action>,
) {
    let xray = snapshot
        .vpc_endpoints
        .iter()
        .filter(|e| e.vpc_id == vpc_id && e.is_xray_interface());
    for endpoint in xray {
        ui.horizontal(|ui| {
            let mut on = endpoint.private_dns_enabled;
            let id = display::text(&endpoint.id, display::NAME_CHARS);
            if ui
                .checkbox(&mut on, format!("Private DNS on {id}"))
                .changed()
            {
                let edit = Edit::EndpointPrivateDns {
                    endpoint_id: endpoint.id.clone(),
                    enabled: on,
                };
                push(actions, edit);
            }
            let delete = ui
                .small_button("Delete")
                .on_hover_text(format!("Try the VPC without {id}"));
            if delete.clicked() {
                let edit = Edit::RemoveEndpoint {
                    endpoint_id: endpoint.id.clone(),
                };
                push(actions, edit);
            }
        });
    }

    if !function.subnets.is_empty() {
        let add = ui
            .button("Add an X-Ray endpoint in this function's subnets")
            .on_hover_text(
                "An interface endpoint with private DNS on, in the function's own security groups",
            );
        if add.clicked() {
            let edit = Edit::AddXrayEndpoint {
                vpc_id: vpc_id.to_owned(),
                region: snapshot.region.clone(),
                subnet_ids: function.subnets.clone(),
                security_group_ids: function.security_groups.clone(),
            };
            push(actions, edit);
        }
    }
}

/// The two VPC attributes private DNS needs.
fn vpc_dns(ui: &mut egui::Ui, vpc_id: &str, snapshot: &Snapshot, actions: &mut Vec<Action>) {
    let Some(vpc) = snapshot.vpcs.iter().find(|v| v.id == vpc_id) else {
        return;
    };
    let id = display::text(vpc_id, display::NAME_CHARS);

    let mut support = vpc.dns_support.unwrap_or(false);
    if ui
        .checkbox(&mut support, format!("DNS support in {id}"))
        .changed()
    {
        let edit = Edit::VpcDnsSupport {
            vpc_id: vpc_id.to_owned(),
            enabled: support,
        };
        push(actions, edit);
    }
    let mut hostnames = vpc.dns_hostnames.unwrap_or(false);
    if ui
        .checkbox(&mut hostnames, format!("DNS hostnames in {id}"))
        .changed()
    {
        let edit = Edit::VpcDnsHostnames {
            vpc_id: vpc_id.to_owned(),
            enabled: hostnames,
        };
        push(actions, edit);
    }
}
