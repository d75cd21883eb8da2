import { useRef, useState, type KeyboardEvent } from 'react';

/** Moves the item at `from` to `to`, returning a new array. */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= items.length || from === to) return [...items];
  const next = [...items];
  const [moved] = next.splice(from, 1);
  if (moved !== undefined) next.splice(to, 0, moved);
  return next;
}

/**
 * Reordering a list by keyboard (Alt+↑/↓ on a row, or its move buttons) and by mouse (HTML drag
 * and drop), with the moved row keeping focus and a polite announcement of where it landed.
 */
export function useReorderable<T>(
  items: readonly T[],
  setItems: (items: T[]) => void,
  describe: (item: T, position: number, count: number) => string,
) {
  const [announcement, setAnnouncement] = useState('');
  const dragged = useRef<number | null>(null);
  const [dropTarget, setDropTarget] = useState<number | null>(null);

  function move(from: number, to: number, focusSelector?: string) {
    if (to < 0 || to >= items.length) return;
    const next = moveItem(items, from, to);
    setItems(next);
    const item = next[to];
    if (item !== undefined) setAnnouncement(describe(item, to + 1, next.length));
    if (focusSelector) {
      // After React has moved the row: keep the admin's focus on the thing they moved.
      requestAnimationFrame(() => {
        const rows = document.querySelectorAll<HTMLElement>('[data-reorder-row]');
        rows[to]?.querySelector<HTMLElement>(focusSelector)?.focus();
      });
    }
  }

  function rowProps(index: number) {
    return {
      'data-reorder-row': true,
      className: dropTarget === index ? 'drop-target' : undefined,
      onKeyDown(event: KeyboardEvent<HTMLElement>) {
        if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
        event.preventDefault();
        const active = document.activeElement as HTMLElement | null;
        const selector = active?.dataset.reorderFocus
          ? `[data-reorder-focus="${active.dataset.reorderFocus}"]`
          : '[data-reorder-focus="handle"]';
        move(index, event.key === 'ArrowUp' ? index - 1 : index + 1, selector);
      },
      onDragOver(event: React.DragEvent<HTMLElement>) {
        if (dragged.current === null) return;
        event.preventDefault();
        setDropTarget(index);
      },
      onDragLeave() {
        setDropTarget((current) => (current === index ? null : current));
      },
      onDrop(event: React.DragEvent<HTMLElement>) {
        event.preventDefault();
        if (dragged.current !== null) move(dragged.current, index);
        dragged.current = null;
        setDropTarget(null);
      },
    };
  }

  /** Only the handle starts a drag, so text in the row's inputs can still be selected. */
  function handleProps(index: number) {
    return {
      draggable: true,
      'data-reorder-focus': 'handle',
      onDragStart(event: React.DragEvent<HTMLElement>) {
        dragged.current = index;
        event.dataTransfer.effectAllowed = 'move';
        event.dataTransfer.setData('text/plain', String(index));
        const row = event.currentTarget.closest<HTMLElement>('[data-reorder-row]');
        if (row) event.dataTransfer.setDragImage(row, 16, 16);
      },
      onDragEnd() {
        dragged.current = null;
        setDropTarget(null);
      },
    };
  }

  return { move, rowProps, handleProps, announcement, announce: setAnnouncement };
}

/**
 * The ↑ / ↓ buttons of a reorderable row. Each keeps focus on itself after the move
 * (`data-reorder-focus`), so pressing it again keeps moving the same row.
 */
export function MoveButtons({
  index,
  count,
  onMove,
  upLabel,
  downLabel,
}: {
  index: number;
  count: number;
  onMove: (from: number, to: number, focusSelector: string) => void;
  upLabel: string;
  downLabel: string;
}) {
  return (
    <>
      <button
        type="button"
        className="button-small button-secondary"
        data-reorder-focus="up"
        disabled={index === 0}
        aria-label={upLabel}
        onClick={() => onMove(index, index - 1, '[data-reorder-focus="up"]')}
      >
        ↑
      </button>
      <button
        type="button"
        className="button-small button-secondary"
        data-reorder-focus="down"
        disabled={index === count - 1}
        aria-label={downLabel}
        onClick={() => onMove(index, index + 1, '[data-reorder-focus="down"]')}
      >
        ↓
      </button>
    </>
  );
}
