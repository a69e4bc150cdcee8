// Input of the admin's user list: search, filters and page (query string). Messages are catalogue keys.
import { z } from 'zod';

export const USERS_PAGE_SIZE = 50;

const blankToUndefined = (v: string | undefined) => (v ? v : undefined);

export const usersQuery = z.object({
  q: z.string({ error: 'errors.text' }).trim().max(200, 'errors.tooLong').optional().transform(blankToUndefined),
  role: z.enum(['', 'member', 'admin', 'privacy'], { error: 'errors.choice' }).optional().transform((v) => (v ? v : undefined)),
  status: z.enum(['', 'active', 'disabled', 'deleted'], { error: 'errors.choice' }).optional().transform((v) => (v ? v : undefined)),
  page: z
    .string({ error: 'adminUsers.badPage' })
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return 1;
      if (!/^\d{1,6}$/.test(v) || Number(v) < 1) {
        ctx.addIssue({ code: 'custom', message: 'adminUsers.badPage' });
        return z.NEVER;
      }
      return Number(v);
    }),
});

export type UsersQuery = z.output<typeof usersQuery>;

export const userActions = ['disable', 'enable', 'promote', 'demote', 'reset-link'] as const;
export type UserAction = (typeof userActions)[number];
