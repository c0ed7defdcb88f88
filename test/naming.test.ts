/**
 * The names and literals the construct and the module share
 * (lib/model/naming.ts), against values written out by hand.
 */
import { Token } from 'cdktf';
import { endpointName, ingressRuleKey, securityGroupName, terraformLiteral, terraformLiteralMap } from '../lib/model/naming';

describe('terraformLiteral: what Terraform reads back as the text itself', () => {
  test.each([
    ['plain', 'plain'],
    ['${var.x}', '$${var.x}'],
    ['a ${b} and ${c}', 'a $${b} and $${c}'],
    ['%{ if x }', '%%{ if x }'],
    ['$$ and %% and $ {', '$$ and %% and $ {'],
    ['\uFEFFtagged', '${"\\uFEFF"}tagged'],
    ['\uFEFF${x}', '${"\\uFEFF"}$${x}'],
    ['in\uFEFFside', 'in\uFEFFside'],
    ['', ''],
  ])('%j -> %j', (text, literal) => {
    expect(terraformLiteral(text)).toBe(literal);
  });

  test('a CDKTF token (a reference to another resource) passes unchanged', () => {
    const token = Token.asString({ Ref: 'x' });
    expect(token).toContain('${');
    expect(terraformLiteral(token)).toBe(token);
  });

  test('terraformLiteralMap escapes keys and values', () => {
    expect(terraformLiteralMap({ '${k}': '%{v}', '\uFEFFk': 'v' })).toStrictEqual({ '$${k}': '%%{v}', '${"\\uFEFF"}k': 'v' });
  });
});

test('names: the security group, the endpoints, the ingress rules', () => {
  expect(securityGroupName('payments')).toBe('payments-endpoints');
  expect(endpointName('payments', 'ecr_api')).toBe('payments-ecr-api');
  expect(endpointName('p', 'ecs_agent_x')).toBe('p-ecs-agent-x');
  expect(ingressRuleKey('10.0.0.0/16')).toBe('10-0-0-0-16');
  expect(ingressRuleKey('sg-0123456789abcdef0')).toBe('sg-0123456789abcdef0');
  expect(ingressRuleKey('2001:db8::/32')).toBe('2001-db8-32');
});
