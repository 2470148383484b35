/**
 * The annexes' tables of communes: Annexe I whole, Annexes II and III by group of countries,
 * split where the annex probe found a page starts.
 */
import type { Alignment, Content, ContentTable, ContentText, TableCell } from 'pdfmake/interfaces.js';
import type { AnnexGroup, Commune } from '../input/model.js';
import type { ComposedPart } from '../prose/composed-report.js';
import { formatNumber } from '../prose/french.js';
import { typeset } from '../prose/typography.js';
import { headingNode } from './document-blocks.js';
import { CELL_PADDING, tableLayout } from './document-styles.js';
import { inlineNodes } from './inline-nodes.js';
import type { LayoutContext } from './layout-context.js';

const TELEPHONE = '\u260E';

/**
 * French alphabetical order, as `localeCompare(b, 'fr')` gives it, without a collator made per
 * comparison. Made on first use: an Intl object cannot be in the start-up snapshot.
 */
let frenchOrder: Intl.Collator | undefined;

/** The id of a row's first cell in a group table of the annex probe. */
export const annexRowId = (group: string, row: number) => `annex-probe-${group}-${row}`;

export const isGroupedAnnex = (part: ComposedPart) => part.kind === 'annex' && part.annex !== 'I';

function telephoneMark(commune: Commune): ContentText[] {
  // A no-break space: the mark never starts a line alone.
  return commune.telephoneSurvey ? [{ text: `\u00A0${TELEPHONE}`, font: 'Symbols', style: 'telephone' }] : [];
}

/** "Lerida (Espagne) ; Andore la Vieille (Andorre)", the listed country's partners in bold. */
function agreementsText(commune: Commune, emphasise: (country: string) => boolean): ContentText[] {
  const runs: ContentText[] = [];
  commune.agreements.forEach((agreement, i) => {
    if (i > 0) runs.push({ text: ' ; ' });
    const bold = emphasise(agreement.country) ? { bold: true } : {};
    if (agreement.partner === null) runs.push({ text: 'partenaire non précisé', italics: true, ...bold });
    // "Bad Salzuflen (Allemagne)" is never split: a cell's lines break only between agreements.
    runs.push({ text: typeset(`${agreement.partner ?? ''}\u00A0(${agreement.country})`).replace(/ /g, '\u00A0'), ...bold });
  });
  return mergeRuns(runs);
}

/**
 * Adjacent runs with the same style become one: pdfmake resolves every style property of every
 * run through its style stack, the larger part of laying out the annexes.
 */
function mergeRuns(runs: ContentText[]): ContentText[] {
  const merged: ContentText[] = [];
  const styleOf = (run: ContentText) => JSON.stringify({ ...run, text: undefined });
  for (const run of runs) {
    const last = merged[merged.length - 1];
    if (last && styleOf(last) === styleOf(run)) last.text = `${String(last.text)}${String(run.text)}`;
    else merged.push({ ...run });
  }
  return merged;
}

export function layoutAnnex(part: Extract<ComposedPart, { kind: 'annex' }>, context: LayoutContext): Content[] {
  const { report, theme } = context;
  frenchOrder ??= new Intl.Collator('fr');
  const byName = frenchOrder;
  const communes = [...report.register.communes].sort((a, b) => a.postalCode.localeCompare(b.postalCode) || byName.compare(a.name, b.name));
  const heading = headingNode(1, part.heading, part.headingText, `annexe-${part.annex}`, context);
  // The legend sits under the heading: at the end it could be left alone on a page.
  const nodes: Content[] = [heading, { text: inlineNodes(part.legend, context), style: 'legend' }];
  // A fresh row per table: pdfmake writes its measurements into the nodes it lays out.
  const alignments: Alignment[] = part.annex === 'I' ? ['left', 'center', 'right', 'left'] : ['left', 'center', 'left'];
  const headerRow = () => part.columns.map((column, i): TableCell => ({ text: column, style: 'annexHead', alignment: alignments[i] ?? 'left' }));
  if (part.annex === 'I') {
    const body: TableCell[][] = [
      headerRow(),
      ...communes.map((c): TableCell[] => [
        { text: [{ text: typeset(c.name) }, ...telephoneMark(c)], style: 'annexCell', bold: true },
        { text: c.postalCode, style: 'annexCell', alignment: 'center' },
        { text: inlineNodes([{ text: c.population === null ? '—' : formatNumber(c.population) }], context), style: 'annexCell', alignment: 'right' },
        { text: agreementsText(c, () => false), style: 'annexCell' },
      ]),
    ];
    // The header row goes to a new page with the first commune under it, never alone.
    nodes.push({ table: { headerRows: 1, keepWithHeaderRows: 1, dontBreakRows: true, widths: [122, 40, 56, '*'], body }, layout: tableLayout(theme) });
  } else {
    const countryByName = new Map(report.countries.map((c) => [c.name, c]));
    const groups = report.annexGroups.filter((g) => g.annex === part.annex);
    let lastHeading: string | undefined;
    let first = true;
    // In an annex divided into zones, a group outside any zone ("Coopérations avec l’Afrique")
    // stands at the level of a zone: its title is not read as one of the zone above.
    const zoned = groups.some((g) => g.heading);
    for (const group of groups) {
      const titleStyle = zoned && !group.heading ? 'annexZone' : 'annexGroup';
      const inGroup = (country: string) => countryByName.get(country)?.annexGroup === group.id;
      const members = communes.filter((c) => c.agreements.some((a) => inGroup(a.country)));
      if (members.length === 0) continue;
      const breakBefore = context.followPageMap && !first && part.newPageBefore.includes(group.id);
      first = false;
      // A zone is printed above the first group of its run that has rows (groups of a run repeat it).
      const zone = group.heading && group.heading !== lastHeading ? [{ text: typeset(group.heading), style: 'annexZone' }] : [];
      lastHeading = group.heading;
      const rows = members.map((c, index): TableCell[] => [
        { text: [{ text: typeset(c.name) }, ...telephoneMark(c)], style: 'annexCell', bold: true, ...(context.annexProbe ? { id: annexRowId(group.id, index) } : {}) },
        { text: c.postalCode, style: 'annexCell', alignment: 'center' },
        { text: agreementsText(c, inGroup), style: 'annexCell' },
      ]);
      // The zone and the group's title are the table's first row, a header row: with the column
      // header and the first commune they make one block that pdfmake never breaks, so no title
      // is left at the foot of a page. Where the table breaks (learnt by the probe, in which the
      // title, marked "(suite)", is repeated as high as a continued title is), it continues on the
      // next page under its title marked "(suite)". No space under a piece the table continues
      // after: at the foot of a full page it would push a blank page.
      const table = (titles: Content[], slice: TableCell[][], continues: boolean): ContentTable => ({
        table: {
          headerRows: 2,
          keepWithHeaderRows: 1,
          dontBreakRows: true,
          widths: [140, 44, '*'],
          body: [[{ stack: titles, colSpan: 3, margin: [-CELL_PADDING, 0, -CELL_PADDING, 0] }, {}, {}], headerRow(), ...slice],
        },
        layout: tableLayout(theme, { titleRows: 1 }),
        margin: [0, 0, 0, continues ? 0 : 6],
      });
      const continued: ContentText = { text: continuedTitle(group), style: titleStyle };
      const starts = [0, ...(context.annexBreaks?.[group.id] ?? []).filter((row) => row > 0 && row < rows.length), rows.length];
      nodes.push({
        ...table([...zone, context.annexProbe ? continued : { ...groupTitle(group, context), style: titleStyle }], rows.slice(0, starts[1]), starts.length > 2),
        ...(breakBefore ? { pageBreak: 'before' as const } : {}),
      });
      for (let i = 1; i + 1 < starts.length; i++) nodes.push({ ...table([{ ...continued }], rows.slice(starts[i], starts[i + 1]), i + 2 < starts.length), pageBreak: 'before' });
    }
  }
  return nodes;
}

function groupTitle(group: AnnexGroup, context: LayoutContext): ContentText {
  const id = `annexe-group-${group.id}`;
  return { text: typeset(group.title), style: 'annexGroup', id, outline: true, outlineText: typeset(group.title), outlineParentId: context.outlineParents[0] };
}

/** "Coopérations avec l’Espagne (suite)": the title of a group's table continued on a new page. */
const continuedTitle = (group: AnnexGroup) => `${typeset(group.title)}\u00A0(suite)`;
