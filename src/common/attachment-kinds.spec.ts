import { attachmentContentType } from './attachment-kinds';

describe('attachmentContentType', () => {
  const pdf = Buffer.from('%PDF-1.7\n%…');
  const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]);

  it('accepts a file whose bytes match its extension, and names the type to serve it as', () => {
    expect(attachmentContentType('事前绩效评估报告.pdf', pdf)).toBe('application/pdf');
    expect(attachmentContentType('评估报告.DOCX', zip)).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(attachmentContentType('报告.ofd', zip)).toBe('application/ofd');
  });

  it('refuses a file whose content does not match its name, or an unknown kind', () => {
    expect(attachmentContentType('report.pdf', Buffer.from('<html><script>alert(1)</script>'))).toBeNull();
    expect(attachmentContentType('report.pdf.html', pdf)).toBeNull();
    expect(attachmentContentType('report', pdf)).toBeNull();
    expect(attachmentContentType('report.exe', Buffer.from('MZ'))).toBeNull();
    expect(attachmentContentType('a.png', Buffer.from([0x89, 0x50]))).toBeNull();
  });
});
