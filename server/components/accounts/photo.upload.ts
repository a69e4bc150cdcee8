// The multipart parser of the photo upload form (multer, in memory, 5 MB at most). It runs in the
// request pipeline before the CSRF check (server/app.ts), because the form's CSRF token travels in
// the multipart body; and only for a signed-in person posting to the upload path, so nobody else
// can make the server buffer an upload. multer is loaded with the first upload: every replica would
// otherwise hold it (and busboy) in memory for a form few people post.
import type { NextFunction, Request, Response } from 'express';
import type { Multer } from 'multer';
import { AppError, ValidationError } from '../../platform/errors.js';
import { PHOTO_MAX_BYTES } from './photo.image.js';

export const PHOTO_UPLOAD_PATH = '/profile/photo';

let parser: Promise<{ parse: ReturnType<Multer['single']>; MulterError: typeof import('multer').MulterError }> | undefined;
const loadParser = () =>
  (parser ??= import('multer').then(({ default: multer }) => ({
    parse: multer({ storage: multer.memoryStorage(), limits: { fileSize: PHOTO_MAX_BYTES, files: 1, fields: 4, parts: 5, fieldSize: 1024 } }).single('photo'),
    MulterError: multer.MulterError,
  })));

const failures = new WeakMap<Request, AppError>();

export function photoUploadParser(req: Request, res: Response, next: NextFunction): void {
  if (req.method !== 'POST' || req.path !== PHOTO_UPLOAD_PATH || !req.user || !req.is('multipart/form-data')) return next();
  loadParser().then(
    ({ parse, MulterError }) =>
      parse(req, res, (error: unknown) => {
        // Kept for the route, which answers after the CSRF check with the form and the reason.
        if (error) failures.set(req, uploadFailure(error, MulterError));
        next();
      }),
    next,
  );
}

function uploadFailure(error: unknown, MulterError: typeof import('multer').MulterError): AppError {
  const code = error instanceof MulterError ? error.code : undefined;
  if (code === 'LIMIT_FILE_SIZE') return new AppError(413, 'payload_too_large', 'errors.validation', { photo: 'profile.photo.errors.tooLarge' });
  if (code === 'LIMIT_FILE_COUNT' || code === 'LIMIT_UNEXPECTED_FILE' || code === 'LIMIT_PART_COUNT' || code === 'LIMIT_FIELD_COUNT') return new ValidationError({ photo: 'profile.photo.errors.tooMany' });
  return new ValidationError({ photo: 'profile.photo.errors.unreadable' });
}

/** The uploaded file's bytes; the parser's refusal, or a missing file, as the error the form shows. */
export function uploadedPhoto(req: Request): Buffer {
  const failure = failures.get(req);
  if (failure) throw failure;
  const file = (req as Request & { file?: { buffer: Buffer } }).file;
  if (!file) throw new ValidationError({ photo: 'profile.photo.errors.missing' });
  return file.buffer;
}
