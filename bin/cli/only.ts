/**
 * `--only <name,...>` of `synth` and `generate`: a subset of a fleet's VPCs,
 * for fanning a large fleet out over CI jobs or workspaces.
 */
import { suggest } from '../../lib/model/config';
import type { Fleet, FleetVpc } from '../../lib/model/fleet';
import { BadInput, listed, type InputProblem } from './context';

export const ONLY_OPTION = '--only';
export const ONLY_HELP = 'only these VPCs of a fleet (comma-separated names); the stacks or roots of the others are left as they are';

/**
 * The VPCs named by `--only`, in the fleet's order, or undefined without the
 * option. Throws BadInput (one line per problem) for a name that is not a VPC
 * of the fleet, an empty list, or a configuration of one VPC.
 */
export function selectVpcs(fleet: Fleet, only: string | undefined, configShown: string): FleetVpc[] | undefined {
  if (only === undefined) return undefined;
  const names = only
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (fleet.kind === 'single') {
    throw BadInput.option(ONLY_OPTION, only, `${configShown} holds one VPC, not a fleet (defaults and vpcs); remove ${ONLY_OPTION}`);
  }
  const known = fleet.vpcs.map((vpc) => vpc.name);
  if (names.length === 0) {
    throw BadInput.option(ONLY_OPTION, JSON.stringify(only), `names no VPC; give the names of VPCs of ${configShown}, separated by commas, like ${known.slice(0, 2).join(',')}`);
  }
  const problems: InputProblem[] = names
    .filter((name) => !known.includes(name))
    .map((name) => ({
      option: ONLY_OPTION,
      file: only,
      message: `${JSON.stringify(name)} is not a VPC of ${configShown}${suggest(name, known)}; its VPCs are ${listed(known)}`,
    }));
  if (problems.length > 0) throw new BadInput(problems);
  const wanted = new Set(names);
  return fleet.vpcs.filter((vpc) => wanted.has(vpc.name));
}
