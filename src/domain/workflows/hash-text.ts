import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

/** Hex SHA-256 of a text: proves later that what ran is exactly what was approved. */
export function hashText(value: string): string {
  return bytesToHex(sha256(utf8ToBytes(value)));
}
