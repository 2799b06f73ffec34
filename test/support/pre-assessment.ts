import type { HttpClient } from './http-client';

/** A pre-assessment's five opinions (事前绩效评估), as a submitter would write them. */
export const PRE_ASSESSMENT_OPINIONS = {
  necessity: '项目是落实本市公共数据“一网通办”的必要支撑，与部门职能相符',
  economy: '运维费用参照上年合同价和市场询价测算，单价合理',
  goals: '产出和效益指标与资金规模匹配，指标值有历史数据支撑',
  feasibility: '实施计划分季度安排，组织保障和采购方式明确',
  financing: '资金来源为当年财政拨款，符合预算管理规定',
};

/** A small but real PDF (its first bytes are what the service checks). */
export const PRE_ASSESSMENT_PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** One file as a multipart body with the field `file`. */
export function multipartFile(filename: string, data: Buffer): { payload: Buffer; contentType: string } {
  const boundary = '----pd-pre-assessment';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/**
 * Records a passed pre-assessment on a draft through the API, with the report attached when
 * `attach`; answers the attachment's id (or null). Fails loudly when refused.
 */
export async function recordPreAssessment(
  t: HttpClient,
  id: number,
  token: string,
  opts: { attach?: boolean } = {},
): Promise<number | null> {
  const version = (await t.get(`/api/declarations/${id}`, token)).body.version as number;
  const saved = await t.put(
    `/api/declarations/${id}/pre-assessment`,
    { version, ...PRE_ASSESSMENT_OPINIONS, conclusion: 'pass' },
    token,
  );
  if (saved.status !== 200) throw new Error(`pre-assessment of ${id}: ${saved.status} ${saved.text}`);
  if (!opts.attach) return null;
  const up = await t.request(
    'POST',
    `/api/declarations/${id}/pre-assessment/attachment?version=${saved.body.version}`,
    { token, raw: multipartFile('事前绩效评估报告.pdf', PRE_ASSESSMENT_PDF) },
  );
  if (up.status !== 200) throw new Error(`attachment of ${id}: ${up.status} ${up.text}`);
  return up.body.record.attachment.id as number;
}
