import { Arg, Ctx, Field, FieldResolver, Float, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { RecordApiTypes } from '../graph/api-types.js';
import type { RequestContext } from '../graph/context.js';
import type { BatchLoader } from '../graph/loaders.js';
import { recordTypeByName, type RecordType } from '../nodes/registry.js';
import { Target } from '../nodes/target/target.entity.js';
import { SUBJECTS, type StatsSubject } from './stats.dimensions.js';
import { targetActuals, type TargetActual } from './targets.js';
import { checkYear, FIRST_YEAR } from './years.js';

@ObjectType({ description: 'A year’s plan: its targets, each with its actual figure counted from records' })
export class PlanProgress {
  @Field(() => Int, { description: 'The plan’s year' })
  year!: number;

  @Field(() => [Target], { description: 'The targets of the year; ask each for targetValue, actual and met' })
  targets!: Target[];

  @Field(() => Int, { description: 'How many targets the year has' })
  total!: number;

  @Field(() => Int, { description: 'How many of them are met (actual at least targetValue)' })
  met!: number;
}

/** Computed fields of Target (actual, met) and the plan of a year; actuals of a request load in one batch. */
export function createTargetsResolver(apiTypes: Map<RecordType, RecordApiTypes>): Function {
  const apiOf = (subject: StatsSubject): RecordApiTypes => {
    const type = recordTypeByName(SUBJECTS[subject].typeName);
    const api = type && apiTypes.get(type);
    if (!api) throw new Error(`targets: no API types for ${subject}`);
    return api;
  };
  const loaders = new WeakMap<RequestContext, BatchLoader<Target, TargetActual>>();
  const actualOf = (ctx: RequestContext, target: Target): Promise<TargetActual> => {
    let loader = loaders.get(ctx);
    if (!loader) {
      loader = ctx.loaders.batched((targets: readonly Target[]) => targetActuals(ctx.em, targets, apiOf, ctx.visibilities), { cacheKeyFn: (target) => target.id });
      loaders.set(ctx, loader);
    }
    return loader.load(target);
  };
  const isMet = (target: Target, actual: number | null) => (actual === null ? null : actual >= target.targetValue);

  @Resolver(() => Target)
  class TargetsResolver {
    @FieldResolver(() => Float, {
      nullable: true,
      description: 'The actual figure, counted from records by the measure as they stand now; null without a measure, or with one that cannot be counted (see measureProblem)',
    })
    async actual(@Root() target: Target, @Ctx() ctx: RequestContext): Promise<number | null> {
      return (await actualOf(ctx, target)).actual;
    }

    @FieldResolver(() => Boolean, { nullable: true, description: 'Whether the actual figure reaches targetValue; null when there is no actual' })
    async met(@Root() target: Target, @Ctx() ctx: RequestContext): Promise<boolean | null> {
      return isMet(target, (await actualOf(ctx, target)).actual);
    }

    @FieldResolver(() => String, { nullable: true, description: 'Why actual is null: what is wrong with the measure; null when it counts' })
    async measureProblem(@Root() target: Target, @Ctx() ctx: RequestContext): Promise<string | null> {
      return (await actualOf(ctx, target)).problem;
    }

    @Query(() => PlanProgress, { description: `The plan of a year: its targets with their actual figures. BAD_USER_INPUT for a year before ${FIRST_YEAR} or after next year.` })
    async planProgress(@Arg('year', () => Int, { description: 'The plan’s year, e.g. 2012' }) year: number, @Ctx() ctx: RequestContext): Promise<PlanProgress> {
      checkYear(year, 'year');
      const targets = await ctx.em.find(Target, { year }, { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
      const actuals = await Promise.all(targets.map((target) => actualOf(ctx, target)));
      const met = targets.filter((target, index) => isMet(target, actuals[index].actual)).length;
      return Object.assign(new PlanProgress(), { year, targets, total: targets.length, met });
    }
  }
  return TargetsResolver;
}
