/** Time, as the app layer sees it: the domain takes `now` as an argument, the app asks here. */
export interface Clock {
  /** ISO timestamp. */
  now(): string;
}
