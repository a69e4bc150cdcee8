// Input shapes of feedback. Messages are catalogue keys.
import { z } from 'zod';

export const FEEDBACK_MAX = 5_000;
export const visibilities = ['recipient', 'leads', 'public'] as const;
export type FeedbackVisibility = (typeof visibilities)[number];

/** Form posts send one value as a string and several as an array; both mean a list. */
const valueList = z
  .union([z.string().max(100, 'errors.tooLong'), z.array(z.string().max(100, 'errors.tooLong')).max(20, 'feedback.errors.tooManyValues')])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).map((s) => s.trim()).filter(Boolean));

export const feedbackInput = z.object({
  body: z.string({ error: 'errors.required' }).trim().min(1, 'errors.required').max(FEEDBACK_MAX, 'errors.tooLong'),
  visibility: z.enum(visibilities, { error: 'feedback.errors.visibility' }),
  values: valueList,
});

/** From the feedback page: the colleague is chosen with the people picker, which sends their work email. */
export const giveToInput = feedbackInput.extend({
  recipient: z.string({ error: 'feedback.errors.pick' }).trim().min(1, 'feedback.errors.pick').max(320, 'feedback.errors.recipient'),
});

export const feedbackListQuery = z.object({ direction: z.enum(['received', 'given'], { error: 'errors.choice' }).default('received') });

export type FeedbackInput = z.output<typeof feedbackInput>;
