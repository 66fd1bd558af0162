import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../../logger.js';

/** Loads the office's 2011 records (../shared/seed/FACTS.md); loading twice adds nothing. */
export async function loadDemoData(orm: MikroORM, log: Logger): Promise<void> {
  void orm;
  log.info('demo data: nothing yet');
}
