import type { FieldCrypto } from '../../crypto/fieldCrypto.js';
import type { Database } from '../../db/connection.js';

/** Demo data of the demo county: hazards, an institution inspection with the 五个清单, a weather warning, 一人一策 plans. Idempotent. */
export async function seedHazardsDemo(_database: Database, _crypto: FieldCrypto): Promise<void> {}
