/**
 * The annexes' tables of communes: Annexe I whole, Annexes II and III by group of countries,
 * each group's table continued on the next pages under its title marked "(suite)".
 */
import type { Alignment, Content, ContentText, TableCell } from 'pdfmake/interfaces.js';
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
      const rows = members.map((c): TableCell[] => [
        { text: [{ text: typeset(c.name) }, ...telephoneMark(c)], style: 'annexCell', bold: true },
        { text: c.postalCode, style: 'annexCell', alignment: 'center' },
        { text: agreementsText(c, inGroup), style: 'annexCell' },
      ]);
      // The zone, the group's title and the column header are the table's header rows: with the
      // first commune they make one block that pdfmake never breaks, so no title is left at the
      // foot of a page. Where the table breaks, the page ends with the table's closing rule and the
      // next one starts with the title and the column header again (the patched pdfmake's
      // `repeatHeaderFrom`: not the zone), the title marked "(suite)" there only (`onlyWhenRepeated`:
      // its first printing keeps the room of the mark, so both are as high).
      const titleRow = (content: Content): TableCell[] => [{ stack: [content], colSpan: 3, margin: [-CELL_PADDING, 0, -CELL_PADDING, 0] }, {}, {}];
      const titleRows = [...zone.map(titleRow), titleRow(groupTitle(group, titleStyle, context))];
      nodes.push({
        table: {
          headerRows: titleRows.length + 1,
          repeatHeaderFrom: titleRows.length - 1,
          keepWithHeaderRows: 1,
          dontBreakRows: true,
          widths: [140, 44, '*'],
          body: [...titleRows, headerRow(), ...rows],
        },
        layout: tableLayout(theme, { titleRows: titleRows.length }),
        margin: [0, 0, 0, 6],
        ...(breakBefore ? { pageBreak: 'before' as const } : {}),
      });
    }
  }
  return nodes;
}

/** A group's title, in the outline; "(suite)" after it where its table continues on a new page. */
function groupTitle(group: AnnexGroup, style: string, context: LayoutContext): ContentText {
  const title = typeset(group.title);
  return {
    text: [{ text: title }, { text: '\u00A0(suite)', onlyWhenRepeated: true }],
    style,
    id: `annexe-group-${group.id}`,
    outline: true,
    outlineText: title,
    outlineParentId: context.outlineParents[0],
  };
}
