import { createHash } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../../config/defaults';
import { Allow } from '../auth/decorators';
import { allEnumerations, messageCodes, valueLabel, type EnumValue } from '../common/i18n';
import { ApiErrors, ApiOkResponse } from '../common/openapi';
import { Ctx, type RequestContext } from '../common/request-context';
import { APP_CONFIG } from '../config/app-config';
import type { Finding } from '../declarations/declaration-content';
import { findingCodes } from './finding-labels';
import { ParseTargetDto } from './reference.dto';
import { readTarget } from './target-reading';
import { ReferenceValue, ReferenceView, TargetReadingView } from './reference.responses';

export interface ReferenceData {
  /** Every enumeration a module registered (i18n.ts `defineEnumeration`), by name: states, events, roles, levels … */
  enumerations: Record<string, readonly EnumValue[]>;
  /** Every finding code with its severity as configured here (`FINDING_SEVERITIES`) and its words. */
  findings: Array<EnumValue & { severity: Finding['severity']; source: string }>;
  /** Every error code the service answers, with its HTTP status and the module that raises it. */
  errors: Array<{ code: string; status: number; module: string }>;
}

/**
 * The service's vocabulary for clients (`GET /api/reference`): each value with its Chinese and
 * English words, read from the registries every module fills as it loads (enumerations, message
 * codes), so what a module registers is listed without a change here. The same for every user
 * and unchanged while the process runs: built once, served with an ETag, and cacheable by the
 * browser for five minutes (security-headers.ts explains the exception to `no-store`).
 */
@ApiTags('reference')
@ApiBearerAuth()
@ApiExtraModels(ReferenceValue)
@Controller('reference')
export class ReferenceController {
  private built: { body: string; etag: string } | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Allow('reference.read')
  @Get()
  @ApiOperation({
    summary:
      'Every enumeration with its Chinese and English words ({enumerations: {state: [{value, zh, en}], …}}), every finding code ' +
      'with its severity and words (findings), every error code with its status (errors). Any signed-in user; ETag, ' +
      'Cache-Control: private, max-age=300',
  })
  @ApiOkResponse({ type: ReferenceView })
  @ApiResponse({ status: 304, description: 'unchanged: If-None-Match holds the current ETag (no body)' })
  reference(@Req() req: FastifyRequest, @Res() reply: FastifyReply): void {
    const { body, etag } = (this.built ??= this.build());
    reply.header('etag', etag);
    const given = req.headers['if-none-match'];
    if (typeof given === 'string' && given.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
      void reply.status(304).send();
      return;
    }
    void reply.status(200).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  @Allow('reference.read')
  @Post('targets/parse')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'How the service reads a 年度指标值 (target notation, docs/spec/domain.md §2) without saving it: {ok, target, reading, code, ' +
      'proposed}. The parse of a save itself (the same function), so a form can show it as the user types; a text a save ' +
      'would refuse answers 200 with ok false, the refusal in words (reading) and its code',
  })
  @ApiOkResponse({ type: TargetReadingView })
  @ApiErrors(['declarations'], { 400: 'the body is malformed (text missing or not a string)' })
  parseTarget(@Ctx() ctx: RequestContext, @Body() dto: ParseTargetDto): TargetReadingView {
    return readTarget(dto.text, ctx.lang);
  }

  private build(): { body: string; etag: string } {
    const data = this.data();
    const body = JSON.stringify(data);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    return { body, etag };
  }

  data(): ReferenceData {
    const all = allEnumerations();
    // Findings are listed with their severity below; the words come from the `finding` enumeration.
    const enumerations = Object.fromEntries(
      Object.keys(all)
        .filter((name) => name !== 'finding')
        .sort()
        .map((name) => [name, all[name].map((e) => ({ value: e.value, zh: e.zh, en: e.en }))]),
    );
    const findings = findingCodes().map((f) => ({
      value: f.code,
      zh: valueLabel(f.code, 'zh', 'finding'),
      en: valueLabel(f.code, 'en', 'finding'),
      severity: this.config.findingSeverities[f.code] ?? f.severity,
      source: f.source,
    }));
    const errors = messageCodes()
      .filter((m): m is typeof m & { status: number } => typeof m.status === 'number')
      .map((m) => ({ code: m.code, status: m.status, module: m.module }))
      .sort((a, b) => (a.code < b.code ? -1 : 1));
    return { enumerations, findings, errors };
  }
}
