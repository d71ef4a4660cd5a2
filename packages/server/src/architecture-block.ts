/**
 * The run config's `model.arch`: a built-in architecture's name (`lenet`, `conv2`...`conv8`,
 * `mlp` with `model.hidden`), a layer list given inline (`{ name?: my-net, layers: [...] }`), or
 * a user's architecture plugin (`{ module: ./my-net.mjs, ...params }`). All three become the same
 * Architecture, built from a layer list once the data's input shape is known.
 */
import { z } from 'zod';
import {
  ARCH_NAMES,
  architectureFromLayers,
  buildArchitecture,
  parseLayerList,
  type ArchName,
  type Architecture,
  type InputShape,
  type LayerOp,
} from '@fedrank/supermask';
import { forwardIssues, isPluginBlock } from './plugin-blocks.js';
import { parseUserArchitectureSpec, userArchitectureLayers, type UserArchitectureSpec } from './plugins/user-architecture.js';

/** An inline layer list. */
export interface InlineArchitectureSpec {
  name: string;
  layers: LayerOp[];
}

/** A plugin's block as the config holds it once read: its module's absolute path and hash, its kind, its parameters. */
export interface PluginArchitectureSpec extends UserArchitectureSpec {
  sha256: string;
  kind: string;
}

export type ArchitectureSpec = ArchName | InlineArchitectureSpec | PluginArchitectureSpec;

const inlineSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, 'expected a name of lowercase letters, digits and dashes')
    .default('custom'),
  layers: z.unknown().optional(),
});

/** A key path under model.arch ('model.arch.layers[3].conv') as the path of an issue under model.arch. */
function issuePath(field: string): string[] {
  return field === 'model.arch' ? [] : field.slice('model.arch.'.length).split('.');
}

export const architectureSchema = z.unknown().transform((v, ctx): ArchitectureSpec => {
  if (typeof v === 'string' && (ARCH_NAMES as readonly string[]).includes(v)) return v as ArchName;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    const got = typeof v === 'string' ? `the text '${v}'` : Array.isArray(v) ? 'a list' : JSON.stringify(v);
    ctx.addIssue({
      code: 'custom',
      message: `expected one of ${ARCH_NAMES.join(', ')}, a layer list ({layers: [...]}) or a plugin ({module: FILE}), got ${got}`,
    });
    return z.NEVER;
  }
  try {
    if (isPluginBlock(v)) return parseUserArchitectureSpec(v as UserArchitectureSpec);
    const r = inlineSchema.safeParse(v);
    if (!r.success) {
      forwardIssues(r.error.issues, ctx);
      return z.NEVER;
    }
    if (r.data.layers === undefined) {
      ctx.addIssue({ code: 'custom', path: ['layers'], message: 'missing (expected a list of layers)' });
      return z.NEVER;
    }
    return { name: r.data.name, layers: parseLayerList(r.data.layers, 'model.arch.layers') };
  } catch (e) {
    const field = (e as { field?: unknown }).field;
    if (typeof field !== 'string' || !field.startsWith('model.arch')) throw e;
    ctx.addIssue({ code: 'custom', path: issuePath(field), message: (e as Error).message.replace(`${field}: `, '') });
    return z.NEVER;
  }
});

function isPluginArchitecture(spec: InlineArchitectureSpec | PluginArchitectureSpec): spec is PluginArchitectureSpec {
  return 'module' in spec;
}

/** The architecture a run's model block describes, on the data's input shape. */
export function architectureOf(model: { arch: ArchitectureSpec; hidden?: number[] }, input: InputShape): Architecture {
  const spec = model.arch;
  if (typeof spec === 'string') return buildArchitecture(spec, input, { hidden: model.hidden });
  const { name, layers } = isPluginArchitecture(spec) ? userArchitectureLayers(spec) : spec;
  return architectureFromLayers(name, layers, input);
}
