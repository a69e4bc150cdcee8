// The chart's documentation cannot drift from its values: the README's parameter table is generated
// from the `## @param` comments (npm run helm:readme), every key has one, and values.schema.json
// describes every key.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { coverageProblems, readmePath, regenerateReadme, schemaPath, schemaProblems, valuesPath } from './support/readme-params.js';

describe('helm chart documentation', () => {
  const values = fs.readFileSync(valuesPath, 'utf8');

  it('when the README is compared with values.yaml, then its parameter table is what `npm run helm:readme` generates', () => {
    const readme = fs.readFileSync(readmePath, 'utf8');
    assert.equal(readme, regenerateReadme(readme, values), 'helm/opsenic/README.md is stale: run `npm run helm:readme`');
  });

  it('when values.yaml is read, then every key has a ## @param description and every @param names a key', () => {
    assert.deepEqual(coverageProblems(values), []);
  });

  it('when values.schema.json is read, then it describes every key of values.yaml', () => {
    assert.deepEqual(schemaProblems(values, fs.readFileSync(schemaPath, 'utf8')), []);
  });

  it('when a key loses its @param comment, then the coverage check names it', () => {
    const stripped = values.replace(/^\s*## @param image\.tag .*\n/m, '');
    assert.deepEqual(coverageProblems(stripped), ['values.yaml key image.tag has no ## @param comment']);
  });
});

describe('helm chart: upgrade notes', () => {
  it('when the chart version changes, then the README has an "Upgrading" section for it and the CHANGELOG an entry', () => {
    const chartDir = path.dirname(valuesPath);
    const version = /^version: (\S+)$/m.exec(fs.readFileSync(path.join(chartDir, 'Chart.yaml'), 'utf8'))![1]!;
    const readme = fs.readFileSync(readmePath, 'utf8');
    const upgrading = readme.slice(readme.indexOf('## Upgrading'), readme.indexOf('## Parameters'));
    assert.ok(readme.includes('## Upgrading'), 'README has no Upgrading section');
    assert.match(upgrading, new RegExp(`^### To ${version.replace(/\./g, '\\.')}$`, 'm'), `README: no "### To ${version}" under Upgrading`);
    assert.match(fs.readFileSync(path.join(chartDir, 'CHANGELOG.md'), 'utf8'), new RegExp(`^## ${version.replace(/\./g, '\\.')}$`, 'm'), `CHANGELOG.md: no "## ${version}"`);
  });
});
