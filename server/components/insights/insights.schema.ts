// Query of a board: the node whose subtree it covers and the period (ISO dates, inclusive).
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'insights.errors.date');

export const boardQuery = z.object({
  node: z.string().min(1, 'insights.errors.node').max(36, 'insights.errors.node').optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});
