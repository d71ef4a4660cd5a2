/** The codec descriptors by what they carry and by config key (derived from registry.ts). */
import type { CodecDescriptor } from './descriptor.js';
import { CODECS } from './registry.js';

type Registered = (typeof CODECS)[number];
type ConfigNameOf<C extends CodecDescriptor['carries']> = Extract<Registered, { carries: C; configName: string }>['configName'];
export type RankingCodecName = ConfigNameOf<'ranking'>;
export type WeightsCodecName = ConfigNameOf<'weights'>;

/** The config values that select a codec carrying `carries`, in registry order. */
export function codecConfigNames<C extends 'ranking' | 'weights'>(carries: C): [ConfigNameOf<C>, ...ConfigNameOf<C>[]] {
  const names = CODECS.filter((c) => c.carries === carries && 'configName' in c).map((c) => (c as { configName: string }).configName);
  return names as [ConfigNameOf<C>, ...ConfigNameOf<C>[]];
}

/** The descriptor selected by a config value, or the round-chosen signs codec. */
export function codecDescriptor<C extends CodecDescriptor['carries']>(
  carries: C,
  configName?: string,
): Extract<CodecDescriptor, { carries: C }> {
  const d = CODECS.find((c) => c.carries === carries && (configName === undefined || ('configName' in c && c.configName === configName)));
  if (!d) throw new Error(`no ${carries} codec${configName === undefined ? '' : ` '${configName}'`} in the codec registry`);
  return d as Extract<CodecDescriptor, { carries: C }>;
}
