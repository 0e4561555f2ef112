//! Network reachability of a template, proven at synth.
//!
//! [`Network::read`] reads the network a template declares (VPCs, subnets,
//! route tables, internet and NAT gateways, security groups, network ACLs,
//! gateway and interface endpoints, and the network interfaces of Lambda
//! functions, instances and NAT gateways) from its resources, so that L1
//! resources, L2 constructs and imported ids are all seen the same way.
//! [`Analysis`] composes them into paths: to the internet, from the
//! internet, between endpoints and to AWS services. Each path is a list of
//! [`Layer`]s (a security group's rules, a route, a network ACL crossing,
//! a gateway's conditions), each allowing a set of traffic certainly and
//! possibly; what a path allows is what every layer allows. A value not
//! known at synth (a parameter, an imported id, an `Fn::If`, a resource's
//! `Condition`) makes a layer "possible", never "certain": the analysis
//! answers "unknown", never a "yes" or a "no" that may be wrong.
//!
//! [`Intent`]s are checked against the paths; [`Report`] and the diagrams
//! show who reaches what.
//!
//! What it assumes: IPv4 only; "the internet" is one public address that
//! no route, rule or entry of the template names specifically; a security
//! group's members are the interfaces of this template; a VPC this template
//! creates has a main route table with only the local route; ICMP codes are
//! not told apart; replies come back to one of the ports 1024-65535, which
//! one not known (they pass certainly when all may, possibly when some may).
//!
//! ```
//! use cfnkit_reach::{Analysis, Network};
//! use cfnkit_template::Template;
//!
//! let template = Template::from_json(serde_json::json!({"Resources": {}})).unwrap();
//! let network = Network::read(&template, Default::default());
//! assert!(Analysis::new(&network).report().egress.is_empty());
//! ```
#![warn(missing_docs)]

mod analysis;
mod intent;
mod model;
mod report;
pub mod sets;

pub use analysis::{Analysis, Layer, Outcome};
pub use intent::{Intent, Violation};
pub use model::{InterfaceKind, Network, Service};
pub use report::{Allowed, EgressRow, FlowRow, Report};
pub use sets::Traffic;
