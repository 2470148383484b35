/**
 * Reference pictures: selected pages of the default edition, rendered by poppler, compared with
 * tests/references/page-NN.png within a tolerance (tests/helpers/pictures.ts). A failing page
 * leaves out/test-artifacts/page-NN.actual.png and page-NN.diff.png. This test never writes a
 * reference: `npm run test:update-references` (scripts/update-references.mjs) does, by hand.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearArtifacts, comparePictures, MAX_DIFFERENT, pageName, percent, referencePath, renderPage, SETTINGS, saveArtifacts } from './helpers/pictures.js';
import { copyProject, removeDir, runCli } from './helpers/project.js';

const project = copyProject();
const pdfPath = join(project, 'out', 'pictures.pdf');
let build: Awaited<ReturnType<typeof runCli>>;

beforeAll(async () => {
  build = await runCli(['build', '--data', SETTINGS.edition, '--out', 'out/pictures.pdf'], project, { SOURCE_DATE_EPOCH: String(SETTINGS.sourceDateEpoch) });
});
afterAll(() => removeDir(project));

describe('the default edition looks like its reference pictures', () => {
  it('builds', () => {
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
  });

  it.each(SETTINGS.pages)('page $page ($shows)', ({ page }) => {
    expect(build.code, 'the build failed').toBe(0);
    const reference = referencePath(page);
    expect(existsSync(reference), `${reference} is missing: run npm run test:update-references and look at it`).toBe(true);
    const actual = renderPage(pdfPath, page, project);
    const result = comparePictures(actual, readFileSync(reference));
    if (!result.sizeMismatch && result.ratio <= MAX_DIFFERENT) {
      clearArtifacts(page);
      return;
    }
    const written = saveArtifacts(page, actual, result.diff);
    const what = result.sizeMismatch ?? `${percent(result.ratio)} of pixels differ (${result.different} of ${result.width * result.height}), at most ${percent(MAX_DIFFERENT)} allowed`;
    expect.fail(`${pageName(page)}: ${what}; see ${written.join(', ')}. If the change is intended, run npm run test:update-references and look at the new picture.`);
  });
});
