// Unexpected server errors (500s) become crash reports: message, stack, route template, release,
// request id and user; never the request body.
import type { Request } from 'express';
import type { CaptureService } from './capture.service.js';
import { routeTemplate } from './capture.middleware.js';

/** What recording a server error uses of the container. */
export interface ServerErrorDeps {
  services: { capture: CaptureService };
}

export function serverErrorRecorder(c: ServerErrorDeps): (error: unknown, req: Request) => void {
  return (error, req) => {
    c.services.capture.recordServerError(error, {
      route: `${req.method} ${routeTemplate(req)}`,
      requestId: typeof req.id === 'string' ? req.id : null,
      userId: req.user?.id ?? null,
      workspaceId: c.services.capture.workspaceFor(req.user?.workspaceId),
      deviceId: req.deviceId ?? null,
    });
  };
}
