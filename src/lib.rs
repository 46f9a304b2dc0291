//! xraypath: for every Lambda function of an AWS account and region, can its
//! trace data reach AWS X-Ray, and if not, which rule stops it?
//!
//! The layers depend only on the ones above them in this list:
//! [`model`] (plain data), [`aws`] (the only user of the AWS SDK),
//! [`analysis`] (pure verdicts), [`graph`] (what the view draws),
//! [`ui`] (egui panels) and [`cli`] (the command line).
//!
//! Without the default `app` feature only the pure parts build: the model,
//! the analysis, what-if edits, the demo and the scenarios.

pub mod analysis;
#[cfg(feature = "app")]
pub mod aws;
#[cfg(feature = "app")]
pub mod cli;
pub mod demo;
#[cfg(feature = "app")]
pub mod export;
#[cfg(feature = "app")]
pub mod graph;
pub mod model;
pub mod scenarios;
#[cfg(feature = "app")]
pub mod ui;
pub mod whatif;
