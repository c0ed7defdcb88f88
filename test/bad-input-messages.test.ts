/**
 * Every bad input file's whole message, as loadFleet gives it (the reading
 * and validation of both forms, in process: the command line adds only its
 * "nothing was written" line, tested in cli.test.ts), against one reviewed
 * golden, test/bad-input-messages.txt. cli.test.ts checks the fragments each
 * file names; this file pins every word, so that a message that loses its
 * place, its fix or a suggestion is seen in review. `UPDATE_GOLDEN=1 npm test`
 * rewrites it: read the diff.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadFleet } from '../lib/model/fleet';
import { REPO_ROOT } from './support/cases';
import { expectGolden } from './support/golden';

const BAD_INPUTS = path.join(REPO_ROOT, 'test', 'bad-inputs');

test('every bad input file gets its whole message, word for word', () => {
  const sections = fs
    .readdirSync(BAD_INPUTS)
    .sort()
    .map((name) => {
      let message: string;
      try {
        loadFleet(path.join(BAD_INPUTS, name));
        message = '(accepted by loadFleet: the command line refuses it)';
      } catch (err) {
        message = (err as Error).message.split(`${BAD_INPUTS}${path.sep}`).join('');
      }
      return `## ${name}\n${message}\n`;
    });
  expectGolden(path.join(REPO_ROOT, 'test', 'bad-input-messages.txt'), sections.join('\n'));
});
