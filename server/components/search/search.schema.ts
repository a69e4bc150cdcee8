// Input shapes of search.
import { z } from 'zod';

export const searchKinds = ['nodes', 'sections', 'people', 'discussions'] as const;

export const searchQuery = z.object({
  q: z.string({ error: 'errors.text' }).max(200, 'errors.tooLong').default(''),
  kind: z.enum(searchKinds, { error: 'errors.choice' }).optional(),
  limit: z.coerce.number({ error: 'search.errors.limit' }).int('search.errors.limit').min(1, 'search.errors.limit').max(50, 'search.errors.limit').optional(),
});

export type SearchQuery = z.output<typeof searchQuery>;
