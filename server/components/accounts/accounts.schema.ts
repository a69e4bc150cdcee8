// Input shapes of the accounts component. Messages are catalogue keys.
import { z } from 'zod';
import { isTimeZone } from '../../web/time.js';
import { PASSWORD_MAX_LENGTH } from './password.js';

const name = z.string({ error: 'errors.required' }).trim().min(1, 'errors.required').max(100, 'errors.tooLong');
export const email = z
  .string({ error: 'errors.required' })
  .trim()
  .min(1, 'errors.required')
  .max(320, 'errors.tooLong')
  .pipe(z.email({ error: 'errors.email' }));
const password = z.string({ error: 'errors.required' }).min(1, 'errors.required').max(PASSWORD_MAX_LENGTH * 4, 'password.tooLong');
const checkbox = z.union([z.boolean(), z.literal('on'), z.literal('true'), z.literal('1')]).optional().transform((v) => v !== undefined && v !== false);
const optionalText = (max: number) =>
  z
    .string({ error: 'errors.text' })
    .trim()
    .max(max, 'errors.tooLong')
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();

export const signupInput = z.object({
  firstName: name,
  lastName: name,
  email,
  password,
  invite: z.string().max(200).optional(),
});

export const signinInput = z.object({ email, password, remember: checkbox });

export const forgotInput = z.object({ email });
export const resetInput = z.object({ token: z.string().min(10, 'reset.invalid').max(200, 'reset.invalid'), password });
export const changePasswordInput = z.object({ currentPassword: password, newPassword: password });


export const profileInput = z.object({
  firstName: name.optional(),
  lastName: name.optional(),
  company: optionalText(200),
  title: optionalText(200),
  phone: optionalText(50).refine((v) => v == null || /^[+0-9 ().-]{3,50}$/.test(v), 'errors.phone'),
  bio: optionalText(2000),
  timeZone: optionalText(64).refine((v) => v == null || isTimeZone(v), 'errors.timeZone'),
  language: z
    .union([z.enum(['en', 'fr']), z.literal('')])
    .nullable()
    .optional()
    .transform((v) => (v === '' ? null : v)),
});

export const inviteInput = z.object({ email, role: z.enum(['member', 'admin'], { error: 'errors.role' }).default('member') });
export type ProfileInput = z.output<typeof profileInput>;
