/** What a route handler receives and returns; transport and validation are the site's job. */
import { type OpContext } from '../issue-operations';
import { type SiteModel } from '../site-model';
import { type SiteCaller } from '../site-types';

export interface RouteContext {
  model: SiteModel;
  caller: SiteCaller;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  rawBody: string | undefined;
  op: OpContext;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type RouteHandler = (ctx: RouteContext) => RouteResult;

export type Json = Record<string, unknown>;

/** A request body (or part of one) as an object; anything else reads as `{}`. */
export const asObject = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
