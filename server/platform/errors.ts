// Typed errors: services throw these; the one error handler maps them to a status and a readable
// page or JSON body. Anything else is a bug: logged with its request id, answered with a bare 500.

// Messages are catalogue keys (server/locales), translated at the edge into the reader's language.
export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly fields?: FieldErrors,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 400: the input is malformed; `fields` names each bad field and why. */
export class ValidationError extends AppError {
  constructor(fields: FieldErrors, message = 'errors.validation') {
    super(400, 'validation_failed', message, fields);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'errors.unauthenticated') {
    super(401, 'unauthenticated', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'errors.forbidden') {
    super(403, 'forbidden', message);
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'errors.notFound') {
    super(404, 'not_found', message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, fields?: FieldErrors) {
    super(409, 'conflict', message, fields);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(
    message: string,
    public readonly retryAfterSeconds: number,
  ) {
    super(429, 'too_many_requests', message);
  }
}
