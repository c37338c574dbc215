const STORAGE_KEY = 'nwb.token';

/**
 * The browser host's session token: taken from `?token=` once, then kept in sessionStorage and removed
 * from the visible URL so it does not end up in bookmarks, screenshots or the history.
 */
export function takeToken(location: Location, history: History, storage: Storage): string | null {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    storage.setItem(STORAGE_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return storage.getItem(STORAGE_KEY);
}
