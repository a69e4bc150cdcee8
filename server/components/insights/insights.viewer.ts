// The viewer of a request: the policy's actor plus the reader's language (Board texts are translated).
import type { Request } from 'express';
import { actorOf } from '../policy/actor.js';
import type { InsightsViewer } from './insights.service.js';

/** Only after requireUser. */
export function viewerOf(req: Request): InsightsViewer {
  return { ...actorOf(req), language: req.lang };
}
