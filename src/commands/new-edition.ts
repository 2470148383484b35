/**
 * `coopdec-report new`: scaffolds the folder of a new edition (another year of a region, or a new
 * region) from an existing one. Pure: the CLI reads the source folder and writes the result.
 *
 * What is copied: edition.yaml (year, survey months, territory updated) and, for another year of
 * the same region, register.yaml (the author edits it). What is not: published.yaml (the figures
 * of a printed study), the edition's own content/ (prose written for that year) and anything else
 * of the folder; each such file gets a line saying why, so the author can review it.
 */
import { posix } from 'node:path';
import { type Document, isMap, isPair, isScalar, type Node, type Pair, parseDocument, visit, type YAMLMap } from 'yaml';
import { type CatalogueLine, catalogueLine } from '../shared/messages.js';

interface NewEditionRequest {
  /** Source edition folder, project-relative: "data/midi-pyrenees/2002". */
  from: string;
  /** Text of the source's edition.yaml. */
  editionYaml: string;
  /** Text of the source's register.yaml (copied for another year of the same region). */
  registerYaml: string | undefined;
  /** Every other file of the source folder, project-relative, sorted. */
  otherFiles: string[];
  /** "2003" (checked here: four digits). */
  year: string;
  /** A new region: its slug ("bretagne") and name ("Bretagne"). */
  region?: { slug: string; name: string };
}

interface NewEdition {
  /** "data/midi-pyrenees/2003" */
  dir: string;
  /** Files to write, project-relative path → text. */
  files: Record<string, string>;
  /** One line per source file not copied, saying why. */
  notCopied: CatalogueLine[];
  /** What the author must replace before the edition is right. */
  warnings: CatalogueLine[];
}

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Why the request cannot be served (a usage problem), or undefined. */
export function newEditionProblem(request: Pick<NewEditionRequest, 'year' | 'region'>): CatalogueLine | undefined {
  if (!/^\d{4}$/.test(request.year)) return catalogueLine('usage/year-format', { year: request.year });
  const year = Number(request.year);
  if (year < 1900 || year > 2999) return catalogueLine('usage/year-range', { year });
  if (request.region) {
    if (!SLUG.test(request.region.slug)) return catalogueLine('usage/region-slug', { slug: request.region.slug });
    if (request.region.name.trim() === '') return catalogueLine('usage/region-name-empty', {});
  }
  return undefined;
}

/** The new edition's folder and files, or why the source's edition.yaml cannot be used (a usage problem). */
export function scaffoldEdition(request: NewEditionRequest): NewEdition | { problem: CatalogueLine } {
  const doc = parseDocument(request.editionYaml);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return { problem: catalogueLine('usage/edition-yaml-invalid', { from: request.from }) };
  const map = doc.contents as YAMLMap;
  const sourceYear = Number(doc.get('year'));
  if (!Number.isInteger(sourceYear)) return { problem: catalogueLine('usage/edition-yaml-no-year', { from: request.from }) };
  const sourceRegionName = String(doc.get('regionName') ?? '');
  const year = Number(request.year);
  const region = request.region;
  const dir = region ? `data/${region.slug}/${request.year}` : posix.join(posix.dirname(request.from), request.year);
  const warnings: CatalogueLine[] = [];
  const mentionsOld = (text: string | null | undefined) => !!text && (new RegExp(`\\b${sourceYear}\\b`).test(text) || (!!region && !!sourceRegionName && text.includes(sourceRegionName)));

  // Comments about the source's study (its year, its region) do not hold for the new edition.
  visit(doc, {
    Node(_, node) {
      if (mentionsOld(node.commentBefore)) node.commentBefore = null;
      if (mentionsOld(node.comment)) node.comment = null;
    },
  });
  if (mentionsOld(doc.commentBefore)) doc.commentBefore = null;
  if (mentionsOld(doc.comment)) doc.comment = null;

  const renamed = (text: string) => {
    let result = text.replace(new RegExp(`\\b${sourceYear}\\b`, 'g'), request.year);
    if (region) {
      const sourcePhrase = String(doc.get('regionPhrase') ?? '');
      if (sourcePhrase && result.includes(sourcePhrase)) result = result.split(sourcePhrase).join(regionPhrase(region.name));
      if (sourceRegionName) result = result.split(sourceRegionName).join(region.name);
    }
    return result;
  };
  for (const key of ['title', 'subject']) {
    const value = doc.get(key);
    if (typeof value === 'string') doc.set(key, renamed(value));
  }
  const keywords = doc.get('keywords', true);
  if (keywords && typeof keywords === 'object' && 'items' in keywords) {
    for (const item of (keywords as { items: unknown[] }).items) if (isScalar(item) && typeof item.value === 'string') item.value = renamed(item.value);
  }

  doc.set('year', year);
  // pageMap: true says the edition reproduces a printed study page for page; a new one does not.
  doc.delete('pageMap');

  const telephone = doc.getIn(['survey', 'telephone'], true);
  if (isMap(telephone)) {
    for (const end of ['from', 'to']) {
      const month = telephone.get(end);
      if (typeof month === 'string' && /^\d{4}-\d{2}$/.test(month)) telephone.set(end, `${Number(month.slice(0, 4)) + year - sourceYear}-${month.slice(5)}`);
    }
    pairOf(doc, ['survey', 'telephone'])!.key.commentBefore = ` The months of the ${sourceYear} survey, moved to ${request.year}: check them against the ${request.year} survey.`;
  }
  for (const key of ['directory', 'email', 'other']) {
    const value = doc.getIn(['survey', key]);
    if (typeof value === 'string' && new RegExp(`\\b${sourceYear}\\b`).test(value)) {
      const node = doc.getIn(['survey', key], true) as Node;
      node.comment = ` names ${sourceYear}: check it for ${request.year}`;
    }
  }

  const files: Record<string, string> = {};
  if (region) {
    const sourceRegion = sourceRegionName || String(doc.get('region'));
    doc.set('region', region.slug);
    doc.set('regionName', region.name);
    doc.set('regionPhrase', regionPhrase(region.name));
    doc.set('regionIn', `en ${region.name}`);
    pairOf(doc, [
      'region',
    ])!.key.commentBefore = ` The ${request.year} edition of ${region.name}, made by "coopdec-report new" from ${request.from}: check every value.\n regionPhrase and regionIn are how the prose names the region ("de la Bretagne", "dans le Limousin"?): check them.`;
    // The survey's other sources describe the source region: left as comments, the author writes this region's.
    const survey = doc.get('survey', true);
    if (isMap(survey)) {
      for (const key of ['email', 'other']) {
        const value = survey.get(key);
        if (typeof value !== 'string') continue;
        survey.delete(key);
        survey.comment = [survey.comment, ` ${key}: ${JSON.stringify(value)}   <- ${sourceRegion}'s: describe ${region.name}'s`].filter(Boolean).join('\n');
      }
    }
    const count = pairOf(doc, ['survey', 'communesOverThreshold']);
    if (count) count.key.commentBefore = ` The communes of ${region.name} over the threshold: count them in its census.`;
    const borders = doc.get('borders');
    if (borders !== undefined) {
      doc.delete('borders');
      warnings.push(catalogueLine('new/borders-dropped', { file: `${dir}/edition.yaml`, sourceRegion, region: region.name }));
    }
    // The census: a placeholder pointing at the source's file, to be replaced by the region's.
    const census = doc.get('census');
    if (typeof census === 'string') {
      const sourceCensus = posix.normalize(posix.join(request.from, census));
      doc.set('census', posix.relative(dir, sourceCensus));
      pairOf(doc, [
        'census',
      ])!.key.commentBefore = ` A placeholder: the census of ${sourceRegion}. Put ${region.name}'s census (insee,name,department,population) in data/${region.slug}/ and name it here.`;
      warnings.push(catalogueLine('new/census-placeholder', { file: `${dir}/edition.yaml`, census: sourceCensus, sourceRegion, region: region.name }));
    }
    const departments = pairOf(doc, ['departments']);
    if (departments) {
      departments.key.commentBefore = ` TEMPLATE: the departments of ${sourceRegion}, copied because an edition needs at least one.\n Replace them with ${region.name}'s: code, name, phrase ("de la Haute-Garonne"), inPhrase ("en Haute-Garonne").`;
      const departmentCount = (doc.get('departments', true) as { items: unknown[] }).items.length;
      warnings.push(catalogueLine('new/template-departments', { file: `${dir}/edition.yaml`, sourceRegion, count: departmentCount, region: region.name }));
    }
    files[`${dir}/register.yaml`] = [`# Register of ${region.name}, ${request.year}: every commune with an agreement (format: data/README.md).`, 'communes: []', ''].join('\n');
    warnings.push(catalogueLine('new/empty-register', { file: `${dir}/register.yaml`, region: region.name }));
  } else if (request.registerYaml !== undefined) {
    files[`${dir}/register.yaml`] = request.registerYaml;
  }
  if (doc.commentBefore === null || doc.commentBefore === undefined) {
    const first = map.items[0];
    if (isPair(first) && isScalar(first.key) && !first.key.commentBefore && !region)
      first.key.commentBefore = ` The ${request.year} edition, made by "coopdec-report new" from ${request.from}: check every value.`;
  }
  files[`${dir}/edition.yaml`] = doc.toString({ lineWidth: 0, flowCollectionPadding: false });

  const notCopied = request.otherFiles.map((path) => whyNotCopied(path, request.from, sourceYear, request.year, dir));
  if (region && request.registerYaml !== undefined)
    notCopied.unshift(catalogueLine('new/register-not-copied', { path: `${request.from}/register.yaml`, sourceRegion: sourceRegionName, region: region.name }));
  return { dir, files, notCopied, warnings };
}

/** "de Bretagne", "d'Auvergne". */
function regionPhrase(name: string): string {
  return /^[aeiouyàâéèêîôûAEIOUYÀÂÉÈÊÎÔÛ]/.test(name) ? `d'${name}` : `de ${name}`;
}

/** The line saying why a file of the source edition is not copied. */
function whyNotCopied(path: string, from: string, sourceYear: number, year: string, dir: string): CatalogueLine {
  const inside = path.slice(from.length + 1);
  if (inside === 'published.yaml') return catalogueLine('new/published-not-copied', { path, sourceYear, year });
  if (inside.startsWith('content/')) return catalogueLine('new/content-not-copied', { path, sourceYear, target: `${dir}/${inside}` });
  return catalogueLine('new/file-not-copied', { path, sourceYear, dir });
}

/** The pair at `path` (its key holds the comments written above it). */
function pairOf(doc: Document, path: string[]): Pair<Node, Node> | undefined {
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  return parent.items.find((pair) => isScalar(pair.key) && pair.key.value === path.at(-1)) as Pair<Node, Node> | undefined;
}
