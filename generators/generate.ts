/**
 * `npm run generate`: renders the standalone module for the configuration
 * (ECS_PRIVATELINK_CONFIG, else privatelink.config.yaml) into
 * modules/ecs-privatelink/, relative to the current folder (the repo root
 * under npm).
 */
import * as path from 'path';
import { configPathFromEnv, loadConfigOrExit } from '../lib/cli-support';
import { renderModule } from './module';
import { writeModule } from './write';

/** Where `npm run generate` writes the module, relative to the repo root. */
export const MODULE_DIR = path.join('modules', 'ecs-privatelink');

export async function main(): Promise<void> {
  const configFile = configPathFromEnv();
  const spec = loadConfigOrExit(configFile);
  const files = await renderModule(spec);
  writeModule(MODULE_DIR, files);
  process.stdout.write(`ecs-privatelink: wrote ${files.size} files to ${MODULE_DIR} from ${configFile}\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`ecs-privatelink: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
