// The shell's client bundles (app.js from web/client/, app.css from web/static/app.css and the design
// system it imports), built by esbuild in memory on first use and served with a content hash in the
// URL. Why in memory: the container image's file system is read-only at run time, and a build step
// that writes files could drift from the sources; one bundle of each takes ~30 ms once per process.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import type { NextFunction, Request, Response } from 'express';

const webDir = path.dirname(fileURLToPath(import.meta.url));

export interface ClientAsset {
  /** The URL path, with the content hash as a query so a new build is fetched at once. */
  url: string;
  contentType: string;
  body: Buffer;
  /** The gzipped size in bytes (the budget test reads it). */
  gzipBytes: number;
}

/** A TypeScript source here, or its compiled .js copy when the server runs from the compiled tree. */
function entry(relative: string): string {
  const ts = path.join(webDir, relative);
  if (fs.existsSync(ts)) return ts;
  return ts.replace(/\.ts$/, '.js');
}

function bundle(name: string, file: string, contentType: string, loader: 'ts' | 'css'): ClientAsset {
  const result = buildSync({
    entryPoints: [file],
    bundle: true,
    minify: true,
    write: false,
    format: loader === 'css' ? undefined : 'iife',
    target: loader === 'css' ? ['chrome100', 'firefox100', 'safari15'] : 'es2020',
    logLevel: 'silent',
    // Icons and fonts stay separate files under /static (the CSS refers to them by URL).
    external: ['/static/*'],
  });
  const body = Buffer.from(result.outputFiles[0]!.contents);
  const hash = crypto.createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { url: `/static/${name}?v=${hash}`, contentType, body, gzipBytes: zlib.gzipSync(body, { level: 9 }).length };
}

let built: Map<string, ClientAsset> | undefined;

/** Every bundle by file name (app.js, app.css); built once per process. */
export function clientAssets(): Map<string, ClientAsset> {
  if (!built) {
    built = new Map([
      ['app.js', bundle('app.js', entry('client/app.ts'), 'text/javascript; charset=utf-8', 'ts')],
      ['app.css', bundle('app.css', path.join(webDir, 'static/app.css'), 'text/css; charset=utf-8', 'css')],
    ]);
  }
  return built;
}

export function assetUrl(name: 'app.js' | 'app.css'): string {
  return clientAssets().get(name)!.url;
}

/**
 * Serves the bundles at /static/app.js and /static/app.css. With the current hash in `v` the answer
 * is cached for a year (a new build has a new URL); without it, for an hour like other static files.
 */
export function serveClientAsset(req: Request, res: Response, next: NextFunction): void {
  const asset = clientAssets().get(req.path.slice('/static/'.length));
  if (!asset) return next();
  const current = asset.url.endsWith(`?v=${String(req.query.v ?? '')}`);
  res.setHeader('Cache-Control', current ? 'public, max-age=31536000, immutable' : 'public, max-age=3600');
  // Like every other static file, a validator: the bundle's hash (res.send answers 304 when it matches).
  res.setHeader('ETag', `"${asset.url.slice(asset.url.indexOf('?v=') + 3)}"`);
  res.type(asset.contentType).send(asset.body);
}
