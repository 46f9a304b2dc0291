//! Builders that fill a moto account through the real SDK clients, one
//! method per resource a scenario needs. Every id they return is the one
//! AWS (moto) assigned.

use aws_config::SdkConfig;
use aws_sdk_ec2::types::{
    AttributeBooleanValue, DomainType, Filter, IpPermission, IpRange, PortRange, RuleAction,
    UserIdGroupPair, VpcEndpointType,
};
use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::{
    Environment, FunctionCode, Runtime, TracingConfig, TracingMode, VpcConfig,
};

/// The AWS managed policy Lambda functions use for X-Ray.
pub const XRAY_MANAGED_POLICY: &str = "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess";

/// A role trust policy Lambda can assume.
const LAMBDA_TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

/// A function's tracing mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tracing {
    Active,
    PassThrough,
}

/// One network ACL entry to add.
#[derive(Debug, Clone, Copy)]
pub struct AclRule {
    pub number: i32,
    pub egress: bool,
    /// `"6"` for TCP, `"-1"` for all.
    pub protocol: &'static str,
    pub ports: Option<(i32, i32)>,
    pub cidr: &'static str,
    pub allow: bool,
}

/// A fresh moto account and its clients.
pub struct Account {
    pub id: String,
    pub config: SdkConfig,
    pub ec2: aws_sdk_ec2::Client,
    pub iam: aws_sdk_iam::Client,
    pub lambda: aws_sdk_lambda::Client,
}

impl Account {
    pub(super) fn new(id: String, config: SdkConfig) -> Self {
        Self {
            id,
            ec2: aws_sdk_ec2::Client::new(&config),
            iam: aws_sdk_iam::Client::new(&config),
            lambda: aws_sdk_lambda::Client::new(&config),
            config,
        }
    }

    /// A VPC with `enableDnsSupport` and `enableDnsHostnames` both on.
    pub async fn vpc(&self, cidr: &str) -> String {
        let created = self
            .ec2
            .create_vpc()
            .cidr_block(cidr)
            .send()
            .await
            .expect("CreateVpc");
        let id = created.vpc.and_then(|v| v.vpc_id).expect("vpc id");
        self.vpc_dns(&id, true, true).await;
        id
    }

    /// Sets both DNS attributes (ModifyVpcAttribute takes one at a time).
    pub async fn vpc_dns(&self, vpc: &str, support: bool, hostnames: bool) {
        let flag = |value| AttributeBooleanValue::builder().value(value).build();
        self.ec2
            .modify_vpc_attribute()
            .vpc_id(vpc)
            .enable_dns_support(flag(support))
            .send()
            .await
            .expect("ModifyVpcAttribute enableDnsSupport");
        self.ec2
            .modify_vpc_attribute()
            .vpc_id(vpc)
            .enable_dns_hostnames(flag(hostnames))
            .send()
            .await
            .expect("ModifyVpcAttribute enableDnsHostnames");
    }

    /// A subnet in an availability zone, e.g. `us-east-1a`.
    pub async fn subnet(&self, vpc: &str, cidr: &str, zone: &str) -> String {
        let created = self
            .ec2
            .create_subnet()
            .vpc_id(vpc)
            .cidr_block(cidr)
            .availability_zone(zone)
            .send()
            .await
            .expect("CreateSubnet");
        created.subnet.and_then(|s| s.subnet_id).expect("subnet id")
    }

    /// A route table associated with the given subnets.
    pub async fn route_table(&self, vpc: &str, subnets: &[&str]) -> String {
        let created = self
            .ec2
            .create_route_table()
            .vpc_id(vpc)
            .send()
            .await
            .expect("CreateRouteTable");
        let id = created
            .route_table
            .and_then(|t| t.route_table_id)
            .expect("route table id");
        for subnet in subnets {
            self.ec2
                .associate_route_table()
                .route_table_id(&id)
                .subnet_id(*subnet)
                .send()
                .await
                .expect("AssociateRouteTable");
        }
        id
    }

    /// A route to an internet gateway (or any `GatewayId` target).
    pub async fn route_to_gateway(&self, table: &str, cidr: &str, gateway: &str) {
        self.ec2
            .create_route()
            .route_table_id(table)
            .destination_cidr_block(cidr)
            .gateway_id(gateway)
            .send()
            .await
            .expect("CreateRoute to a gateway");
    }

    /// A route to a NAT gateway.
    pub async fn route_to_nat(&self, table: &str, cidr: &str, nat: &str) {
        self.ec2
            .create_route()
            .route_table_id(table)
            .destination_cidr_block(cidr)
            .nat_gateway_id(nat)
            .send()
            .await
            .expect("CreateRoute to a NAT gateway");
    }

    /// An internet gateway attached to the VPC.
    pub async fn internet_gateway(&self, vpc: &str) -> String {
        let created = self
            .ec2
            .create_internet_gateway()
            .send()
            .await
            .expect("CreateInternetGateway");
        let id = created
            .internet_gateway
            .and_then(|g| g.internet_gateway_id)
            .expect("internet gateway id");
        self.ec2
            .attach_internet_gateway()
            .internet_gateway_id(&id)
            .vpc_id(vpc)
            .send()
            .await
            .expect("AttachInternetGateway");
        id
    }

    /// A public NAT gateway in a subnet, with a new Elastic IP.
    pub async fn nat_gateway(&self, subnet: &str) -> String {
        let address = self
            .ec2
            .allocate_address()
            .domain(DomainType::Vpc)
            .send()
            .await
            .expect("AllocateAddress");
        let created = self
            .ec2
            .create_nat_gateway()
            .subnet_id(subnet)
            .allocation_id(address.allocation_id.expect("allocation id"))
            .send()
            .await
            .expect("CreateNatGateway");
        created
            .nat_gateway
            .and_then(|n| n.nat_gateway_id)
            .expect("NAT gateway id")
    }

    /// Deletes a NAT gateway; routes to it stay behind.
    pub async fn delete_nat_gateway(&self, nat: &str) {
        self.ec2
            .delete_nat_gateway()
            .nat_gateway_id(nat)
            .send()
            .await
            .expect("DeleteNatGateway");
    }

    /// A network ACL with the given entries, associated with the subnets
    /// (replacing their current association).
    pub async fn network_acl(&self, vpc: &str, subnets: &[&str], rules: &[AclRule]) -> String {
        let created = self
            .ec2
            .create_network_acl()
            .vpc_id(vpc)
            .send()
            .await
            .expect("CreateNetworkAcl");
        let id = created
            .network_acl
            .and_then(|a| a.network_acl_id)
            .expect("network ACL id");

        for rule in rules {
            let mut entry = self
                .ec2
                .create_network_acl_entry()
                .network_acl_id(&id)
                .rule_number(rule.number)
                .egress(rule.egress)
                .protocol(rule.protocol)
                .cidr_block(rule.cidr)
                .rule_action(if rule.allow {
                    RuleAction::Allow
                } else {
                    RuleAction::Deny
                });
            if let Some((from, to)) = rule.ports {
                entry = entry.port_range(PortRange::builder().from(from).to(to).build());
            }
            entry.send().await.expect("CreateNetworkAclEntry");
        }

        for subnet in subnets {
            let current = self
                .ec2
                .describe_network_acls()
                .filters(
                    Filter::builder()
                        .name("association.subnet-id")
                        .values(*subnet)
                        .build(),
                )
                .send()
                .await
                .expect("DescribeNetworkAcls");
            let association = current
                .network_acls()
                .iter()
                .flat_map(|acl| acl.associations())
                .find(|a| a.subnet_id() == Some(*subnet))
                .and_then(|a| a.network_acl_association_id())
                .expect("the subnet's ACL association")
                .to_owned();
            self.ec2
                .replace_network_acl_association()
                .association_id(association)
                .network_acl_id(&id)
                .send()
                .await
                .expect("ReplaceNetworkAclAssociation");
        }
        id
    }

    /// A security group; AWS gives it one egress rule allowing everything.
    pub async fn security_group(&self, vpc: &str, name: &str) -> String {
        let created = self
            .ec2
            .create_security_group()
            .vpc_id(vpc)
            .group_name(name)
            .description(format!("{name} (xraypath test)"))
            .send()
            .await
            .expect("CreateSecurityGroup");
        created.group_id.expect("security group id")
    }

    /// Allows TCP `port` in from another group.
    pub async fn allow_tcp_from_group(&self, group: &str, port: i32, from_group: &str) {
        let permission = IpPermission::builder()
            .ip_protocol("tcp")
            .from_port(port)
            .to_port(port)
            .user_id_group_pairs(UserIdGroupPair::builder().group_id(from_group).build())
            .build();
        self.ec2
            .authorize_security_group_ingress()
            .group_id(group)
            .ip_permissions(permission)
            .send()
            .await
            .expect("AuthorizeSecurityGroupIngress");
    }

    /// Removes the default allow-all egress rule, leaving none.
    pub async fn revoke_all_egress(&self, group: &str) {
        let permission = IpPermission::builder()
            .ip_protocol("-1")
            .ip_ranges(IpRange::builder().cidr_ip("0.0.0.0/0").build())
            .build();
        self.ec2
            .revoke_security_group_egress()
            .group_id(group)
            .ip_permissions(permission)
            .send()
            .await
            .expect("RevokeSecurityGroupEgress");
    }

    /// An interface endpoint for X-Ray in this region.
    pub async fn xray_endpoint(
        &self,
        vpc: &str,
        subnets: &[&str],
        groups: &[&str],
        private_dns: bool,
        policy: Option<&str>,
    ) -> String {
        let created = self
            .ec2
            .create_vpc_endpoint()
            .vpc_id(vpc)
            .service_name(format!("com.amazonaws.{}.xray", super::REGION))
            .vpc_endpoint_type(VpcEndpointType::Interface)
            .set_subnet_ids(Some(subnets.iter().map(|s| (*s).to_owned()).collect()))
            .set_security_group_ids(Some(groups.iter().map(|g| (*g).to_owned()).collect()))
            .private_dns_enabled(private_dns)
            .set_policy_document(policy.map(str::to_owned))
            .send()
            .await
            .expect("CreateVpcEndpoint");
        created
            .vpc_endpoint
            .and_then(|e| e.vpc_endpoint_id)
            .expect("endpoint id")
    }

    /// A Lambda execution role with managed policies attached and inline
    /// policies `(name, document)`.
    pub async fn role(&self, name: &str, managed: &[&str], inline: &[(&str, &str)]) -> String {
        let created = self
            .iam
            .create_role()
            .role_name(name)
            .assume_role_policy_document(LAMBDA_TRUST)
            .send()
            .await
            .expect("CreateRole");
        let arn = created.role.map(|r| r.arn).expect("role arn");
        for policy in managed {
            self.iam
                .attach_role_policy()
                .role_name(name)
                .policy_arn(*policy)
                .send()
                .await
                .expect("AttachRolePolicy");
        }
        for (policy_name, document) in inline {
            self.iam
                .put_role_policy()
                .role_name(name)
                .policy_name(*policy_name)
                .policy_document(*document)
                .send()
                .await
                .expect("PutRolePolicy");
        }
        arn
    }

    /// A customer managed policy.
    pub async fn managed_policy(&self, name: &str, document: &str) -> String {
        let created = self
            .iam
            .create_policy()
            .policy_name(name)
            .policy_document(document)
            .send()
            .await
            .expect("CreatePolicy");
        created.policy.and_then(|p| p.arn).expect("policy arn")
    }

    /// A Python function; `vpc` is `(subnets, security groups)`.
    pub async fn function(
        &self,
        name: &str,
        role: &str,
        vpc: Option<(&[&str], &[&str])>,
        tracing: Tracing,
        environment: &[(&str, &str)],
    ) -> String {
        let code =
            super::zip::single_file("index.py", b"def handler(event, context):\n    return {}\n");
        let mut request = self
            .lambda
            .create_function()
            .function_name(name)
            .runtime(Runtime::Python312)
            .role(role)
            .handler("index.handler")
            .code(FunctionCode::builder().zip_file(Blob::new(code)).build())
            .tracing_config(
                TracingConfig::builder()
                    .mode(match tracing {
                        Tracing::Active => TracingMode::Active,
                        Tracing::PassThrough => TracingMode::PassThrough,
                    })
                    .build(),
            );
        if let Some((subnets, groups)) = vpc {
            let owned = |ids: &[&str]| ids.iter().map(|id| (*id).to_owned()).collect::<Vec<_>>();
            request = request.vpc_config(
                VpcConfig::builder()
                    .set_subnet_ids(Some(owned(subnets)))
                    .set_security_group_ids(Some(owned(groups)))
                    .build(),
            );
        }
        if !environment.is_empty() {
            let mut variables = Environment::builder();
            for (key, value) in environment {
                variables = variables.variables(*key, *value);
            }
            request = request.environment(variables.build());
        }
        let created = request.send().await.expect("CreateFunction");
        created.function_arn.expect("function arn")
    }
}
