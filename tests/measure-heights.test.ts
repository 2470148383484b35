/**
 * print-pdf.ts's measuring session: heights measured together in one layout (measureHeights, one
 * content a page) are the very figures each content gives laid out alone in a layout of its own.
 */
import type { Content } from 'pdfmake/interfaces.js';
import { describe, expect, it } from 'vitest';
import { loadTheme, textWidth } from '../src/input/theme.js';
import { createFileWorld } from '../src/input/world.js';
import { documentStyles } from '../src/layout/document-styles.js';
import { createLayoutSession } from '../src/layout/print-pdf.js';
import { Diagnostics } from '../src/shared/diagnostics.js';
import { PROJECT_ROOT } from './helpers/project.js';

const theme = loadTheme(createFileWorld(PROJECT_ROOT), new Diagnostics())!;
const { styles, defaultStyle } = documentStyles(theme);
const width = textWidth(theme);

/** Fresh nodes each time: pdfmake writes its measurements into the nodes it lays out. */
const contents = (): Content[][] => [
  [{ text: 'Une note courte.', style: 'footnote' }],
  [{ text: 'Coopé\u00ADration dé\u00ADcen\u00ADtra\u00ADli\u00ADsée '.repeat(40), style: 'body', margin: [0, 7, 0, 11] }],
  [{ ul: ['un', 'deux', { text: 'trois mots '.repeat(30) }], margin: [0, 3, 0, 5] }],
  [
    {
      table: {
        widths: [100, '*'],
        body: [
          ['a', 'b '.repeat(90)],
          ['c', 'd'],
        ],
      },
      margin: [0, 0, 0, 6],
    },
  ],
  [
    { text: 'Titre', style: 'h1' },
    { text: 'Deux blocs.', margin: [0, 20, 0, 0] },
  ],
];

/** The height of one content laid out alone, as the session measured it before measureHeights existed. */
function alone(content: Content[]): number {
  const probe = createLayoutSession(theme).layout({ pageSize: { width, height: 14400 }, pageMargins: 0, content: [...content, { text: '.', id: '__end__' }], styles, defaultStyle });
  return probe.nodeTops.__end__!;
}

describe('heights measured together', () => {
  it('are those of each content laid out alone, to the last bit', () => {
    const together = createLayoutSession(theme).measureHeights(contents(), width, styles, defaultStyle);
    const separately = contents().map(alone);
    expect(separately.every((height) => height > 0)).toBe(true);
    expect(together).toEqual(separately);
  });

  it('measure nothing for no content, and one content as measureHeight does', () => {
    const session = createLayoutSession(theme);
    expect(session.measureHeights([], width, styles, defaultStyle)).toEqual([]);
    expect(session.measureHeight(contents()[1]!, width, styles, defaultStyle)).toBe(alone(contents()[1]!));
  });
});
