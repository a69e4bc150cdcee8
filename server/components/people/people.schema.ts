// Input shapes of the people pages.
import { z } from 'zod';

export const directoryQuery = z.object({
  q: z.string({ error: 'errors.text' }).trim().max(100, 'errors.tooLong').default(''),
  page: z.coerce.number({ error: 'people.errors.page' }).int('people.errors.page').min(1, 'people.errors.page').max(100_000, 'people.errors.page').default(1),
});
