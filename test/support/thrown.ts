/** What `action` throws, or `undefined` when it returns: for tests that assert on the error itself. */
export function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}
