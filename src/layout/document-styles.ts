/**
 * The document's named styles, page margins, the tables' layout and the footnotes' rule and gap:
 * the dimensions the layout modules share, derived from the theme.
 */
import type { CustomTableLayout, Margins, Style, StyleDictionary } from 'pdfmake/interfaces.js';

import { colourOf, type Theme } from '../input/theme.js';

/** Space (pt) taken by the short rule above the footnotes. */
export const FOOTNOTE_RULE = 3;
/** Space (pt) between the body and the footnotes, and under them. */
export const FOOTNOTE_GAP = 16;

/** The page's margins: the same on every page, the notes' room is taken from the text block. */
export function margins(theme: Theme): Margins {
  return [...theme.page.margins];
}

/**
 * The least lines of a paragraph left at the foot of a page (orphans) and carried to the top of
 * the next (widows): the patched pdfmake moves a line more, or the whole paragraph, rather than
 * leave one alone.
 */
const KEEP_LINES = { orphans: 2, widows: 2 };

/**
 * How much a space of the justified prose may shrink, as a share of its width (patched pdfmake:
 * a word still goes on a line when its spaces, shrunk by at most this much, make it fit). The
 * smallest whole percentage that brings every edition's median space to 3.2 pt or less
 * (tests/word-spacing.test.ts): measured 3.15–3.17 pt at 7 %, 3.16–3.21 pt at 6 %.
 */
const WORD_SPACING_SHRINK = 0.07;

/** The document's default style and named styles. */
export function documentStyles(theme: Theme): { defaultStyle: Style; styles: StyleDictionary } {
  return { defaultStyle: { font: 'Body', fontSize: theme.sizes.body, lineHeight: theme.sizes.lineHeight, color: theme.colors.text }, styles: styles(theme) };
}

function styles(theme: Theme): StyleDictionary {
  const { colors, sizes } = theme;
  return {
    heading: { fontSize: sizes.heading, bold: true, color: colors.accent, margin: [0, 0, 0, 12], lineHeight: 1.1 },
    subheading: { fontSize: sizes.subheading, bold: true, color: colors.accent, margin: [0, 10, 0, 7], lineHeight: 1.1 },
    minorheading: { fontSize: sizes.minorheading, bold: true, italics: true, color: colors.accent, margin: [0, 8, 0, 5] },
    paragraph: { alignment: 'justify', wordSpacingShrink: WORD_SPACING_SHRINK, margin: [0, 0, 0, 7], ...KEEP_LINES },
    quote: { alignment: 'justify', wordSpacingShrink: WORD_SPACING_SHRINK, italics: true, margin: [28, 2, 28, 9], color: colors.text, ...KEEP_LINES },
    callout: { alignment: 'center', bold: true, fontSize: sizes.body + 1, color: colors.accent, margin: [0, 4, 0, 10] },
    // Ragged right: a short justified line around a long name opens wide gaps.
    list: { alignment: 'left', margin: [12, 0, 0, 8], ...KEEP_LINES },
    footnote: { fontSize: sizes.footnote, lineHeight: 1.15, alignment: 'justify', wordSpacingShrink: WORD_SPACING_SHRINK },
    // The computed tables: one size for header and body (a table too wide for the text block
    // sets both smaller, see layoutTable).
    tableCell: { fontSize: sizes.table, lineHeight: 1.1 },
    tableHead: { fontSize: sizes.table, bold: true, color: colors.accent, lineHeight: 1.1 },
    annexCell: { fontSize: sizes.annex, lineHeight: 1.08 },
    annexHead: { fontSize: sizes.annex, bold: true, color: colors.accent },
    legend: { fontSize: sizes.footnote, italics: true, color: colors.muted, margin: [0, -4, 0, 8] },
    chartCaption: { fontSize: sizes.footnote + 1, italics: true, color: colors.muted, alignment: 'center', margin: [0, 0, 0, 10] },
    link: { color: colors.link, decoration: 'underline', decorationColor: colors.linkUnderline },
    telephone: { color: colors.telephone },
    // Cover, table of contents, annex zones and groups, closing page: templates/theme.yaml.
    ...themeStyles(theme),
    header: { fontSize: sizes.header, italics: true, color: colors.muted, alignment: 'center' },
    footer: { fontSize: sizes.footer, color: colors.muted, alignment: 'center' },
  };
}

/** The styles templates/theme.yaml sets, colours resolved. */
function themeStyles(theme: Theme): StyleDictionary {
  return Object.fromEntries(Object.entries(theme.styles).map(([name, style]) => [name, style.color ? { ...style, color: colourOf(theme, style.color) } : { ...style }]));
}

/** Padding (pt) left and right of a table's cells; a computed table too wide may tighten it to the least. */
export const CELL_PADDING = 4;
export const CELL_PADDING_LEAST = 2;

/**
 * The rules, paddings and header fill of the tables. `titleRows`: rows above the column header
 * that hold a title (the annexes' group tables), set with no rule, fill or padding around them;
 * such a table closes each page it continues after with the rule of its end.
 */
export const tableLayout = (theme: Theme, { padding = CELL_PADDING, titleRows = 0 } = {}): CustomTableLayout => ({
  hLineWidth: (i, node) => (i < titleRows ? 0 : i === titleRows || i === titleRows + 1 || i === node.table.body.length ? 0.9 : 0.4),
  vLineWidth: () => 0,
  hLineColor: () => theme.colors.rule,
  paddingLeft: () => padding,
  paddingRight: () => padding,
  paddingTop: (row) => (row < titleRows ? 0 : 3),
  paddingBottom: (row) => (row < titleRows ? 0 : 3),
  fillColor: (row) => (row === titleRows ? theme.colors.accentLight : null),
  ...(titleRows > 0 ? { hLineWidthAtBreak: () => 0.9 } : {}),
});
