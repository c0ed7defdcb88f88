/**
 * The preset endpoint policies, written out by hand as AWS documents them:
 * an independent oracle for lib/model/policies.ts (never computed with it).
 *
 * - The s3 gateway of ECR: "the minimum policy ... s3:GetObject on
 *   arn:aws:s3:::prod-region-starport-layer-bucket/*", in the ECR user guide,
 *   "Amazon ECR interface VPC endpoints (AWS PrivateLink)", section "Create
 *   the Amazon S3 gateway endpoint":
 *   https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html
 *   The partition is the ARN's second field: aws, aws-cn (China), aws-us-gov
 *   (GovCloud): https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 * - The ECR and ECS endpoints: allow only principals of the accounts or of
 *   the organization, with the global condition keys aws:PrincipalAccount and
 *   aws:PrincipalOrgID:
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 *   and https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
 *
 * Each document is given twice: as the object a reader checks against the
 * AWS pages, and as the exact text (keys in code point order, no white
 * space: the canonical form of Terraform's jsonencode and of the AWS
 * provider's plan), typed character by character.
 */

export interface LiteralPolicy {
  doc: object;
  text: string;
}

/** s3:GetObject on ECR's layer bucket of `region` in `partition`; `bucketArn` typed out in full by the caller. */
function layers(bucketArn: string, text: string): LiteralPolicy {
  return {
    doc: { Version: '2012-10-17', Statement: [{ Sid: 'AllowEcrImageLayers', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: bucketArn }] },
    text,
  };
}

export const S3_LAYERS_EU_CENTRAL_1 = layers(
  'arn:aws:s3:::prod-eu-central-1-starport-layer-bucket/*',
  '{"Statement":[{"Action":"s3:GetObject","Effect":"Allow","Principal":"*","Resource":"arn:aws:s3:::prod-eu-central-1-starport-layer-bucket/*","Sid":"AllowEcrImageLayers"}],"Version":"2012-10-17"}',
);

export const S3_LAYERS_CN_NORTHWEST_1 = layers(
  'arn:aws-cn:s3:::prod-cn-northwest-1-starport-layer-bucket/*',
  '{"Statement":[{"Action":"s3:GetObject","Effect":"Allow","Principal":"*","Resource":"arn:aws-cn:s3:::prod-cn-northwest-1-starport-layer-bucket/*","Sid":"AllowEcrImageLayers"}],"Version":"2012-10-17"}',
);

export const S3_LAYERS_US_GOV_EAST_1 = layers(
  'arn:aws-us-gov:s3:::prod-us-gov-east-1-starport-layer-bucket/*',
  '{"Statement":[{"Action":"s3:GetObject","Effect":"Allow","Principal":"*","Resource":"arn:aws-us-gov:s3:::prod-us-gov-east-1-starport-layer-bucket/*","Sid":"AllowEcrImageLayers"}],"Version":"2012-10-17"}',
);

/** Accounts 111122223333 and 444455556666 (in this order, whatever order they were given in) or organization o-a1b2c3d4e5. */
export const PRINCIPALS_TWO_ACCOUNTS_AND_ORG: LiteralPolicy = {
  doc: {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AllowPrincipalAccounts', Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': ['111122223333', '444455556666'] } } },
      { Sid: 'AllowPrincipalOrganization', Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': ['o-a1b2c3d4e5'] } } },
    ],
  },
  text:
    '{"Statement":[' +
    '{"Action":"*","Condition":{"StringEquals":{"aws:PrincipalAccount":["111122223333","444455556666"]}},"Effect":"Allow","Principal":"*","Resource":"*","Sid":"AllowPrincipalAccounts"},' +
    '{"Action":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":["o-a1b2c3d4e5"]}},"Effect":"Allow","Principal":"*","Resource":"*","Sid":"AllowPrincipalOrganization"}' +
    '],"Version":"2012-10-17"}',
};

/** Account 777788889999 only. */
export const PRINCIPALS_ONE_ACCOUNT: LiteralPolicy = {
  doc: {
    Version: '2012-10-17',
    Statement: [{ Sid: 'AllowPrincipalAccounts', Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': ['777788889999'] } } }],
  },
  text: '{"Statement":[{"Action":"*","Condition":{"StringEquals":{"aws:PrincipalAccount":["777788889999"]}},"Effect":"Allow","Principal":"*","Resource":"*","Sid":"AllowPrincipalAccounts"}],"Version":"2012-10-17"}',
};

/** Organization o-zzzz9999yyyy only. */
export const PRINCIPALS_ORG_ONLY: LiteralPolicy = {
  doc: {
    Version: '2012-10-17',
    Statement: [{ Sid: 'AllowPrincipalOrganization', Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': ['o-zzzz9999yyyy'] } } }],
  },
  text: '{"Statement":[{"Action":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":["o-zzzz9999yyyy"]}},"Effect":"Allow","Principal":"*","Resource":"*","Sid":"AllowPrincipalOrganization"}],"Version":"2012-10-17"}',
};

/**
 * What each case with a preset must plan, by service name (written out, not
 * from the catalog): the literal document, `own` for an endpoint with a policy
 * of its own (checked elsewhere), or null for none (AWS's default).
 */
export const PLANNED_POLICIES: Record<string, Record<string, LiteralPolicy | 'own' | null>> = {
  'endpoint-policies': {
    'com.amazonaws.eu-central-1.ecr.api': PRINCIPALS_TWO_ACCOUNTS_AND_ORG,
    'com.amazonaws.eu-central-1.ecr.dkr': PRINCIPALS_TWO_ACCOUNTS_AND_ORG,
    'com.amazonaws.eu-central-1.ecs': PRINCIPALS_TWO_ACCOUNTS_AND_ORG,
    'com.amazonaws.eu-central-1.ecs-agent': 'own',
    'com.amazonaws.eu-central-1.ecs-telemetry': PRINCIPALS_TWO_ACCOUNTS_AND_ORG,
    'com.amazonaws.eu-central-1.s3': S3_LAYERS_EU_CENTRAL_1,
  },
  'china-ecr-layers': {
    'cn.com.amazonaws.cn-northwest-1.ecr.api': null,
    'cn.com.amazonaws.cn-northwest-1.ecr.dkr': null,
    'com.amazonaws.cn-northwest-1.logs': 'own',
    'com.amazonaws.cn-northwest-1.s3': S3_LAYERS_CN_NORTHWEST_1,
  },
  'govcloud-policy-presets': {
    'com.amazonaws.us-gov-east-1.ecr.api': PRINCIPALS_ONE_ACCOUNT,
    'com.amazonaws.us-gov-east-1.ecr.dkr': PRINCIPALS_ONE_ACCOUNT,
    'com.amazonaws.us-gov-east-1.s3': S3_LAYERS_US_GOV_EAST_1,
  },
};
