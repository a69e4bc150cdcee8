// Input shapes of personal access tokens. Messages are catalogue keys.
import { z } from 'zod';

export const createTokenInput = z
  .object({
    name: z.string({ error: 'errors.required' }).trim().min(1, 'errors.required').max(100, 'errors.tooLong'),
    scope: z.enum(['read', 'write'], { error: 'tokens.scopeChoice' }),
    expiresInDays: z.coerce
      .number({ error: 'tokens.expiresChoice' })
      .int('tokens.expiresChoice')
      .min(1, 'tokens.expiresChoice')
      .max(366, 'tokens.expiresChoice')
      .optional()
      .describe('Days until the token stops working; omit for a token that never expires.'),
  })
  .meta({ id: 'NewToken' });

/** The browser form sends "" for "never". */
export const createTokenForm = createTokenInput.extend({
  expiresInDays: z.preprocess((v) => (v === '' || v === 'never' ? undefined : v), createTokenInput.shape.expiresInDays),
});

export type CreateTokenInput = z.output<typeof createTokenInput>;
