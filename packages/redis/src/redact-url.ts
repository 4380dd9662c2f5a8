/**
 * A URL safe to print: any username and password replaced by `***`
 * (`redis://***:***@127.0.0.1:6379/1`). Used for every log line and error that names a Redis URL.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '') return url;
    if (parsed.username !== '') parsed.username = '***';
    if (parsed.password !== '') parsed.password = '***';
    return parsed.href;
  } catch {
    // Not a URL we can parse: hide everything between the scheme and the last '@'.
    return url.replace(/^([a-z][\w+.-]*:\/\/)[^/?#]*@/i, '$1***@');
  }
}
