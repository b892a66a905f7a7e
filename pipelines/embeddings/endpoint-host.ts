/** The host an OpenAI-compatible endpoint is known by in model ids and messages. */
export function endpointHostOf(baseURL: string | undefined): string {
  if (!baseURL) return 'api.openai.com';
  try {
    return new URL(baseURL).host;
  } catch {
    return baseURL;
  }
}
