import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../support/hub.js';

const INTROSPECTION = `{
  __schema {
    types {
      name kind description
      fields(includeDeprecated: true) { name description args { name description } }
      inputFields { name description }
      enumValues(includeDeprecated: true) { name description }
    }
  }
}`;

interface Described {
  name: string;
  description: string | null;
}
interface IntrospectedType extends Described {
  kind: string;
  fields: Array<Described & { args: Described[] }> | null;
  inputFields: Described[] | null;
  enumValues: Described[] | null;
}

describe('the schema documents itself', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub({ template: 'empty' });
  });
  afterAll(async () => hub?.stop());

  it('has a description on every type, field, argument, input field and enum value', async () => {
    const { __schema } = await hub.query<{ __schema: { types: IntrospectedType[] } }>(INTROSPECTION);
    const types = __schema.types.filter((type) => !type.name.startsWith('__'));
    expect(types.length).toBeGreaterThan(50);

    const missing: string[] = [];
    const check = (where: string, item: Described) => {
      if (!item.description?.trim()) missing.push(where);
    };
    for (const type of types) {
      check(`type ${type.name}`, type);
      for (const field of type.fields ?? []) {
        check(`${type.name}.${field.name}`, field);
        for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name})`, arg);
      }
      for (const field of type.inputFields ?? []) check(`${type.name}.${field.name}`, field);
      for (const value of type.enumValues ?? []) check(`${type.name}.${value.name}`, value);
    }
    expect(missing).toEqual([]);
  });
});
