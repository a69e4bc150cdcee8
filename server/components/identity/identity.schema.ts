// Input shapes of single sign-on forms. Messages are catalogue keys.
import { z } from 'zod';
import { email } from '../accounts/accounts.schema.js';

const name = z.string({ error: 'errors.required' }).trim().min(1, 'errors.required').max(100, 'errors.tooLong');

export const ssoSignupInput = z.object({ firstName: name, lastName: name, email });
export const ssoLinkInput = z.object({ password: z.string({ error: 'errors.required' }).min(1, 'errors.required').max(512, 'password.tooLong') });
export const providerParam = z.string().regex(/^[a-z][a-zA-Z0-9]{0,31}$/);
