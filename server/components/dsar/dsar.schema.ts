// Input shapes of data subject requests (browser forms, JSON and the CLI share them).
import { z } from 'zod';
import { channels, requestTypes } from './dsar.repository.js';

const email = z.string().trim().toLowerCase().max(320, 'dsar.errors.email').email('dsar.errors.email');
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'dsar.errors.day').refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), 'dsar.errors.day');

export const openInput = z
  .object({
    type: z.enum(requestTypes, { error: 'dsar.errors.type' }),
    user: email.optional(),
    email: email.optional(),
    channel: z.enum(channels, { error: 'dsar.errors.channel' }).default('other'),
    details: z.string().trim().max(4000, 'dsar.errors.tooLong').optional(),
    received: isoDay.optional(),
  })
  .refine((v) => Boolean(v.user) !== Boolean(v.email), { message: 'dsar.errors.subject', path: ['subject'] });
export type OpenInput = z.infer<typeof openInput>;

export const requestId = z.object({ id: z.string().uuid('dsar.errors.notFound') });

export const reasonInput = z.object({ reason: z.string().trim().min(3, 'dsar.errors.reason').max(2000, 'dsar.errors.tooLong') });

export const extendInput = z
  .object({
    reason: z.string().trim().min(3, 'dsar.errors.reason').max(2000, 'dsar.errors.tooLong'),
    days: z.coerce.number().int('dsar.errors.days').min(1, 'dsar.errors.days').max(60, 'dsar.errors.days').optional(),
    due: isoDay.optional(),
  })
  .refine((v) => Boolean(v.days) !== Boolean(v.due), { message: 'dsar.errors.extendHow', path: ['days'] });

export const statusInput = z.object({ status: z.enum(['verifying_identity', 'in_progress'], { error: 'dsar.errors.status' }) });

export const closeInput = z.object({
  outcome: z.enum(['completed', 'rejected'], { error: 'dsar.errors.outcome' }),
  reason: z.string().trim().max(2000, 'dsar.errors.tooLong').optional(),
});

export const noteInput = z.object({ body: z.string().trim().min(1, 'dsar.errors.note').max(4000, 'dsar.errors.tooLong') });

export const assignInput = z.object({ assignee: z.union([z.literal(''), email]).optional() });

/** What rectification may change: the account and profile columns of the users table. */
export const rectifiable = {
  firstName: 'first_name',
  lastName: 'last_name',
  email: 'email',
  company: 'company',
  title: 'title',
  phone: 'phone',
  bio: 'bio',
  timeZone: 'time_zone',
  language: 'language',
} as const;

const text = (max: number) => z.string().trim().max(max, 'dsar.errors.tooLong');
export const rectifyInput = z
  .object({
    firstName: text(100).min(1, 'dsar.errors.required').optional(),
    lastName: text(100).min(1, 'dsar.errors.required').optional(),
    email: email.optional(),
    company: text(200).optional(),
    title: text(200).optional(),
    phone: text(50).optional(),
    bio: text(2000).optional(),
    timeZone: text(64).optional(),
    language: z.enum(['en', 'fr'], { error: 'dsar.errors.language' }).optional(),
  })
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'dsar.errors.nothingToChange', path: ['_'] });
export type RectifyInput = z.infer<typeof rectifyInput>;

/** Self-service: what an employee asks for from the privacy center. */
export const selfServiceInput = z.object({
  type: z.enum(['rectification', 'erasure', 'restriction', 'objection', 'access'], { error: 'dsar.errors.type' }),
  details: z.string().trim().max(4000, 'dsar.errors.tooLong').optional(),
});
