//! Answers that depend on a VPC or a role, not on the function: worked
//! out once per snapshot and shared by every function (and every thread)
//! that asks. Thousands of functions share a few hundred VPCs and roles.

use super::iam::RoleAnswer;
use super::resolution::{self, Walk};
use crate::model::{Index, Role, Vpc};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// Filled lazily while functions are judged; empty costs nothing, so
/// judging one function after an edit starts from a fresh one.
#[derive(Default)]
pub struct Cache<'a> {
    walks: Mutex<HashMap<&'a str, Arc<Walk<'a>>>>,
    roles: Mutex<HashMap<&'a str, Arc<RoleAnswer>>>,
}

impl<'a> Cache<'a> {
    /// How `vpc` resolves the X-Ray name.
    pub(super) fn walk(&self, index: &Index<'a>, vpc: &'a Vpc) -> Arc<Walk<'a>> {
        if let Some(found) = lock(&self.walks).get(vpc.id.as_str()) {
            return Arc::clone(found);
        }
        // Worked out outside the lock: another thread may do the same
        // work once, which is cheaper than making it wait.
        let walk = Arc::new(resolution::walk(index, vpc));
        lock(&self.walks).insert(vpc.id.as_str(), Arc::clone(&walk));
        walk
    }

    /// What `role`'s policies say about the X-Ray actions.
    pub(super) fn role(&self, role: &'a Role) -> Arc<RoleAnswer> {
        if let Some(found) = lock(&self.roles).get(role.arn.as_str()) {
            return Arc::clone(found);
        }
        let answer = Arc::new(RoleAnswer::of(role));
        lock(&self.roles).insert(role.arn.as_str(), Arc::clone(&answer));
        answer
    }
}

/// A panic elsewhere leaves the map as it was: each entry is whole.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
