import { StreamableFile } from '@nestjs/common';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A workbook as a download: an ASCII `filename` every client understands, plus the Chinese
 * name in `filename*` (RFC 6266 / 5987) for browsers that read it.
 */
export function xlsxFile(buffer: Buffer, asciiName: string, displayName?: string): StreamableFile {
  const ascii = asciiName.replace(/[^A-Za-z0-9._-]/g, '_');
  const disposition = displayName
    ? `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(displayName)}`
    : `attachment; filename="${ascii}"`;
  return new StreamableFile(buffer, { type: XLSX_CONTENT_TYPE, disposition, length: buffer.length });
}
