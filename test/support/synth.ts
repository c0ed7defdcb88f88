/** Synthesizing the CDKTF stack of a spec, as the tests see it (`Testing.synth`: sorted, stable JSON). */
import { Testing } from 'cdktf';
import type { Spec } from '../../lib/model/config';
import { EcsPrivateLinkStack } from '../../lib/cdktf/stack';

export function synthSpec(spec: Spec): string {
  const app = Testing.app();
  const stack = new EcsPrivateLinkStack(app, spec.stack, spec);
  return `${Testing.synth(stack)}\n`;
}
