/** No attack: every sampled client is honest. */
import { z } from 'zod';
import { defineAttack } from './descriptor.js';

export const noneDescriptor = defineAttack({
  kind: 'none',
  targets: 'none',
  params: z.strictObject({}),
  create: () => ({ name: 'none', targets: 'none' }),
});
