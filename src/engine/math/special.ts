/**
 * erf(x) by W. J. Cody's rational approximations (absolute error about 1e-12 over the real line).
 * GELU's exact form (PyTorch's default) needs it; the error is far too small and too smooth to disturb
 * the finite-difference gradient check.
 */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 0.5) {
    const t = x * x;
    const top = (((0.185777706184603153 * t + 3.16112374387056560) * t + 113.864154151050156) * t + 377.485237685302021) * t + 3209.37758913846947;
    const bot = (((t + 23.6012909523441209) * t + 244.024637934444173) * t + 1282.61652607737228) * t + 2844.23683343917062;
    return x * top / bot;
  }
  const c = erfcPositive(ax);
  return x < 0 ? c - 1 : 1 - c;
}

function erfcPositive(ax: number): number {
  if (ax < 4) {
    const top = (((((((5.64188496988670089e-1 * ax + 8.88314979438837594) * ax + 66.1191906371416295) * ax + 298.635138197400131) * ax + 881.952221241769090) * ax + 1712.04761263407058) * ax + 2051.07837782607147) * ax + 1230.33935479799725);
    const bot = (((((((ax + 15.7449261107098347) * ax + 117.693950891312499) * ax + 537.181101862009858) * ax + 1621.38957456669019) * ax + 3290.79923573345963) * ax + 4362.61909014324716) * ax + 3439.36767414372164) * ax + 1230.33935480374942;
    return Math.exp(-ax * ax) * top / bot;
  }
  if (ax > 27) return 0;
  const z = 1 / (ax * ax);
  const top = ((((0.0163153871373020978 * z + 0.305326634961232344) * z + 0.360344899949804439) * z + 0.125781726111229246) * z + 0.0160837851487422766) * z;
  const bot = ((((z + 2.56852019228982242) * z + 1.87295284992346725) * z + 0.527905102951428412) * z + 0.0605183413124413191);
  const INV_SQRT_PI = 0.5641895835477563;
  return Math.exp(-ax * ax) / ax * (INV_SQRT_PI - top / bot);
}
