/**
 * A fedrank network architecture as a plugin: a small CNN for small images,
 *
 *   conv3x3(c) - ReLU - maxpool 2 - flatten - dense(h) - ReLU - dense(classes)
 *
 * given as a layer list. Every conv and dense layer is one supermask layer (bias-free), so FRL
 * ranks its edges as it ranks LeNet's. Client threads and the saved model receive the list, not
 * this file.
 *
 * Parameters (config keys under `model.arch:`): channels, the conv's output channels c (default 8);
 * hidden, the hidden dense width h (default 32).
 * The default export is the architecture's descriptor: kind, params (a zod schema), layers(params).
 */
import { z } from '@fedrank/server/plugin';

export default {
  kind: 'tiny-cnn',
  params: z.strictObject({
    channels: z.number().int().positive().default(8),
    hidden: z.number().int().positive().default(32),
  }),
  layers({ channels, hidden }) {
    return [{ conv: channels }, 'relu', 'pool', 'flatten', { dense: hidden }, 'relu', { dense: 'classes' }];
  },
};
