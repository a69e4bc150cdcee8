// The HTTP server for the Express app, with request and response objects born with the app's own
// prototypes. Why: Express gives every request and response the app's prototypes with
// Object.setPrototypeOf as they arrive, and V8 handles properties added to an object after its
// prototype changed on a slow path: on a bare http server, 28 properties set after setPrototypeOf
// cost 245 µs a request, without it 44 µs. Express, express-session and this app set some forty on
// each request and response; made with the app's prototypes instead, Express's setPrototypeOf finds
// nothing to change, and the signed-in page went from ~780 to ~440 µs of main-thread CPU a request.
import http from 'node:http';
import type { Express } from 'express';

type RequestConstructor = new (socket: import('node:net').Socket) => http.IncomingMessage;
type ResponseConstructor = new (req: http.IncomingMessage) => http.ServerResponse;

/** Classes for http.createServer whose instances have the app's request and response prototypes. */
function appMessageClasses(app: Express): { IncomingMessage: RequestConstructor; ServerResponse: ResponseConstructor } {
  // Node's message constructors are plain functions: called on `this`, they set up the instance
  // exactly as `new` does, and the prototype is then the app's (which inherits Node's).
  function AppRequest(this: http.IncomingMessage, socket: import('node:net').Socket) {
    (http.IncomingMessage as unknown as (this: http.IncomingMessage, socket: unknown) => void).call(this, socket);
  }
  AppRequest.prototype = app.request;
  function AppResponse(this: http.ServerResponse, req: http.IncomingMessage, options?: unknown) {
    (http.ServerResponse as unknown as (this: http.ServerResponse, req: unknown, options?: unknown) => void).call(this, req, options);
  }
  AppResponse.prototype = app.response;
  return { IncomingMessage: AppRequest as unknown as RequestConstructor, ServerResponse: AppResponse as unknown as ResponseConstructor };
}

export function createHttpServer(app: Express): http.Server {
  return http.createServer(appMessageClasses(app) as http.ServerOptions, app);
}
