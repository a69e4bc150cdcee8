// Input shapes of discussions. Messages are catalogue keys.
import { z } from 'zod';

export const COMMENT_MAX = 10_000;
export const MAX_MENTIONS = 20;

export const commentInput = z.object({
  body: z.string({ error: 'errors.required' }).trim().min(1, 'errors.required').max(COMMENT_MAX, 'errors.tooLong'),
});

export const targetTypes = ['node', 'section'] as const;
export type TargetType = (typeof targetTypes)[number];
export const targetParams = z.object({ type: z.enum(targetTypes, { error: 'errors.notFound' }), id: z.string().max(36, 'errors.notFound') });

/** `@name@example.com` mentions the colleague with that email. */
export const mentionPattern = /(^|[^A-Za-z0-9._%+-])@([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;

export function mentionedEmails(body: string): string[] {
  const found = new Set<string>();
  for (const match of body.matchAll(mentionPattern)) found.add(match[2]!.toLowerCase());
  return [...found];
}
