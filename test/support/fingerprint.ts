import pg from 'pg';

export type Fingerprint = Record<string, { rows: number; digest: string }>;

/** Rows and a digest of the contents of every table of the public schema: equal fingerprints mean the same data. */
export async function fingerprint(url: string): Promise<Fingerprint> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(
      `select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    );
    const result: Fingerprint = {};
    for (const { name } of tables) {
      const { rows } = await client.query<{ rows: number; digest: string }>(
        `select count(*)::int as rows, coalesce(md5(string_agg(t::text, E'\\n' order by t::text)), '') as digest from "${name}" t`,
      );
      result[name] = rows[0];
    }
    return result;
  } finally {
    await client.end();
  }
}
