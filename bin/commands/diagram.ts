/**
 * `ecs-privatelink diagram`: the architecture of a configuration as Mermaid
 * text (for a README) or as an SVG picture, drawn in process.
 */
import * as path from 'path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { BadInput, writeFileAtomic, type Cli } from '../cli/context';
import { CONFIG_ENV, DEFAULT_CONFIG_FILE } from '../cli/support';
import { renderMermaid, renderSvg } from '../../lib/reports/diagram';
import { renderHubMermaid } from '../../lib/reports/hub-diagram';
import { readConfig } from './cost';

export const DIAGRAM_FORMATS = ['mermaid', 'svg'] as const;
export type DiagramFormat = (typeof DIAGRAM_FORMATS)[number];

/** The format an --out file's extension implies, if any. */
export function formatOfPath(file: string): DiagramFormat | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.svg') return 'svg';
  if (ext === '.mmd' || ext === '.mermaid') return 'mermaid';
  return undefined;
}

interface DiagramOptions {
  config?: string;
  format?: DiagramFormat;
  out?: string;
}

export function register(program: Command, cli: Cli): void {
  program
    .command('diagram')
    .summary('draw the architecture as Mermaid text or an SVG picture')
    .description(
      'Draw what the configuration puts in the VPC: its Availability Zones and subnets with the ECS clients, the endpoint ' +
        'security group and its sources, each interface endpoint with its private DNS name, the route tables and the S3 ' +
        'gateway, and the AWS services behind them. Mermaid text goes in a README (GitHub and GitLab draw it); the SVG ' +
        'is drawn in process, with no browser.',
    )
    .option('-c, --config <file>', `configuration file (default: $${CONFIG_ENV}, else ${DEFAULT_CONFIG_FILE})`)
    .addOption(
      new Option('-f, --format <format>', 'mermaid or svg (default: from the --out extension, .svg or .mmd; else mermaid)').argParser((value: string) => {
        if ((DIAGRAM_FORMATS as readonly string[]).includes(value)) return value;
        throw new InvalidArgumentError(`expected one of: ${DIAGRAM_FORMATS.join(', ')}`);
      }),
    )
    .option('-o, --out <file>', 'write the picture to this file (replaced if it exists) instead of stdout')
    .addHelpText(
      'after',
      `
Examples:
  $ ecs-privatelink diagram --config privatelink.config.yaml > architecture.mmd
  $ ecs-privatelink diagram --config privatelink.config.yaml --out architecture.svg`,
    )
    .action(
      cli.action<DiagramOptions>((ctx, options) => {
        const configFile = ctx.configFile(options.config);
        const file = options.out === undefined || options.out === '-' ? undefined : ctx.resolve(options.out);
        const implied = file ? formatOfPath(file) : undefined;
        if (options.format && implied && options.format !== implied) {
          throw BadInput.option('--out', ctx.display(file!), `has the extension of ${implied}, but --format is ${options.format}; make them agree`);
        }
        const format: DiagramFormat = options.format ?? implied ?? 'mermaid';
        if (file) {
          if (path.resolve(file) === path.resolve(configFile)) {
            throw BadInput.option('--out', ctx.display(file), 'is the configuration file; choose another file for the picture');
          }
          ctx.checkOutputFile('--out', file, true);
        }
        // A fleet with a hub: the hub, its endpoints, the spokes, the DNS sharing and the Transit Gateway (lib/reports/hub-diagram.ts).
        const fleet = ctx.loadFleet(configFile);
        let text: string;
        let endpoints: number;
        if (fleet.hub) {
          if (format === 'svg') throw BadInput.option('--format', 'svg', 'a fleet with a hub is drawn as Mermaid only, for now; use --format mermaid or an .mmd file');
          text = renderHubMermaid(fleet);
          endpoints = fleet.vpcs.reduce((n, v) => n + v.spec.endpoints.length, 0);
        } else {
          const { spec } = readConfig(ctx, configFile, fleet.kind === 'single' ? fleet.vpcs[0].spec : undefined);
          text = format === 'svg' ? renderSvg(spec) : renderMermaid(spec);
          endpoints = spec.endpoints.length;
        }
        if (file) {
          const shown = ctx.display(file);
          writeFileAtomic('--out', shown, file, text);
          ctx.progress(`wrote ${shown} (${format}, ${endpoints} endpoints)`);
          if (ctx.json) ctx.outJson({ command: ctx.commandPath, config: ctx.display(configFile), format, file: shown });
        } else if (ctx.json) {
          ctx.outJson({ command: ctx.commandPath, config: ctx.display(configFile), format, text });
        } else {
          ctx.io.stdout(text);
        }
        ctx.done('diagram done');
      }),
    );
}
