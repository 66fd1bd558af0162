import pg from 'pg';

/**
 * A check that exists only in the test databases (the templates every test copies), never in a migration: a
 * transaction that moves the version of a row must also write an audit entry for that record, or its commit
 * fails. A write path that rewrites records nobody changed (an ORM flushing unchanged linked records) then makes
 * the API test that reaches it fail loudly, whatever the test asserts.
 *
 * Audit entries are noted with the id of the top-level transaction (`txid_current()`, the same inside the
 * savepoints of nested transactions); each version change is checked at commit against those notes, and noted in
 * test_checks.version_change for tests that look at which records moved.
 */
const SQL = `
create schema test_checks;

create table test_checks.audited (txid bigint not null, record_id uuid not null);
create index on test_checks.audited (txid, record_id);

create table test_checks.version_change (n bigserial primary key, txid bigint not null, table_name text not null, record_id uuid not null, old_version int, new_version int);

create function test_checks.note_audit() returns trigger language plpgsql as $$
begin
  if new.record_id is not null then
    insert into test_checks.audited values (txid_current(), new.record_id);
  end if;
  return null;
end $$;

create trigger test_checks_note_audit after insert on public.audit_entry
  for each row execute function test_checks.note_audit();

create function test_checks.note_version_change() returns trigger language plpgsql as $$
begin
  insert into test_checks.version_change (txid, table_name, record_id, old_version, new_version) values (txid_current(), tg_table_name, new.id, old.version, new.version);
  return null;
end $$;

create function test_checks.require_audit() returns trigger language plpgsql as $$
begin
  if not exists (select 1 from test_checks.audited where txid = txid_current() and record_id = new.id) then
    raise exception 'test check: % % went from version % to % with no audit entry in its transaction', tg_table_name, new.id, old.version, new.version
      using errcode = 'P0001';
  end if;
  return null;
end $$;

do $$
declare
  versioned record;
begin
  for versioned in
    select c.table_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
    where c.table_schema = 'public' and c.column_name = 'version'
  loop
    execute format(
      'create trigger test_checks_note_version_change after update on public.%I for each row when (old.version is distinct from new.version) execute function test_checks.note_version_change()',
      versioned.table_name);
    execute format(
      'create constraint trigger test_checks_require_audit after update on public.%I deferrable initially deferred for each row when (old.version is distinct from new.version) execute function test_checks.require_audit()',
      versioned.table_name);
  end loop;
end $$;
`;

/** Installs the check in a database (a template, before any test copies it). */
export async function installVersionAuditCheck(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(SQL);
  } finally {
    await client.end();
  }
}
