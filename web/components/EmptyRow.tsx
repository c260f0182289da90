// The row a table shows when it has nothing to list (or is still loading).
import type { ReactNode } from 'react';

export function EmptyRow({ columns, children }: { columns: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={columns} className="empty">
        {children}
      </td>
    </tr>
  );
}
