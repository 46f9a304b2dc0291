//! xraypath: for every Lambda function of an AWS account and region, can its
//! trace data reach AWS X-Ray, and if not, which rule stops it?
//!
//! The layers depend only on the ones above them in this list:
//! [`model`] (plain data), [`aws`] (the only user of the AWS SDK),
//! [`analysis`] (pure verdicts), [`graph`] (what the view draws),
//! [`ui`] (egui panels) and [`cli`] (the command line).

pub mod analysis;
pub mod aws;
pub mod cli;
pub mod demo;
pub mod export;
pub mod graph;
pub mod model;
pub mod scenarios;
pub mod ui;
pub mod whatif;
