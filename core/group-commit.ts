// Group commit: callers each ask for one item to be written and wait until it is; the items
// that arrive while a write is under way go together in the next one. A mailing sends emails
// many at once, and two statements per email (handed over, sent) were most of its database
// round trips; grouped, they cost one statement per group and no caller waits longer than the
// write before its own plus its own.
export function groupCommit<T>(write: (items: T[]) => Promise<void>): (item: T) => Promise<void> {
  let waiting: { item: T; resolve: () => void; reject: (err: unknown) => void }[] = [];
  let writing = false;
  async function drain() {
    writing = true;
    while (waiting.length > 0) {
      const group = waiting;
      waiting = [];
      try {
        await write(group.map((g) => g.item));
        for (const g of group) g.resolve();
      } catch (err) {
        for (const g of group) g.reject(err);
      }
    }
    writing = false;
  }
  return (item) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (!writing) void drain();
    });
}
