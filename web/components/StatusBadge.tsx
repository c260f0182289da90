// A coloured pill for a campaign or journey status; the colour comes from globals.css.
const words: Record<string, string> = {
  draft: 'Draft',
  active: 'Active',
  paused: 'Paused',
  stopped: 'Stopped',
  archived: 'Archived',
  starting: 'Starting',
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge badge-${status}`} data-testid="status-badge">
      {words[status] ?? status}
    </span>
  );
}
