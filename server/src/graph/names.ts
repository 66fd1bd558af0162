import { Embeddable, Property } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { pinyin } from 'pinyin-pro';

export enum Language {
  zh = 'zh',
  en = 'en',
  local = 'local',
}
registerEnumType(Language, {
  name: 'Language',
  description: 'A language to show names in; `local` is the name in its own script.',
  valuesConfig: {
    zh: { description: 'Chinese' },
    en: { description: 'English' },
    local: { description: 'The name in its own script and language' },
  },
});

@Embeddable()
@ObjectType({ description: 'A name in Chinese, in English and in its own script and language.' })
export class Names {
  @Field(() => String, { nullable: true, description: 'Chinese name, e.g. 高松' })
  @Property({ type: 'text', nullable: true })
  zh?: string | null;

  @Field(() => String, { nullable: true, description: 'English name, e.g. Takamatsu' })
  @Property({ type: 'text', nullable: true })
  en?: string | null;

  @Field(() => String, { nullable: true, description: 'The name in its own script, e.g. Kragerø or 광주' })
  @Property({ type: 'text', nullable: true })
  local?: string | null;

  @Field(() => String, { nullable: true, description: 'BCP 47 language tag of `local`, e.g. no, ko, ja' })
  @Property({ type: 'text', nullable: true })
  localLang?: string | null;

  @Field(() => String, { nullable: true, description: 'Hanyu pinyin of the Chinese name, filled in when left empty' })
  @Property({ type: 'text', nullable: true })
  pinyin?: string | null;
}

/** The requested language, then Chinese, then English, then the local name. */
export function displayName(names: Names | undefined, lang: Language = Language.zh): string {
  if (!names) return '';
  const order = [names[lang], names.zh, names.en, names.local];
  return order.find((name): name is string => typeof name === 'string' && name.trim() !== '') ?? '';
}

export function hasAnyName(names: Partial<Names> | undefined | null): boolean {
  return !!names && [names.zh, names.en, names.local].some((n) => typeof n === 'string' && n.trim() !== '');
}

export function pinyinOf(chinese: string): string {
  return pinyin(chinese, { toneType: 'none', nonZh: 'consecutive' });
}
