import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../db/connection.js';
import type { DB } from '../db/schema.js';

/**
 * Protected personal fields (ID numbers, phone numbers) are stored encrypted with AES-256-GCM, each value with its own
 * random nonce, and looked up through a keyed blind index (HMAC-SHA-256), so an exact search never decrypts a table.
 * Both keys are derived (HKDF-SHA-256) from one 32-byte data key that never enters the database; the database keeps
 * only a fingerprint of it, so starting with the wrong key stops with a clear message instead of writing unreadable
 * rows.
 */
export interface FieldCrypto {
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
  /** Deterministic keyed digest of a normalised value, per kind (an ID number and a phone never share digests). */
  blindIndex(kind: 'id' | 'phone', plain: string): Buffer;
  /** Public fingerprint of the key (safe to store and print). */
  fingerprint: string;
}

const NONCE = 12;
const TAG = 16;

export function createFieldCrypto(dataKey: Buffer): FieldCrypto {
  if (dataKey.length !== 32) throw new Error('数据密钥应为32字节 / the data key must be 32 bytes');
  const derive = (info: string) => Buffer.from(crypto.hkdfSync('sha256', dataKey, Buffer.alloc(0), info, 32));
  const encKey = derive('doudi/field-encryption/v1');
  const idxKey = derive('doudi/blind-index/v1');
  const fingerprint = crypto.createHmac('sha256', derive('doudi/fingerprint/v1')).update('doudi').digest('hex').slice(0, 16);
  // Nonces are cut from a buffer of random bytes drawn 1,024 nonces at a time (one call to the random source per
  // value was a tenth of an import's time); a drawn buffer is never reused.
  let nonces = Buffer.alloc(0);
  let at = 0;
  const nextNonce = () => {
    if (at + NONCE > nonces.length) {
      nonces = crypto.randomBytes(NONCE * 1024);
      at = 0;
    }
    return nonces.subarray(at, (at += NONCE));
  };
  return {
    encrypt(plain) {
      const nonce = nextNonce();
      const cipher = crypto.createCipheriv('aes-256-gcm', encKey, nonce);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([nonce, cipher.getAuthTag(), body]);
    },
    decrypt(sealed) {
      const decipher = crypto.createDecipheriv('aes-256-gcm', encKey, sealed.subarray(0, NONCE));
      decipher.setAuthTag(sealed.subarray(NONCE, NONCE + TAG));
      return Buffer.concat([decipher.update(sealed.subarray(NONCE + TAG)), decipher.final()]).toString('utf8');
    },
    blindIndex(kind, plain) {
      // Copied into Node's shared buffer pool: a digest has its own ArrayBuffer, and an import keeps one per person
      // from preview to commit (100,000 of them slowed its garbage collection; 0.6–0.7 s of an 11 s import).
      return Buffer.from(crypto.createHmac('sha256', idxKey).update(`${kind}:${plain.trim().toUpperCase()}`).digest());
    },
    fingerprint,
  };
}

/** Parses DOUDI_DATA_KEY: 64 hex characters or base64 of 32 bytes. */
export function parseDataKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new Error('DOUDI_DATA_KEY 应为64位十六进制或32字节的 base64 / DOUDI_DATA_KEY must be 32 bytes (hex or base64)');
  return key;
}

/**
 * The data key: from configuration when given; otherwise, for the embedded database only, the key file in the data
 * directory, generated (mode 0600) on first start. A PostgreSQL server without a configured key is refused: a key
 * file beside the application would not follow the database to another machine.
 */
export function loadDataKey(opts: { configured: string | undefined; dataDir: string; embedded: boolean }): { key: Buffer; source: string } {
  if (opts.configured) return { key: parseDataKey(opts.configured), source: 'DOUDI_DATA_KEY' };
  if (!opts.embedded) {
    throw new Error('使用 PostgreSQL 时须设置 DOUDI_DATA_KEY（32字节密钥，十六进制或 base64，可用 `openssl rand -hex 32` 生成） / DOUDI_DATA_KEY is required with PostgreSQL');
  }
  const file = path.join(opts.dataDir, 'secrets', 'data.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      fs.writeFileSync(file, crypto.randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return { key: parseDataKey(fs.readFileSync(file, 'utf8')), source: file };
}

/**
 * Records the key's fingerprint on first use and refuses a different key afterwards (rows sealed with one key cannot
 * be read with another, and blind indexes would silently stop matching).
 */
export async function checkKeyFingerprint(db: Kysely<DB>, fc: FieldCrypto, source: string): Promise<void> {
  await db.insertInto('key_fingerprints').values({ purpose: 'data', fingerprint: fc.fingerprint })
    .onConflict((oc) => oc.column('purpose').doNothing()).execute();
  const row = await db.selectFrom('key_fingerprints').select('fingerprint').where('purpose', '=', 'data').executeTakeFirstOrThrow();
  if (row.fingerprint !== fc.fingerprint) {
    throw new Error(`数据密钥与数据库中已加密的数据不符（来源：${source}）。请使用首次启动时的密钥 / the data key does not match the encrypted data`);
  }
}

/** The field crypto of a running system: key from configuration or the data directory, checked against the database. */
export async function openFieldCrypto(database: Database, config: Pick<Config, 'dataKey' | 'dataDir'>): Promise<FieldCrypto> {
  const dataKey = loadDataKey({ configured: config.dataKey, dataDir: config.dataDir, embedded: database.kind === 'pglite' });
  const fc = createFieldCrypto(dataKey.key);
  await checkKeyFingerprint(database.db, fc, dataKey.source);
  return fc;
}
