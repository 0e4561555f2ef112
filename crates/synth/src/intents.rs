//! The stack's network intents, proven against the template by
//! `cfnkit-reach`.
use std::collections::HashMap;

use cfnkit_core::{AwsService, Endpoint, Intent, Stack, Traffic};
use cfnkit_reach::{self as reach, Analysis, Network};
use cfnkit_template::Template;

use crate::error::SynthError;
use crate::resolve::{Names, NodeClass};

/// Checks every intent of `stack`; the analysis runs only when there are
/// some, so a stack without intents pays nothing for it.
pub(crate) fn check<'t>(
    stack: &Stack,
    names: &Names<'_>,
    template: &'t Template,
    paths: HashMap<&'t str, &'t str>,
) -> Result<(), SynthError> {
    if stack.intents().is_empty() {
        return Ok(());
    }
    let intents: Vec<reach::Intent> =
        stack.intents().iter().map(|intent| convert(stack.name(), names, intent)).collect::<Result<_, _>>()?;
    let network = Network::read(template, paths);
    let analysis = Analysis::new(&network);
    let violations: Vec<reach::Violation> = intents.iter().filter_map(|intent| analysis.check(intent)).collect();
    if violations.is_empty() {
        Ok(())
    } else {
        Err(SynthError::IntentsFailed { violations })
    }
}

fn convert(stack: &str, names: &Names<'_>, intent: &Intent) -> Result<reach::Intent, SynthError> {
    let id = |endpoint: &Endpoint| -> Result<String, SynthError> {
        match names.nodes.get(endpoint.0.node() as usize).cloned().flatten() {
            Some((id, NodeClass::Resource)) => Ok(id),
            _ => {
                Err(SynthError::IntentEndpointNotAResource { path: stack.to_owned(), to: endpoint.0.path().to_owned() })
            }
        }
    };
    Ok(match intent {
        Intent::ReachesInternet { from, traffic } => {
            reach::Intent::ReachesInternet { from: id(from)?, traffic: traffic_of(traffic) }
        }
        Intent::Reaches { from, to, traffic } => {
            reach::Intent::Reaches { from: id(from)?, to: id(to)?, traffic: traffic_of(traffic) }
        }
        Intent::ReachesService { from, service, traffic } => reach::Intent::ReachesService {
            from: id(from)?,
            service: match service {
                AwsService::S3 => reach::Service::S3,
                AwsService::DynamoDb => reach::Service::DynamoDb,
            },
            traffic: traffic_of(traffic),
        },
        Intent::UnreachableFromInternet { target } => reach::Intent::UnreachableFromInternet { target: id(target)? },
        Intent::OnlyReaches { from, to, traffic } => {
            reach::Intent::OnlyReaches { from: id(from)?, to: id(to)?, traffic: traffic_of(traffic) }
        }
        Intent::NoInternetEgress { target } => reach::Intent::NoInternetEgress { target: id(target)? },
    })
}

fn traffic_of(traffic: &Traffic) -> reach::Traffic {
    reach::Traffic::protocol(i64::from(traffic.protocol), u32::from(traffic.from), u32::from(traffic.to))
}
