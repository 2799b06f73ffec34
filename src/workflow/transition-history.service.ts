import { Inject, Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { valueLabel, type Lang } from '../common/i18n';
import type { RequestContext } from '../common/request-context';
import { Db } from '../database/db.service';
import { DeclarationAccess } from '../declarations/declaration-access';
import { User } from '../auth/user.entity';
import { DeclarationTransition } from './declaration-transition.entity';
import { eventLabel, roleLabel, stateLabel } from '../lifecycle/lifecycle.messages';
import { TransitionHooks, type CarriedComment } from './transition-hooks';
import { parseScoredReview, scoredReviewView } from './scored-review';

/** A declaration's transition history (`GET /api/declarations/:id/transitions`). */
@Injectable()
export class TransitionHistoryService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(DeclarationAccess) private readonly access: DeclarationAccess,
    @Inject(TransitionHooks) private readonly hooks: TransitionHooks,
  ) {}

  /** Oldest first, each with the labels of its states, event and role in the reader's language. */
  list(ctx: RequestContext, declarationId: number) {
    return this.db.read(async (em) => {
      const d = await this.access.load(em, ctx, declarationId);
      const rows = await em.find(DeclarationTransition, {
        where: { declarationId: d.id },
        order: { id: 'ASC' },
      });
      // The names people know each other by (李审核), beside the login names the rows keep.
      const ids = [
        ...new Set(rows.flatMap((t) => (t.onBehalfOf === null ? [t.actorId] : [t.actorId, t.onBehalfOf]))),
      ];
      const names = new Map(
        (ids.length ? await em.find(User, { where: { id: In(ids) } }) : []).map((u) => [u.id, u.displayName]),
      );
      const carried = await this.hooks.carried(em, d.id, rows);
      return rows.map((t) => ({
        ...transitionView(
          t,
          names.get(t.actorId) ?? null,
          ctx.lang,
          t.onBehalfOf === null ? null : (names.get(t.onBehalfOf) ?? null),
        ),
        carriedComments: carried.get(t.id) ?? [],
      }));
    });
  }
}

export type { CarriedComment };

/** One history row as the API shows it. */
export function transitionView(
  t: DeclarationTransition,
  displayName: string | null,
  lang: Lang,
  onBehalfOfName: string | null = null,
) {
  return {
    event: t.event,
    eventLabel: eventLabel(t.event, lang),
    from: t.fromState,
    fromLabel: stateLabel(t.fromState, lang),
    to: t.toState,
    toLabel: stateLabel(t.toState, lang),
    actor: {
      id: t.actorId,
      username: t.actorUsername,
      displayName,
    },
    role: t.role,
    roleLabel: roleLabel(t.role, lang),
    comment: t.comment,
    rating: t.rating,
    ratingLabel: t.rating ? valueLabel(t.rating, lang, 'rating') : null,
    // A substitute's action: the reviewer it was taken for (代理: 原审核人).
    onBehalfOf: t.onBehalfOf === null ? null : { id: t.onBehalfOf, displayName: onBehalfOfName },
    at: t.at,
    // The 数据局's scored review this decision recorded (绩效目标审核), else null.
    scoredReview: reviewView(t.scoredReview, lang),
  };
}

/** A stored scored review in the reader's words, or null. */
export function reviewView(text: string | null, lang: Lang) {
  const review = parseScoredReview(text);
  return review ? scoredReviewView(review, lang) : null;
}
