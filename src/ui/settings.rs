//! What the app remembers across restarts, in eframe's storage: the daemon
//! declarations the user made, the selected function and the traces
//! window. The window's size and layout are eframe's own to keep.

use crate::model::{DaemonDeclaration, DaemonScope, TraceWindow};
use serde::{Deserialize, Serialize};

/// The storage key; bump the suffix if the fields change meaning.
const KEY: &str = "xraypath-settings-1";

/// The user's settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Daemon addresses the user declared in the inspector.
    pub declarations: Vec<DaemonDeclaration>,
    /// The function selected when the app closed.
    pub function: Option<String>,
    /// The traces window the user picked.
    pub window: TraceWindow,
}

impl Settings {
    /// The saved settings, or the defaults when there are none or they do
    /// not parse (an older version's, a hand-edited file).
    pub fn load(storage: &dyn eframe::Storage) -> Self {
        let mut settings: Self = eframe::get_value(storage, KEY).unwrap_or_default();
        // The field is private to the model, but the file is not: keep
        // the window within what X-Ray allows.
        settings.window = TraceWindow::from_minutes(settings.window.minutes()).unwrap_or_default();
        settings
    }

    /// Writes the settings; eframe flushes them to disk.
    pub fn save(&self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, KEY, self);
    }
}

/// Sets the declaration for `scope` to `address`, replacing one of the same
/// scope; `None` (an empty field) removes it.
pub fn declare(
    declarations: &mut Vec<DaemonDeclaration>,
    scope: &DaemonScope,
    address: Option<&str>,
) {
    declarations.retain(|d| d.scope != *scope);
    if let Some(address) = address {
        declarations.push(DaemonDeclaration {
            scope: scope.clone(),
            address: address.to_owned(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_declaration_replaces_its_scope_and_an_empty_one_removes_it() {
        let scope = DaemonScope::Function("orders".to_owned());
        let vpc = DaemonScope::Vpc("vpc-1".to_owned());
        let mut declarations = Vec::new();
        declare(&mut declarations, &scope, Some("10.0.0.1"));
        declare(&mut declarations, &vpc, Some("10.0.0.9"));
        declare(&mut declarations, &scope, Some("10.0.0.2:2000"));
        assert_eq!(declarations.len(), 2);
        assert!(declarations.iter().any(|d| d.address == "10.0.0.2:2000"));

        declare(&mut declarations, &scope, None);
        assert_eq!(declarations.len(), 1);
        assert_eq!(declarations[0].scope, vpc);
    }
}
