/**
 * The whole endpoint without credentials, for cache keys: scheme, host, port and path (two
 * servers behind one host differ by path); user:password and the query string (which may carry
 * a key) are left out.
 */
export function endpointIdOf(baseURL: string | undefined): string {
  if (!baseURL) return 'https://api.openai.com/v1';
  try {
    const url = new URL(baseURL);
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return baseURL.replace(/\/\/[^/@]*@/, '//').replace(/[?#].*$/, '');
  }
}

/** The host an OpenAI-compatible endpoint is known by in model ids and messages. */
export function endpointHostOf(baseURL: string | undefined): string {
  if (!baseURL) return 'api.openai.com';
  try {
    return new URL(baseURL).host;
  } catch {
    return baseURL;
  }
}
