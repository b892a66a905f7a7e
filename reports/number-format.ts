/** A difference with an explicit sign and a true minus (−), so a drop is visible at a glance. */
export function signed(value: number | null, digits = 4): string {
  if (value === null) return '—';
  const text = Math.abs(value).toFixed(digits);
  if (Number(text) === 0) return (0).toFixed(digits);
  return value > 0 ? `+${text}` : `−${text}`;
}

/** A p-value: three decimals, or scientific notation below 0.001. */
export function pValue(p: number | null): string {
  if (p === null) return '—';
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}
