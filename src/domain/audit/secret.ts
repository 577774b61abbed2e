/**
 * A value that must never be written anywhere: its JSON and string forms are "[redacted]", and
 * only `revealSecret` gives the raw text back (to the adapter that sends it, never to a log).
 */
const SECRET_VALUE = new WeakMap<Secret, string>();

export class Secret {
  /** Brand, so a plain object can never pass for a Secret. */
  declare private readonly brand: 'Secret';

  constructor(value: string) {
    SECRET_VALUE.set(this, value);
  }

  toJSON(): string {
    return '[redacted]';
  }

  toString(): string {
    return '[redacted]';
  }
}

/** Wraps a credential so every serialization of it is "[redacted]". */
export function makeSecret(value: string): Secret {
  return new Secret(value);
}

/** The raw text of a secret, for the one adapter call that needs it. */
export function revealSecret(secret: Secret): string {
  return SECRET_VALUE.get(secret) ?? '';
}

/** True for values made by `makeSecret`. */
export function isSecret(value: unknown): value is Secret {
  return value instanceof Secret;
}
