/**
 * The library entry of the `ecs-privatelink` package:
 * `import { EcsPrivateLink } from 'ecs-privatelink'` in any CDKTF app.
 *
 * Only what a consumer builds with: the construct and its props, the stack
 * the command line synthesizes, the catalog of endpoints, and the
 * configuration file's reader (file → Spec → props). Everything else is
 * internal and may change in any release. Loading this file loads cdktf,
 * constructs and the four provider bindings the construct uses (deep
 * imports), never the provider package's root.
 */
export { EcsPrivateLink, type EcsPrivateLinkProps, type EndpointOptions } from './cdktf/construct';
export { EcsPrivateLinkPropsError, propsProblems, type PropProblem } from './cdktf/validate';
export { addFleetStacks, DEFAULT_STACK_NAME, EcsPrivateLinkStack, type EcsPrivateLinkStackOptions } from './cdktf/stack';
export { specToProps } from './cdktf/props';
export {
  CATALOG,
  DEFAULT_ENDPOINT_KEYS,
  DEFAULT_PROFILE,
  endpointByKey,
  endpointByService,
  partitionOf,
  PRINCIPAL_RESTRICTED_KEYS,
  PROFILES,
  profileEndpoints,
  REGIONS,
  serviceName,
  type EndpointKey,
  type EndpointSpec,
  type EndpointType,
  type Partition,
  type Profile,
  type ServiceShortName,
} from './model/catalog';
export { ConfigError, loadConfig, parseConfig, validateConfig, type PrivateLinkConfig, type Problem, type Spec } from './model/config';
export { loadFleet, parseFleet, type AccountHint, type Fleet, type FleetVpc } from './model/fleet';
export { CONFIG_SCHEMA } from './model/schema';
export { AWS_PROVIDER_CONSTRAINT, TERRAFORM_CONSTRAINT, TOOL_VERSION } from './model/versions';
