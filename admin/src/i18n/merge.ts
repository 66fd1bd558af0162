type Messages = { [key: string]: string | Messages };

/** Deep merge of message trees: the second wins, keys it lacks come from the first. */
export function mergeMessages(base: object, over: object): Messages {
  const out: Messages = { ...(base as Messages) };
  for (const [key, value] of Object.entries(over as Messages)) {
    const prior = out[key];
    out[key] = typeof value === 'object' && typeof prior === 'object' ? mergeMessages(prior, value) : value;
  }
  return out;
}
