/**
 * The files an attachment may be (a pre-assessment's report, a rectification's evidence), each by
 * its extension AND its first bytes: a file whose content does not match its name is refused, and
 * it is served back with the type of its kind (never the type the uploader's browser claimed),
 * always as a download. Pure.
 */

export interface AttachmentKind {
  extensions: string[];
  contentType: string;
  magic: number[];
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export const ATTACHMENT_KINDS: readonly AttachmentKind[] = [
  { extensions: ['pdf'], contentType: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  {
    extensions: ['docx'],
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    magic: ZIP,
  },
  {
    extensions: ['xlsx'],
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    magic: ZIP,
  },
  { extensions: ['doc'], contentType: 'application/msword', magic: OLE },
  { extensions: ['xls'], contentType: 'application/vnd.ms-excel', magic: OLE },
  // 版式文档 (GB/T 33190), the format of many government documents: a zip package.
  { extensions: ['ofd'], contentType: 'application/ofd', magic: ZIP },
  { extensions: ['jpg', 'jpeg'], contentType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  { extensions: ['png'], contentType: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];

export const ATTACHMENT_EXTENSIONS = ATTACHMENT_KINDS.flatMap((k) => k.extensions);

/** A zip archive: evidence may bundle several files (not a report, which is one document). */
export const ZIP_ARCHIVE: AttachmentKind = {
  extensions: ['zip'],
  contentType: 'application/zip',
  magic: ZIP,
};

/** The content type to serve the file as, or null when its name or bytes are not one of `kinds`. */
export function attachmentContentType(
  filename: string,
  data: Buffer,
  kinds: readonly AttachmentKind[] = ATTACHMENT_KINDS,
): string | null {
  const ext = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase();
  const kind = kinds.find((k) => ext !== undefined && k.extensions.includes(ext));
  if (!kind || data.length < kind.magic.length) return null;
  return kind.magic.every((b, i) => data[i] === b) ? kind.contentType : null;
}
