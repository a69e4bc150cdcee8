// The `insights` config section: the anonymity threshold (k) of behavioural figures, the limits the
// Structure board flags, and when the daily snapshot job runs. A k under 3 is refused: a group of
// one or two people is a person, not a group.
import cron from 'node-cron';
import { z } from 'zod';

export const insightsConfig = z
  .object({
    minGroupSize: z.coerce
      .number()
      .int()
      .min(3, { message: 'must be at least 3: figures about what people did are never shown for groups of one or two people (5 is the default)' })
      .max(1000)
      .prefault(5)
      .describe('Anonymity threshold (k): what people did (feedback, 1:1s, discussions) is shown only for groups of at least this many people. Minimum 3.'),
    spanOfControlLimit: z.coerce.number().int().min(1).max(1000).prefault(8).describe('Leads with more direct reports than this are listed on the Structure board.'),
    maxLedNodes: z.coerce.number().int().min(1).max(1000).prefault(3).describe('People leading more than this many nodes are listed on the Structure board.'),
    largeNodeSize: z.coerce.number().int().min(2).max(100_000).prefault(12).describe('Nodes with at least this many members and a single lead are listed on the Structure board.'),
    snapshot: z
      .object({
        enabled: z.boolean().prefault(true).describe('Take the daily snapshot from the server on the cron schedule; turn off when a Helm CronJob runs `opsenic insights snapshot` instead.'),
        schedule: z
          .string()
          .refine((v) => cron.validate(v), { message: 'not a valid cron expression, e.g. "30 2 * * *" (daily at 02:30)' })
          .prefault('30 2 * * *')
          .describe('When the daily snapshot of behavioural aggregates is taken (cron syntax, UTC). With several replicas it runs once (a lock in the database).'),
      })
      .strict()
      .prefault({})
      .describe('The daily snapshot job that computes the Rhythm, Recognition, Knowledge and Growth figures.'),
  })
  .strict()
  .prefault({})
  .describe('Insights boards: anonymity threshold, structure limits and the daily snapshot.');

export type InsightsConfig = z.output<typeof insightsConfig>;
