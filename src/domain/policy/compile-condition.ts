import type { FactValue, Facts } from '../facts';
import { compileWildcard, matchWildcard } from './match-wildcard';
import type { Comparison, Condition } from './policy-schema';

/**
 * Conditions are compiled once per policy version into closures, so evaluating a request is a few
 * property reads and comparisons. Explanations are separate: `test` is the hot path, `explain`
 * re-runs the same closures and builds words from templates prepared at compile time.
 *
 * Semantics, chosen so that a policy can be read literally and never throws:
 * - A fact is missing when it is absent or null. A missing fact never satisfies `equals`, `in`,
 *   `gt`, `gte`, `lt`, `lte`, `contains` or `matches`.
 * - `notEquals` and `notIn` are the exact negations of `equals` and `in`: a missing fact, or a fact
 *   of another type, is "not equal", so they match. Triggers only ever add approvals, so when the
 *   request does not say, a negative test errs toward asking for approval.
 * - Types are never coerced: the text "1500" is not the number 1500. A type mismatch does not
 *   match (negations aside) and the explanation says so.
 * - List facts (such as `requester.groups`): `contains` asks that the list holds the value, `in`
 *   that some element is in the set, `matches` that some element matches the pattern, `notIn`
 *   that no element is in the set. `equals` on a list is a type mismatch.
 * - `contains` on a text fact is a case-sensitive substring test.
 * - `exists` with `value: false` asks that the fact is missing.
 */
export interface CompiledCondition {
  /** True when the facts satisfy the condition. */
  readonly test: (facts: Facts) => boolean;
  /** Why the condition does or does not hold for these facts, in words. */
  readonly explain: (facts: Facts) => string;
}

/** Compiles a condition into closures; call once per policy version, evaluate per request. */
export function compileCondition(condition: Condition): CompiledCondition {
  if ('all' in condition) return compileAll(condition.all.map(compileCondition));
  if ('any' in condition) return compileAny(condition.any.map(compileCondition));
  if ('not' in condition) return compileNot(compileCondition(condition.not));
  return compileComparison(condition);
}

function compileAll(children: readonly CompiledCondition[]): CompiledCondition {
  const count = children.length;
  return {
    test: (facts) => {
      for (let i = 0; i < count; i += 1) if (!(children[i] as CompiledCondition).test(facts)) return false;
      return true;
    },
    explain: (facts) => {
      for (let i = 0; i < count; i += 1) {
        const child = children[i] as CompiledCondition;
        if (!child.test(facts)) return 'not all hold: ' + child.explain(facts);
      }
      return count === 1 ? (children[0] as CompiledCondition).explain(facts) : 'all hold: ' + explainEach(children, facts);
    },
  };
}

function compileAny(children: readonly CompiledCondition[]): CompiledCondition {
  const count = children.length;
  return {
    test: (facts) => {
      for (let i = 0; i < count; i += 1) if ((children[i] as CompiledCondition).test(facts)) return true;
      return false;
    },
    explain: (facts) => {
      for (let i = 0; i < count; i += 1) {
        const child = children[i] as CompiledCondition;
        if (child.test(facts)) return child.explain(facts);
      }
      return count === 1 ? (children[0] as CompiledCondition).explain(facts) : 'none holds: ' + explainEach(children, facts);
    },
  };
}

/** Every child's explanation joined with `; ` (a loop: no intermediate array per plan). */
function explainEach(children: readonly CompiledCondition[], facts: Facts): string {
  let out = (children[0] as CompiledCondition).explain(facts);
  for (let i = 1; i < children.length; i += 1) out += '; ' + (children[i] as CompiledCondition).explain(facts);
  return out;
}

function compileNot(child: CompiledCondition): CompiledCondition {
  return {
    test: (facts) => !child.test(facts),
    explain: (facts) => 'not (' + child.explain(facts) + ')',
  };
}

type Scalar = string | number | boolean;

function isMissing(value: FactValue | undefined): value is null | undefined {
  return value === undefined || value === null;
}

function show(value: FactValue | Scalar | readonly Scalar[]): string {
  if (typeof value === 'string') return quote(value);
  if (Array.isArray(value)) {
    // Plain loop: explanations are worded for every trigger of every plan.
    let out = '[';
    for (let i = 0; i < value.length; i += 1) out += (i === 0 ? '' : ', ') + show(value[i] as Scalar);
    return `${out}]`;
  }
  return String(value);
}

/** A string in double quotes, as JSON would write it; escaping only when the text needs it. */
function quote(text: string): string {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x22 || code === 0x5c || code > 0x7e) return JSON.stringify(text);
  }
  return `"${text}"`;
}

function typeWord(value: FactValue | Scalar): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'true/false';
  return 'missing';
}

/** Reads a fact: facts are flat, so `target.group.privileged` is one key, not a path. */
function read(facts: Facts, fact: string): FactValue | undefined {
  return Object.prototype.hasOwnProperty.call(facts, fact) ? facts[fact] : undefined;
}

function compileComparison(comparison: Comparison): CompiledCondition {
  const fact = comparison.fact;
  // Every fixed part of an explanation is worded here, once per policy version; a plan only adds
  // the request's own values between them.
  const missingText = fact + ' is missing';
  const factIs = fact + ' is ';
  const factSpace = fact + ' ';
  const mismatch = (value: FactValue, wanted: string): string => factIs + typeWord(value) + ' ' + show(value) + wanted;
  switch (comparison.op) {
    case 'equals':
    case 'notEquals': {
      const expected = comparison.value;
      const expectedText = show(expected);
      const expectedType = typeof expected;
      const positive = comparison.op === 'equals';
      const holds = (value: FactValue | undefined): boolean => value === expected;
      const missingWords = positive ? missingText : missingText + ', so it is not ' + expectedText;
      const equalWords = factIs + expectedText;
      const notEqualTail = ', not ' + expectedText;
      const mismatchTail = ', not comparable with ' + expectedText + ' (type mismatch)';
      return {
        test: positive ? (facts) => holds(read(facts, fact)) : (facts) => !holds(read(facts, fact)),
        explain: (facts) => {
          const value = read(facts, fact);
          if (isMissing(value)) return missingWords;
          if (Array.isArray(value) || typeof value !== expectedType) return mismatch(value, mismatchTail);
          return value === expected ? equalWords : factIs + show(value) + notEqualTail;
        },
      };
    }
    case 'in':
    case 'notIn': {
      const set = new Set<Scalar>(comparison.value);
      const listText = show(comparison.value);
      const positive = comparison.op === 'in';
      const holds = (value: FactValue | undefined): boolean => {
        if (isMissing(value)) return false;
        if (Array.isArray(value)) {
          for (const element of value as readonly string[]) if (set.has(element)) return true;
          return false;
        }
        return set.has(value as Scalar);
      };
      const missingWords = positive ? missingText : missingText + ', so it is not in ' + listText;
      const factHolds = fact + ' holds ';
      const hitTail = ', which is in ' + listText;
      const noneTail = ' has nothing in ' + listText;
      const inTail = ' is in ' + listText;
      const notInTail = ' is not in ' + listText;
      return {
        test: positive ? (facts) => holds(read(facts, fact)) : (facts) => !holds(read(facts, fact)),
        explain: (facts) => {
          const value = read(facts, fact);
          if (isMissing(value)) return missingWords;
          if (Array.isArray(value)) {
            for (const element of value as readonly string[]) if (set.has(element)) return factHolds + show(element) + hitTail;
            return factSpace + show(value) + noneTail;
          }
          return factSpace + show(value) + (set.has(value as Scalar) ? inTail : notInTail);
        },
      };
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const bound = comparison.value;
      const symbol = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[comparison.op];
      const compare = {
        gt: (n: number) => n > bound,
        gte: (n: number) => n >= bound,
        lt: (n: number) => n < bound,
        lte: (n: number) => n <= bound,
      }[comparison.op];
      const holds = (value: FactValue | undefined): boolean => typeof value === 'number' && compare(value);
      const holdsTail = ' ' + symbol + ' ' + String(bound);
      const failsTail = ' is not' + holdsTail;
      const mismatchTail = ', not a number (type mismatch)';
      return {
        test: (facts) => holds(read(facts, fact)),
        explain: (facts) => {
          const value = read(facts, fact);
          if (isMissing(value)) return missingText;
          if (typeof value !== 'number') return mismatch(value, mismatchTail);
          return factSpace + String(value) + (compare(value) ? holdsTail : failsTail);
        },
      };
    }
    case 'exists': {
      const wanted = comparison.value;
      const presentText = fact + ' is present';
      return {
        test: (facts) => isMissing(read(facts, fact)) !== wanted,
        explain: (facts) => (isMissing(read(facts, fact)) ? missingText : presentText),
      };
    }
    case 'contains': {
      const needle = comparison.value;
      const needleText = show(needle);
      const holds = (value: FactValue | undefined): boolean => {
        if (Array.isArray(value)) return (value as readonly Scalar[]).includes(needle);
        return typeof value === 'string' && typeof needle === 'string' && value.includes(needle);
      };
      const containsWords = fact + ' contains ' + needleText;
      const lacksTail = ' does not contain ' + needleText;
      const mismatchTail = ', not a list or text (type mismatch)';
      return {
        test: (facts) => holds(read(facts, fact)),
        explain: (facts) => {
          const value = read(facts, fact);
          if (isMissing(value)) return missingText;
          if (!Array.isArray(value) && typeof value !== 'string') return mismatch(value, mismatchTail);
          return holds(value) ? containsWords : factSpace + show(value) + lacksTail;
        },
      };
    }
    case 'matches': {
      const pattern = compileWildcard(comparison.value);
      const patternText = show(comparison.value);
      const holds = (value: FactValue | undefined): boolean => {
        if (typeof value === 'string') return matchWildcard(pattern, value);
        if (Array.isArray(value)) {
          for (const element of value as readonly string[]) if (matchWildcard(pattern, element)) return true;
        }
        return false;
      };
      const factHolds = fact + ' holds ';
      const hitTail = ', which matches ' + patternText;
      const noneTail = ' has nothing matching ' + patternText;
      const matchTail = ' matches ' + patternText;
      const noMatchTail = ' does not match ' + patternText;
      const mismatchTail = ', not text (type mismatch)';
      return {
        test: (facts) => holds(read(facts, fact)),
        explain: (facts) => {
          const value = read(facts, fact);
          if (isMissing(value)) return missingText;
          if (Array.isArray(value)) {
            for (const element of value as readonly string[]) if (matchWildcard(pattern, element)) return factHolds + show(element) + hitTail;
            return factSpace + show(value) + noneTail;
          }
          if (typeof value !== 'string') return mismatch(value, mismatchTail);
          return factSpace + show(value) + (matchWildcard(pattern, value) ? matchTail : noMatchTail);
        },
      };
    }
  }
}
