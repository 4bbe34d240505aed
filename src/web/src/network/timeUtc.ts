/** "00:13:58" from unix seconds or ms: the network page shows the chain's clock in UTC throughout. */
export const timeUtc = (t: number) => new Date(t < 1e12 ? t * 1000 : t).toISOString().slice(11, 19)
