/**
 * Label flipping: the malicious clients train honestly on their own data with every label y
 * replaced by (classes - 1 - y); the round loop trains them that way and sends their updates.
 */
import { z } from 'zod';
import { defineAttack } from './descriptor.js';

export const labelFlipDescriptor = defineAttack({
  kind: 'label-flip',
  targets: 'data',
  params: z.strictObject({}),
  create: () => ({ name: 'label-flip', targets: 'data' }),
});
