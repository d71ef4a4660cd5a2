/**
 * The checks every user plugin block shares: its module was loaded, its default export has the
 * shape of a descriptor of that block, its bytes still hash to the recorded sha256, its kind is
 * not a built-in one and matches the recorded kind. Failures throw `fail(message, field)`.
 */
import type { z } from 'zod';
import { pluginModule, type PluginModule } from './plugin-modules.js';

export interface PluginDescriptorCheck<D> {
  /** Config block: 'aggregator', 'attack', 'data'. */
  block: string;
  /** What the descriptor describes, for messages: 'aggregator', 'attack', 'dataset'. */
  what: string;
  /** The shape of a descriptor of this block. */
  schema: z.ZodType<D>;
  builtinKinds: ReadonlySet<string>;
  /** The key that records the kind in the block ('kind'; 'dataset' for data). */
  kindKey: string;
  fail: (message: string, field: string) => never;
}

export function resolvePluginDescriptor<D extends { kind: string }>(
  check: PluginDescriptorCheck<D>,
  spec: { module: string; sha256?: string; kind?: string },
): { module: PluginModule; descriptor: D } {
  const { block, what, fail } = check;
  const m =
    pluginModule(spec.module) ??
    fail(`${spec.module}: plugin module not loaded (configs naming a module are read with loadRunConfig)`, `${block}.module`);
  const d = check.schema.safeParse(m.descriptor);
  if (!d.success) {
    const issue = d.error.issues[0];
    fail(
      `${m.path}: default export is not ${what === 'attack' ? 'an' : 'a'} ${what} descriptor: ${['descriptor', ...issue.path.map(String)].join('.')}: ${issue.message}`,
      `${block}.module`,
    );
  }
  const descriptor = d.data as D;
  if (spec.sha256 !== undefined && spec.sha256 !== m.sha256) {
    fail(`${m.path} changed since the config was written (sha256 ${m.sha256}, expected ${spec.sha256})`, `${block}.sha256`);
  }
  if (check.builtinKinds.has(descriptor.kind)) {
    fail(`${m.path}: kind '${descriptor.kind}' is a built-in ${what}; give the plugin's ${what} a kind of its own`, `${block}.module`);
  }
  if (spec.kind !== undefined && spec.kind !== descriptor.kind) {
    fail(`the module's ${what} is '${descriptor.kind}', the config says '${spec.kind}'`, `${block}.${check.kindKey}`);
  }
  return { module: m, descriptor };
}

/** The zod shape of a plugin's parameter schema and factory fields, shared by every block. */
export function isParamSchema(v: unknown): boolean {
  return typeof v === 'object' && v !== null && typeof (v as { safeParse?: unknown }).safeParse === 'function';
}
