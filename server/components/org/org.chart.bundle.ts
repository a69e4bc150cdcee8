// The org chart's client script, bundled with esbuild from client/ (plain JavaScript modules, copied
// as they are into the compiled copy of the server) together with d3-hierarchy, d3-zoom and jsPDF.
// Built in memory on first use and kept for the life of the process: nothing is written to disk (the
// container image's file system is read-only) and no built file can drift from its sources. The PDF
// code is a separate chunk loaded only when someone exports a PDF.
import crypto from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

const clientDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'client');
let built: Promise<Map<string, Asset>> | undefined;

async function build(): Promise<Map<string, Asset>> {
  const { build: esbuild } = await import('esbuild');
  const result = await esbuild({
    absWorkingDir: clientDir,
    entryPoints: { chart: path.join(clientDir, 'chart.js') },
    bundle: true,
    splitting: true,
    format: 'esm',
    target: 'es2020',
    minify: true,
    write: false,
    outdir: '/assets',
    chunkNames: 'chunk-[hash]',
    // jsPDF's optional helpers (HTML rendering, SVG via canvg, sanitising) are never used here.
    external: ['html2canvas', 'canvg', 'dompurify', 'core-js'],
    legalComments: 'eof',
    logLevel: 'silent',
  });
  const assets = new Map<string, Asset>();
  for (const file of result.outputFiles) {
    const body = Buffer.from(file.contents);
    assets.set(path.basename(file.path), { body, type: 'application/javascript', etag: `"${crypto.createHash('sha256').update(body).digest('hex').slice(0, 16)}"` });
  }
  return assets;
}

/** One built file by name (chart.js or a chunk), or undefined. A failed build is retried on the next request. */
export async function chartAsset(name: string): Promise<Asset | undefined> {
  built ??= build().catch((error) => {
    built = undefined;
    throw error;
  });
  return (await built).get(name);
}
