'use client';
// An error as the marketer reads it (lib/error-words.ts), with a Retry button when the page
// can try again: a load polled by useApi reloads, an action runs again.
export function ErrorNotice({ error, onRetry }: { error?: string; onRetry?: () => void }) {
  if (!error) return null;
  return (
    <p className="notice error" role="alert" data-testid="error-notice">
      {error}
      {onRetry && (
        <>
          {' '}
          <button type="button" className="button small" data-testid="retry" onClick={onRetry}>
            Retry
          </button>
        </>
      )}
    </p>
  );
}
