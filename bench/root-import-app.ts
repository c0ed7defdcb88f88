/**
 * A benchmark baseline, not product code: the CDKTF app of main.ts as it runs
 * when `@cdktf/provider-aws` is loaded from its package root, the way many
 * CDKTF apps import it. The root's index loads the bindings of every resource
 * and data source of the provider, where main.ts (through lib/) loads the few
 * it uses from `@cdktf/provider-aws/lib/<resource>`. It is main.ts itself after
 * that one import, so it synthesizes the same stacks (`npm run bench` checks
 * that its cdk.tf.json files equal the app's).
 */
import '@cdktf/provider-aws';
import '../main';
