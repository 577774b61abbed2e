/**
 * A small JQL subset: AND/OR/NOT with parentheses; =, !=, IN, NOT IN, IS [NOT] EMPTY, ~, <, <=, >, >=;
 * fields project, status, statusCategory, issuekey/key/id, issuetype, reporter, assignee, creator, summary,
 * created, updated, "Request Type", custom fields (id, cf[n] or name) and issue.property[key].path;
 * currentUser(); ORDER BY created|updated|key [ASC|DESC]. Anything else is a 400 as in Jira.
 */
import { SiteError } from './site-errors';
import { type IssueRec, REQUEST_TYPE_FIELD_ID, type SiteModel } from './site-model';

type Token = { kind: 'word' | 'string' | 'op' | 'punct'; text: string };
type Operand = { kind: 'value'; text: string } | { kind: 'currentUser' } | { kind: 'empty' };
type Expr =
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'not'; inner: Expr }
  | { kind: 'clause'; field: string; op: string; values: Operand[] };

export interface JqlQuery {
  where: Expr | null;
  orderBy: Array<{ field: string; desc: boolean }>;
}

const jqlError = (message: string): SiteError => new SiteError(400, message);

function tokenize(jql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < jql.length) {
    const ch = jql[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      let text = '';
      while (j < jql.length && jql[j] !== ch) {
        if (jql[j] === '\\' && j + 1 < jql.length) j++;
        text += jql[j];
        j++;
      }
      if (j >= jql.length) throw jqlError(`Error in the JQL Query: unterminated string starting at character ${i}.`);
      tokens.push({ kind: 'string', text });
      i = j + 1;
      continue;
    }
    const two = jql.slice(i, i + 2);
    if (['!=', '<=', '>=', '!~'].includes(two)) {
      tokens.push({ kind: 'op', text: two });
      i += 2;
      continue;
    }
    if ('=<>~'.includes(ch)) {
      tokens.push({ kind: 'op', text: ch });
      i++;
      continue;
    }
    if ('(),'.includes(ch)) {
      tokens.push({ kind: 'punct', text: ch });
      i++;
      continue;
    }
    // Words may contain brackets (cf[10010], issue.property[key].path), dots, dashes and quotes inside brackets.
    let j = i;
    let depth = 0;
    while (j < jql.length) {
      const c = jql[j] as string;
      if (c === '[') depth++;
      else if (c === ']') depth--;
      else if (depth === 0 && (/\s/.test(c) || '=!<>~(),"\''.includes(c))) break;
      j++;
    }
    tokens.push({ kind: 'word', text: jql.slice(i, j) });
    i = j;
  }
  return tokens;
}

/** Parses the supported JQL subset; errors name the offending token. */
export function parseJql(jql: string): JqlQuery {
  const tokens = tokenize(jql);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const isWord = (t: Token | undefined, w: string): boolean => t?.kind === 'word' && t.text.toUpperCase() === w;
  const next = (): Token => {
    const t = tokens[pos++];
    if (!t) throw jqlError('Error in the JQL Query: the query ended unexpectedly.');
    return t;
  };

  const parseOperand = (): Operand => {
    const t = next();
    if (t.kind === 'word' && t.text.toLowerCase() === 'currentuser' && peek()?.text === '(') {
      next();
      if (next().text !== ')') throw jqlError("Error in the JQL Query: expected ')' after currentUser(.");
      return { kind: 'currentUser' };
    }
    if (t.kind === 'word' && ['EMPTY', 'NULL'].includes(t.text.toUpperCase())) return { kind: 'empty' };
    if (t.kind === 'word' || t.kind === 'string') return { kind: 'value', text: t.text };
    throw jqlError(`Error in the JQL Query: expected a value but got '${t.text}'.`);
  };

  const parseClause = (): Expr => {
    const fieldTok = next();
    if (fieldTok.kind !== 'word' && fieldTok.kind !== 'string') throw jqlError(`Error in the JQL Query: expected a field but got '${fieldTok.text}'.`);
    const field = fieldTok.text;
    let op: string;
    const t = next();
    if (t.kind === 'op') op = t.text;
    else if (isWord(t, 'IN')) op = 'in';
    else if (isWord(t, 'NOT') && isWord(peek(), 'IN')) {
      next();
      op = 'not in';
    } else if (isWord(t, 'IS')) {
      if (isWord(peek(), 'NOT')) {
        next();
        op = '!=';
      } else op = '=';
      const v = parseOperand();
      if (v.kind !== 'empty') throw jqlError('Error in the JQL Query: IS must be followed by EMPTY.');
      return { kind: 'clause', field, op, values: [v] };
    } else throw jqlError(`Error in the JQL Query: expected an operator after '${field}' but got '${t.text}'.`);
    if (op === 'in' || op === 'not in') {
      if (next().text !== '(') throw jqlError(`Error in the JQL Query: expected '(' after ${op.toUpperCase()}.`);
      const values: Operand[] = [];
      for (;;) {
        values.push(parseOperand());
        const sep = next();
        if (sep.text === ')') break;
        if (sep.text !== ',') throw jqlError(`Error in the JQL Query: expected ',' or ')' but got '${sep.text}'.`);
      }
      return { kind: 'clause', field, op, values };
    }
    return { kind: 'clause', field, op, values: [parseOperand()] };
  };

  const parseFactor = (): Expr => {
    if (isWord(peek(), 'NOT')) {
      next();
      return { kind: 'not', inner: parseFactor() };
    }
    if (peek()?.text === '(' && peek()?.kind === 'punct') {
      next();
      const inner = parseOr();
      if (next().text !== ')') throw jqlError("Error in the JQL Query: expected ')'.");
      return inner;
    }
    return parseClause();
  };
  const parseAnd = (): Expr => {
    let left = parseFactor();
    while (isWord(peek(), 'AND')) {
      next();
      left = { kind: 'and', left, right: parseFactor() };
    }
    return left;
  };
  const parseOr = (): Expr => {
    let left = parseAnd();
    while (isWord(peek(), 'OR')) {
      next();
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  };

  let where: Expr | null = null;
  if (pos < tokens.length && !isWord(peek(), 'ORDER')) where = parseOr();
  const orderBy: JqlQuery['orderBy'] = [];
  if (isWord(peek(), 'ORDER')) {
    next();
    if (!isWord(next(), 'BY')) throw jqlError("Error in the JQL Query: expected 'BY' after 'ORDER'.");
    for (;;) {
      const f = next().text.toLowerCase();
      if (!['created', 'updated', 'key', 'issuekey', 'id'].includes(f)) throw jqlError(`Error in the JQL Query: ordering by '${f}' is not supported.`);
      let desc = false;
      if (isWord(peek(), 'DESC') || isWord(peek(), 'ASC')) desc = next().text.toUpperCase() === 'DESC';
      orderBy.push({ field: f, desc });
      if (peek()?.text === ',') next();
      else break;
    }
  }
  if (pos < tokens.length) throw jqlError(`Error in the JQL Query: unexpected '${tokens[pos]?.text}'.`);
  return { where, orderBy };
}

/** The comparable values of a field for one issue (ids and names, lower-cased). */
function fieldValues(model: SiteModel, issue: IssueRec, field: string): string[] {
  const f = field.toLowerCase();
  const lower = (xs: Array<string | null | undefined>): string[] => xs.filter((x): x is string => typeof x === 'string' && x !== '').map((x) => x.toLowerCase());
  const project = model.projectOf(issue);
  switch (f) {
    case 'project':
      return lower([project.id, project.key, project.name]);
    case 'status': {
      const s = model.status(issue.statusId);
      return lower([s.id, s.name]);
    }
    case 'statuscategory':
      return lower([model.status(issue.statusId).category, { new: 'To Do', indeterminate: 'In Progress', done: 'Done' }[model.status(issue.statusId).category]]);
    case 'issuekey':
    case 'key':
    case 'id':
      return lower([issue.id, issue.key]);
    case 'issuetype':
    case 'type':
      return lower([issue.issueTypeId, project.issueTypes.find((t) => t.id === issue.issueTypeId)?.name]);
    case 'creator':
      return lower([issue.creator]);
    case 'created':
      return [issue.created];
    case 'updated':
      return [issue.updated];
    case 'request type':
    case 'customer request type': {
      const rt = model.requestTypes.get(String(issue.values.get(REQUEST_TYPE_FIELD_ID) ?? ''));
      return lower([rt?.id, rt?.name]);
    }
    default:
      break;
  }
  const prop = /^issue\.property\[(.+?)\](?:\.(.+))?$/i.exec(field);
  if (prop) {
    const key = (prop[1] as string).replace(/^["']|["']$/g, '');
    let v: unknown = issue.properties.get(key);
    for (const part of prop[2] ? prop[2].split('.') : []) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
    const flat = Array.isArray(v) ? v : [v];
    return flat.filter((x) => x !== undefined && x !== null).map((x) => String(x).toLowerCase());
  }
  const cf = /^cf\[([0-9]+)\]$/i.exec(field);
  const def = cf ? model.fields.get(`customfield_${cf[1]}`) : (model.fieldByIdOrKey(field) ?? [...model.fields.values()].find((x) => x.name.toLowerCase() === f));
  if (!def) throw jqlError(`Field '${field}' does not exist or you do not have permission to view it.`);
  const raw = issue.values.get(def.id);
  if (def.id === REQUEST_TYPE_FIELD_ID) return fieldValues(model, issue, 'request type');
  const flat = Array.isArray(raw) ? raw : [raw];
  return flat.filter((x) => x !== undefined && x !== null).map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x)).toLowerCase());
}

function evaluate(model: SiteModel, issue: IssueRec, expr: Expr, currentUser: string | undefined): boolean {
  if (expr.kind === 'and') return evaluate(model, issue, expr.left, currentUser) && evaluate(model, issue, expr.right, currentUser);
  if (expr.kind !== 'clause' && expr.kind !== 'not') return evaluate(model, issue, expr.left, currentUser) || evaluate(model, issue, expr.right, currentUser);
  if (expr.kind === 'not') return !evaluate(model, issue, expr.inner, currentUser);
  const actual = fieldValues(model, issue, expr.field);
  const wanted = expr.values.map((v) => (v.kind === 'currentUser' ? (currentUser ?? '').toLowerCase() : v.kind === 'empty' ? null : v.text.toLowerCase()));
  const matchesAny = wanted.some((w) => (w === null ? actual.length === 0 : actual.includes(w)));
  switch (expr.op) {
    case '=':
    case 'in':
      return matchesAny;
    case '!=':
    case 'not in':
      return !matchesAny;
    case '~':
      return wanted.some((w) => w !== null && actual.some((a) => a.includes(w)));
    case '!~':
      return !wanted.some((w) => w !== null && actual.some((a) => a.includes(w)));
    default: {
      const w = wanted[0];
      const a = actual[0];
      if (w === null || w === undefined || a === undefined) return false;
      const [x, y] = Number.isNaN(Date.parse(w)) ? [Number(a), Number(w)] : [Date.parse(a), Date.parse(w)];
      return expr.op === '<' ? x < y : expr.op === '<=' ? x <= y : expr.op === '>' ? x > y : x >= y;
    }
  }
}

/** Returns the matching issues (unfiltered by permission) in the query's order. */
export function runJql(model: SiteModel, query: JqlQuery, issues: IssueRec[], currentUser: string | undefined): IssueRec[] {
  const matched = query.where ? issues.filter((i) => evaluate(model, i, query.where as Expr, currentUser)) : [...issues];
  const order = query.orderBy.length > 0 ? query.orderBy : [{ field: 'created', desc: true }];
  const keyOf = (i: IssueRec, field: string): number => (field === 'created' ? Date.parse(i.created) : field === 'updated' ? Date.parse(i.updated) : Number(i.id));
  return matched.sort((a, b) => {
    for (const o of order) {
      const d = keyOf(a, o.field) - keyOf(b, o.field);
      if (d !== 0) return o.desc ? -d : d;
    }
    return Number(b.id) - Number(a.id);
  });
}
