/**
 * Checks that a picture's bytes are a whole, readable PNG or JPEG file before pdfmake is handed
 * it: pdfkit reads only their headers and fails, or draws garbage, in the middle of the layout.
 * PNG: chunk structure and CRCs, header, palette, image data that inflates to the rows the header
 * promises (PNG specification, 3rd edition, §5 and §11). JPEG: the marker segments from SOI to
 * EOI with a frame header (ITU T.81, annex B).
 */
import { crc32, inflateSync } from 'node:zlib';

type PictureCheck = { format: 'png' | 'jpeg'; width: number; height: number } | { error: string };

/** A bound on a picture's pixels, so a small file cannot inflate into gigabytes. */
const MAX_PIXELS = 50_000_000;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Checks a PNG or JPEG file (by its signature); any other file is an error. */
export function checkPicture(bytes: Uint8Array): PictureCheck {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (PNG_SIGNATURE.every((b, i) => data[i] === b)) return checkPng(data);
  if (data[0] === 0xff && data[1] === 0xd8) return checkJpeg(data);
  return { error: 'neither a PNG nor a JPEG file' };
}

/** Channels per pixel, and the bit depths allowed, by PNG colour type. */
const PNG_COLOUR_TYPES: Record<number, { channels: number; depths: number[] }> = {
  0: { channels: 1, depths: [1, 2, 4, 8, 16] },
  2: { channels: 3, depths: [8, 16] },
  3: { channels: 1, depths: [1, 2, 4, 8] },
  4: { channels: 2, depths: [8, 16] },
  6: { channels: 4, depths: [8, 16] },
};

function checkPng(data: Buffer): PictureCheck {
  let pos = 8;
  let header: { width: number; height: number; depth: number; colourType: number; interlace: number } | undefined;
  let palette = false;
  const idat: Buffer[] = [];
  let ended = false;
  while (pos < data.length && !ended) {
    if (pos + 12 > data.length) return { error: `truncated chunk at byte ${pos}` };
    const length = data.readUInt32BE(pos);
    const type = data.toString('latin1', pos + 4, pos + 8);
    if (!/^[A-Za-z]{4}$/.test(type)) return { error: `invalid chunk type at byte ${pos}` };
    if (pos + 12 + length > data.length) return { error: `chunk ${type} at byte ${pos} runs past the end of the file` };
    const body = data.subarray(pos + 8, pos + 8 + length);
    if (crc32(data.subarray(pos + 4, pos + 8 + length)) !== data.readUInt32BE(pos + 8 + length)) return { error: `chunk ${type} at byte ${pos} fails its CRC check` };
    if (!header && type !== 'IHDR') return { error: 'the first chunk is not IHDR' };
    if (type === 'IHDR') {
      if (header) return { error: 'two IHDR chunks' };
      if (length !== 13) return { error: 'IHDR is not 13 bytes long' };
      header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), depth: body[8]!, colourType: body[9]!, interlace: body[12]! };
      const colour = PNG_COLOUR_TYPES[header.colourType];
      if (header.width === 0 || header.height === 0) return { error: 'zero width or height' };
      if (header.width * header.height > MAX_PIXELS) return { error: `${header.width}×${header.height} pixels, more than ${MAX_PIXELS}` };
      if (!colour?.depths.includes(header.depth)) return { error: `colour type ${header.colourType} with bit depth ${header.depth}` };
      if (body[10] !== 0 || body[11] !== 0 || header.interlace > 1) return { error: 'unknown compression, filter or interlace method' };
    } else if (type === 'PLTE') {
      if (length === 0 || length % 3 !== 0 || length > 768) return { error: 'invalid palette' };
      palette = true;
    } else if (type === 'IDAT') {
      idat.push(body);
    } else if (type === 'IEND') {
      ended = true;
    }
    pos += 12 + length;
  }
  if (!header) return { error: 'no IHDR chunk' };
  if (!ended) return { error: 'no IEND chunk: the file is truncated' };
  if (idat.length === 0) return { error: 'no image data (IDAT)' };
  if (header.colourType === 3 && !palette) return { error: 'an indexed picture without a palette' };
  const { channels } = PNG_COLOUR_TYPES[header.colourType]!;
  const rowBytes = (width: number) => 1 + Math.ceil((width * channels * header.depth) / 8);
  // Adam7 interlacing: seven reduced pictures, each with its filter bytes.
  const passes =
    header.interlace === 0
      ? [[0, 0, 1, 1]]
      : [
          [0, 0, 8, 8],
          [4, 0, 8, 8],
          [0, 4, 4, 8],
          [2, 0, 4, 4],
          [0, 2, 2, 4],
          [1, 0, 2, 2],
          [0, 1, 1, 2],
        ];
  let expected = 0;
  for (const [x0, y0, dx, dy] of passes as [number, number, number, number][]) {
    const width = Math.ceil((header.width - x0) / dx);
    const height = Math.ceil((header.height - y0) / dy);
    if (width > 0 && height > 0) expected += height * rowBytes(width);
  }
  let inflated: Buffer;
  try {
    inflated = inflateSync(Buffer.concat(idat), { maxOutputLength: expected + 1024 });
  } catch (error) {
    return { error: `its image data does not decompress (${(error as Error).message})` };
  }
  if (inflated.length < expected) return { error: `its image data holds ${inflated.length} bytes, not the ${expected} of ${header.width}×${header.height} pixels` };
  return { format: 'png', width: header.width, height: header.height };
}

function checkJpeg(data: Buffer): PictureCheck {
  let pos = 2;
  let frame: { width: number; height: number } | undefined;
  let scanned = false;
  while (pos < data.length) {
    if (data[pos] !== 0xff) return { error: `no marker at byte ${pos}` };
    while (data[pos] === 0xff) pos++;
    const marker = data[pos++];
    if (marker === undefined) break;
    if (marker === 0xd9) {
      if (!frame || !scanned) return { error: 'it ends before its frame header or image data' };
      return { format: 'jpeg', ...frame };
    }
    // Markers without a length: restart markers and TEM.
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue;
    if (pos + 2 > data.length) return { error: 'truncated segment' };
    const length = data.readUInt16BE(pos);
    if (length < 2 || pos + length > data.length) return { error: `segment 0x${marker.toString(16).toUpperCase()} at byte ${pos - 2} runs past the end of the file` };
    // Frame headers: SOF0 to SOF15 but DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (length < 8) return { error: 'frame header too short' };
      const height = data.readUInt16BE(pos + 3);
      const width = data.readUInt16BE(pos + 5);
      const components = data[pos + 7]!;
      if (width === 0 || height === 0) return { error: 'zero width or height' };
      if (![1, 3, 4].includes(components)) return { error: `${components} colour components` };
      if (length !== 8 + 3 * components) return { error: 'frame header of the wrong length' };
      frame = { width, height };
    }
    pos += length;
    if (marker === 0xda) {
      if (!frame) return { error: 'image data before the frame header' };
      scanned = true;
      // Entropy-coded data runs to the next marker that is neither a stuffed 0xFF00 nor a restart.
      while (pos < data.length && !(data[pos] === 0xff && data[pos + 1] !== undefined && data[pos + 1] !== 0x00 && !(data[pos + 1]! >= 0xd0 && data[pos + 1]! <= 0xd7))) pos++;
    }
  }
  return { error: 'no end of image (EOI): the file is truncated' };
}
