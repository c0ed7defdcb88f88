/**
 * The preset endpoint policies against documents written out by hand, as AWS
 * documents them (test/support/policy-documents.ts): standard, China and
 * GovCloud partitions; s3EcrLayersOnly, accounts, an organization, both. The
 * expectations never come from lib/model/policies.ts. The planned policies of
 * the cases are checked against the same documents in equivalence.test.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { presetPolicies } from '../lib/model/policies';
import { CASES_DIR } from './support/cases';
import {
  PLANNED_POLICIES,
  PRINCIPALS_ONE_ACCOUNT,
  PRINCIPALS_ORG_ONLY,
  PRINCIPALS_TWO_ACCOUNTS_AND_ORG,
  S3_LAYERS_CN_NORTHWEST_1,
  S3_LAYERS_EU_CENTRAL_1,
  S3_LAYERS_US_GOV_EAST_1,
  type LiteralPolicy,
} from './support/policy-documents';

const LITERALS: [string, LiteralPolicy][] = Object.entries({
  S3_LAYERS_EU_CENTRAL_1,
  S3_LAYERS_CN_NORTHWEST_1,
  S3_LAYERS_US_GOV_EAST_1,
  PRINCIPALS_TWO_ACCOUNTS_AND_ORG,
  PRINCIPALS_ONE_ACCOUNT,
  PRINCIPALS_ORG_ONLY,
});

test.each(LITERALS)('the hand-written text of %s is the hand-written document', (_, literal) => {
  expect(JSON.parse(literal.text)).toEqual(literal.doc);
});

const ECR_AND_ECS = ['ecr_api', 'ecr_dkr', 'ecs', 'ecs_agent', 'ecs_telemetry'];
const each = (keys: string[], literal: LiteralPolicy) => Object.fromEntries(keys.map((k) => [k, literal.text]));

test.each([
  [
    'standard partition (eu-central-1): s3EcrLayersOnly, two accounts given unsorted, an organization',
    { region: 'eu-central-1', partition: 'aws', s3EcrLayersOnly: true, allowedPrincipalAccountIds: ['444455556666', '111122223333'], allowedPrincipalOrgId: 'o-a1b2c3d4e5' },
    { s3: S3_LAYERS_EU_CENTRAL_1.text, ...each(ECR_AND_ECS, PRINCIPALS_TWO_ACCOUNTS_AND_ORG) },
  ],
  [
    'China (cn-northwest-1): s3EcrLayersOnly alone, an aws-cn bucket ARN',
    { region: 'cn-northwest-1', partition: 'aws-cn', s3EcrLayersOnly: true },
    { s3: S3_LAYERS_CN_NORTHWEST_1.text },
  ],
  [
    'GovCloud (us-gov-east-1): s3EcrLayersOnly and one account, an aws-us-gov bucket ARN',
    { region: 'us-gov-east-1', partition: 'aws-us-gov', s3EcrLayersOnly: true, allowedPrincipalAccountIds: ['777788889999'] },
    { s3: S3_LAYERS_US_GOV_EAST_1.text, ...each(ECR_AND_ECS, PRINCIPALS_ONE_ACCOUNT) },
  ],
  [
    'an organization alone, without s3EcrLayersOnly: no s3 policy',
    { region: 'eu-west-1', partition: 'aws', s3EcrLayersOnly: false, allowedPrincipalOrgId: 'o-zzzz9999yyyy' },
    each(ECR_AND_ECS, PRINCIPALS_ORG_ONLY),
  ],
  ['nothing asked for: no policy at all (AWS applies its default, full access)', { region: 'eu-west-1', partition: 'aws', allowedPrincipalAccountIds: [] }, {}],
] as const)('presetPolicies, %s', (_, options, expected) => {
  expect(presetPolicies(options as Parameters<typeof presetPolicies>[0])).toEqual(expected);
});

test('every case the planned policies are checked for is a case (test/cases/<name>)', () => {
  // Read by equivalence.test.ts; a renamed case must not silently drop these checks.
  for (const name of Object.keys(PLANNED_POLICIES)) expect({ name, exists: fs.existsSync(path.join(CASES_DIR, name, 'config.yaml')) }).toEqual({ name, exists: true });
});
