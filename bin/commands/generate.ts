/**
 * `ecs-privatelink generate`: renders the standalone Terraform module for a
 * configuration and writes it into a folder.
 *
 * Rendering is `renderModule` (pure); writing is `writeModule`, the one piece
 * of code that puts the module on disk: it replaces the folder atomically,
 * and refuses a folder with files that lack the generated-file marker unless
 * --force.
 */
import type { Command } from 'commander';
import { BadInput, writeProblem, type Cli } from '../../lib/cli';
import { CONFIG_ENV, DEFAULT_CONFIG_FILE } from '../../lib/cli-support';

interface GenerateOptions {
  config?: string;
  out: string;
  force?: boolean;
}

export function register(program: Command, cli: Cli): void {
  program
    .command('generate')
    .summary('write the standalone Terraform module for a configuration')
    .description(
      'Render the standalone Terraform module (main.tf, variables.tf, outputs.tf, versions.tf, README.md, ' +
        'examples/, tests/) for a configuration into a folder. Writes atomically: on any failure the folder is ' +
        'left as it was. Refuses to overwrite a folder that holds files without the generated-file marker unless --force.',
    )
    .option('-c, --config <file>', `configuration file (default: $${CONFIG_ENV}, else ${DEFAULT_CONFIG_FILE})`)
    .option('-o, --out <dir>', 'the module folder', 'modules/ecs-privatelink')
    .option('-f, --force', 'overwrite a folder that holds files ecs-privatelink did not generate')
    .addHelpText(
      'after',
      `
Example:
  $ ecs-privatelink generate --config privatelink.config.yaml --out modules/ecs-privatelink`,
    )
    .action(
      cli.action<GenerateOptions>(async (ctx, options) => {
        const configFile = ctx.configFile(options.config);
        const spec = ctx.loadConfig(configFile);
        const dir = ctx.resolve(options.out);
        const shownDir = ctx.display(dir);
        ctx.checkOutputDir('--out', dir);

        // Loaded here, not at the top: the generator is only needed by this command.
        const { renderModule } = await import('../../generators/module');
        const { ForeignFilesError, writeModule } = await import('../../generators/write');
        const files = await renderModule(spec);
        ctx.progress(`rendered ${files.size} files (${ctx.elapsed()})`);
        try {
          writeModule(dir, files, { force: options.force === true });
        } catch (err) {
          if (err instanceof ForeignFilesError) {
            const n = err.files.length;
            const shown = err.files.slice(0, 5).join(', ') + (n > 5 ? `, and ${n - 5} more` : '');
            throw BadInput.option(
              '--out',
              shownDir,
              `holds ${n} file${n === 1 ? '' : 's'} that ecs-privatelink did not generate (${shown}); move ${n === 1 ? 'it' : 'them'} elsewhere, ` +
                `choose another --out, or add --force to replace the folder (which deletes ${n === 1 ? 'it' : 'them'})`,
            );
          }
          const code = (err as NodeJS.ErrnoException).code;
          if (code && /^E[A-Z]+$/.test(code)) throw BadInput.option('--out', shownDir, writeProblem(err as NodeJS.ErrnoException));
          throw err;
        }
        const written = [...files.keys()].sort().map((rel) => `${shownDir}/${rel}`);
        ctx.progress(`wrote ${files.size} files to ${shownDir}`);
        if (ctx.json) ctx.outJson({ command: ctx.commandPath, config: ctx.display(configFile), dir: shownDir, files: written });
        else ctx.out(written.join('\n'));
        ctx.done('generate done');
      }),
    );
}
