// Input shapes of single sign-on forms. Messages are catalogue keys.
import { z } from 'zod';
import { email } from '../accounts/accounts.schema.js';

const name = z.string({ error: 'errors.required' }).trim().min(1, 'errors.required').max(100, 'errors.tooLong');

/** The provider's email is not a field: `newEmail` (optional) is another address, proven by a link before use. */
export const ssoSignupInput = z.object({ firstName: name, lastName: name, newEmail: z.preprocess((v) => (v === '' ? undefined : v), email.optional()) });
export const ssoLinkInput = z.object({ password: z.string({ error: 'errors.required' }).min(1, 'errors.required').max(512, 'password.tooLong') });
export const providerParam = z.string().regex(/^[a-z][a-zA-Z0-9]{0,31}$/);
