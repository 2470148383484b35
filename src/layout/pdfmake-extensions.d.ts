/**
 * What the document definition may hold beyond @types/pdfmake's description of pdfmake 0.3.
 */
import 'pdfmake/interfaces.js';

declare module 'pdfmake/interfaces.js' {
  // Added by patches/pdfmake+0.3.11.patch: read by the patched pdfmake only (an unpatched one,
  // which print-pdf.ts refuses, would ignore them).
  interface Style {
    /** The least lines of a text left at the foot of a page (TextInlines, LayoutBuilder.linesOnPage). */
    orphans?: number | undefined;
    /** The least lines of a text carried to the top of the next page. */
    widows?: number | undefined;
    /** How much a breaking space of a justified line may shrink, as a share of its width (0 to 1). */
    wordSpacingShrink?: number | undefined;
  }
  interface ContentText {
    /** The id of the note a footnote call calls (LayoutBuilder.footnoteReserve). */
    footnoteCall?: string | undefined;
    /** Height (pt) of the called note: reserved at the foot of the page the call's line is set on. */
    footnoteReserve?: number | undefined;
    /** The rule and gap above a page's notes (pt), reserved once per page that has notes. */
    footnoteBand?: number | undefined;
  }
  interface ContentText {
    /** Printed only in a table header's repetitions on the pages the table continues on ("(suite)"); its first printing keeps its room. */
    onlyWhenRepeated?: boolean | undefined;
  }
  interface Table {
    /** The header rows from this one on are repeated where the table continues; those above (a title) are printed once. */
    repeatHeaderFrom?: number | undefined;
  }
  interface CustomTableLayout {
    /** Width of the rule under the last row on a page the table continues after (the patch draws it again). */
    hLineWidthAtBreak?: ((i: number, node: ContentTable) => number) | undefined;
  }
  interface NodeStartPosition {
    /** The room (pt) reserved by then at the page's foot for its notes. */
    footnoteReserve?: number | undefined;
  }

  // pdfmake 0.3.11 itself reads these, which @types/pdfmake 0.3.3 does not describe.
  interface ContentBase {
    /** Any node may have an id: pageReference and linkToDestination name it, positions are reported by it. */
    id?: string | undefined;
  }
  /** An embedded file: pdfmake hands the whole object to pdfkit's file(), which reads these too. */
  interface Attachment {
    type?: string | undefined;
    creationDate?: Date | undefined;
    modifiedDate?: Date | undefined;
  }
}
