/**
 * Query documents made to cost a GraphQL server time or memory out of proportion to their size, generated at every
 * size the token limit lets through: fragments that double at every level, inline fragments nested and repeated,
 * aliases and directives multiplied through fragments, the same field thousands of times, lists nested deep.
 * A document over the token limit is left out (the parser refuses those by itself).
 */

export interface HostileDocument {
  name: string;
  query: string;
}

/** Tokens of a document as graphql-js counts them for maxTokens (punctuators and names; near enough to stay below). */
export function countTokens(query: string): number {
  return (query.match(/\.\.\.|[A-Za-z_][A-Za-z0-9_]*|-?\d+(\.\d+)?|"(?:[^"\\]|\\.)*"|[{}()[\]:=@!$|&]/g) ?? []).length;
}

/** `levels` fragments, each spreading the next `width` times, the last holding `leaf`; on `type`. */
function doubling(levels: number, width: number, type: string, leaf: string, root = '{ ...F0 }'): string {
  const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on ${type} { ${Array.from({ length: width }, () => `...F${i + 1}`).join(' ')} }`);
  return `${root} ${fragments.join(' ')} fragment F${levels} on ${type} { ${leaf} }`;
}

/** Sizes from small to as large as `fits` allows, roughly doubling. */
function sizes(fits: (n: number) => boolean, start = 2): number[] {
  const found: number[] = [];
  let n = start;
  while (fits(n)) {
    found.push(n);
    n *= 2;
  }
  // The largest that fits, found by halving the step back.
  let low = found.at(-1) ?? start - 1;
  let high = n;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle;
  }
  if (low >= start && low !== found.at(-1)) found.push(low);
  return found;
}

/**
 * The hostile documents for a token limit. `signedIn`: shapes over the fields a signed-in reader may ask for;
 * otherwise over `login`, the only field a stranger may ask for.
 */
export function hostileDocuments(maxTokens: number, signedIn: boolean): HostileDocument[] {
  const documents: HostileDocument[] = [];
  const add = (name: string, make: (n: number) => string, start = 2) => {
    const fits = (n: number) => countTokens(make(n)) <= maxTokens;
    for (const n of sizes(fits, start)) documents.push({ name: `${name} (${n})`, query: make(n) });
  };
  // The password is of the wrong type: the shape goes through parsing, the limits and validation, but no sign-in is
  // tried (each would take the password hash's time and count against the account).
  const login = (selection: string) => `mutation { login(username: "admin", password: 0) { ${selection} } }`;
  if (signedIn) {
    add('fragments doubling at every level on Query', (n) => doubling(n, 2, 'Query', '__typename'));
    add('fragments trebling at every level on Query', (n) => doubling(n, 3, 'Query', '__typename'));
    add('fragments doubling around a list', (n) => doubling(n, 2, 'Query', 'cities { items { id } }'));
    add('fragments doubling inside a list', (n) => doubling(n, 2, 'City', 'neighbours { id }', '{ cities { items { ...F0 } } }'));
    add('aliases through doubling fragments', (n) => doubling(n, 2, 'Query', 'a: __typename b: __typename'));
    add('directives through doubling fragments', (n) => doubling(n, 2, 'Query', '__typename @include(if: true) @skip(if: false)'));
    add('inline fragments nested', (n) => `{ ${'... on Query { '.repeat(n)} __typename ${'} '.repeat(n)} }`);
    add('inline fragments repeated', (n) => `{ ${'... on Query { __typename } '.repeat(n)} }`);
    add('inline fragments nested, each repeated', (n) => `{ ${'... on Query { __typename ... on Query { '.repeat(n)} __typename ${'} } '.repeat(n)} }`);
    add('the same field repeated', (n) => `{ ${'__typename '.repeat(n)} }`, 256);
    add('the same list repeated', (n) => `{ ${'cities { total } '.repeat(n)} }`, 64);
    add('a field aliased the same, repeated', (n) => `{ ${'x: __typename '.repeat(n)} }`, 128);
    add('neighbours nested', (n) => `{ cities(perPage: 1) { items { ${'neighbours { '.repeat(n)} id ${'} '.repeat(n)} } } }`);
    add('neighbours nested with the largest pages', (n) => `{ cities(perPage: 500) { items { ${'neighbours(first: 500) { '.repeat(n)} id ${'} '.repeat(n)} } } }`);
    add('pages of 500 aliased', (n) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: people(perPage: 500) { items { relationships { other { id } } } }`).join(' ')} }`);
    add('introspection nested', (n) => `{ __schema { types { ${'fields { type { '.repeat(n)} name ${'} } '.repeat(n)} } } }`);
    add('introspection doubling', (n) => doubling(n, 2, '__Type', 'name', '{ __schema { types { ...F0 } } }'));
  } else {
    add('fragments doubling inside a sign-in', (n) => `${login('...F0')} ${doubling(n, 2, 'LoginResult', 'token').replace(/^\{ \.\.\.F0 \} /, '')}`);
    add('inline fragments nested inside a sign-in', (n) => login(`${'... on LoginResult { '.repeat(n)} token ${'} '.repeat(n)}`));
    add('sign-ins aliased', (n) => `mutation { ${Array.from({ length: n }, (_, i) => `a${i}: login(username: "admin", password: ${i}) { token }`).join(' ')} }`);
    add('fragments doubling on Query', (n) => doubling(n, 2, 'Query', '__typename'));
    add('the same field repeated', (n) => `{ ${'__typename '.repeat(n)} }`, 256);
  }
  return documents;
}
